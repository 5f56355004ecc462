// SQL checks through the RDS Data API: a read-only transaction with a local statement timeout, always rolled back.
import { mockClient } from 'aws-sdk-client-mock';
import {
  BeginTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { openDataApiSession } from '../../lib/checks/sql/data-api';
import { CheckSetupError } from '../../lib/checks/types';

const rdsData = mockClient(RDSDataClient);
const target = {
  client: new RDSDataClient({ region: 'eu-west-2' }),
  resourceArn: 'arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-1a2b3c4d-patients-db',
  secretArn: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:dr-drill/patients-ro-AbCdEf',
  database: 'patients',
  engine: 'postgres' as const,
};

beforeEach(() => {
  rdsData.reset();
  rdsData.on(BeginTransactionCommand).resolves({ transactionId: 'tx-1' });
  rdsData.on(RollbackTransactionCommand).resolves({});
});

describe('RDS Data API session', () => {
  it('opens a read-only transaction with the statement timeout before any check runs', async () => {
    rdsData.on(ExecuteStatementCommand).resolves({ records: [[{ longValue: 4200 }]] });

    const session = await openDataApiSession(target, { statementTimeoutMs: 30_000 });
    const answer = await session.scalar('SELECT count(*) FROM patients');
    await session.close();

    const statements = rdsData.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);
    expect(statements.map((s) => s.sql)).toEqual([
      'SET TRANSACTION READ ONLY',
      'SET LOCAL statement_timeout = 30000',
      'SAVEPOINT drdrill_check',
      'SELECT count(*) FROM patients',
      'RELEASE SAVEPOINT drdrill_check',
    ]);
    expect(statements.every((s) => s.transactionId === 'tx-1' && s.resourceArn === target.resourceArn && s.database === 'patients')).toBe(true);
    expect(answer).toEqual({ value: 4200, rowCount: 1 });
    expect(rdsData.commandCalls(RollbackTransactionCommand)).toHaveLength(1);
  });

  it('answers null for a NULL and the row count for several rows', async () => {
    rdsData.on(ExecuteStatementCommand).resolves({ records: [[{ isNull: true }], [{ isNull: true }]] });

    const session = await openDataApiSession(target, { statementTimeoutMs: 1000 });

    await expect(session.scalar('SELECT max(updated_at) FROM patients')).resolves.toEqual({ value: null, rowCount: 2 });
  });

  it('rolls back and refuses to run checks when the transaction cannot be made read-only', async () => {
    rdsData.on(ExecuteStatementCommand).rejects(new Error('permission denied'));

    await expect(openDataApiSession(target, { statementTimeoutMs: 1000 })).rejects.toThrow(CheckSetupError);
    expect(rdsData.commandCalls(RollbackTransactionCommand)).toHaveLength(1);
  });

  it('refuses Aurora MySQL, whose transactions cannot be made read-only through the Data API', async () => {
    await expect(openDataApiSession({ ...target, engine: 'mysql' }, { statementTimeoutMs: 1000 })).rejects.toThrow(/Aurora MySQL/);
    expect(rdsData.commandCalls(BeginTransactionCommand)).toHaveLength(0);
  });

  it('rolls back to the savepoint after a failed check, without the value the error quoted', async () => {
    rdsData.on(ExecuteStatementCommand).resolves({ records: [] });
    rdsData.on(ExecuteStatementCommand, { sql: 'SELECT bad' }).rejects(new Error('invalid input syntax for type integer: "Test Patient 0001"'));

    const session = await openDataApiSession(target, { statementTimeoutMs: 1000 });
    const failure = session.scalar('SELECT bad');

    await expect(failure).rejects.toThrow('invalid input syntax for type integer: "…"');
    const sqls = rdsData.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.sql);
    expect(sqls.slice(-1)).toEqual(['ROLLBACK TO SAVEPOINT drdrill_check']);
    await expect(session.scalar('SELECT 1')).resolves.toEqual({ value: null, rowCount: 0 });
  });

  it('closes once, however often it is asked', async () => {
    const session = await openDataApiSession(target, { statementTimeoutMs: 1000 });

    await session.close();
    await session.close();

    expect(rdsData.commandCalls(RollbackTransactionCommand)).toHaveLength(1);
  });
});
