// SQL checks through the RDS Data API (Aurora with its HTTP endpoint): no network path to the restored cluster is
// needed. The session is a Data API transaction made READ ONLY with a local statement timeout, rolled back at the
// end. PostgreSQL only: Aurora MySQL takes a transaction's access mode before it begins, which the Data API's
// BeginTransaction does not let a caller set.
import {
  BeginTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type Field,
  type RDSDataClient,
} from '@aws-sdk/client-rds-data';
import { CheckSetupError, type SqlSession } from '../types';
import { firstLine, messageOf, SqlQueryError, withoutQuotedValues } from './driver-errors';

export interface DataApiTarget {
  client: RDSDataClient;
  resourceArn: string;
  secretArn: string;
  database: string;
  engine: 'postgres' | 'mysql';
}

export async function openDataApiSession(target: DataApiTarget, options: { statementTimeoutMs: number }): Promise<SqlSession> {
  if (target.engine !== 'postgres') {
    throw new CheckSetupError('the RDS Data API cannot open a read-only transaction on Aurora MySQL: run these checks over a connection (dataApi: false)');
  }
  const { client, resourceArn, secretArn, database } = target;
  let transactionId: string | undefined;
  try {
    transactionId = (await client.send(new BeginTransactionCommand({ resourceArn, secretArn, database }))).transactionId;
  } catch (error) {
    throw new CheckSetupError(`could not open a Data API transaction on ${resourceArn}: ${firstLine(messageOf(error))}`);
  }
  if (!transactionId) throw new CheckSetupError(`the Data API opened no transaction on ${resourceArn}`);
  const run = (sql: string) => client.send(new ExecuteStatementCommand({ resourceArn, secretArn, database, sql, transactionId }));
  try {
    await run('SET TRANSACTION READ ONLY');
    await run(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs))}`);
  } catch (error) {
    // Never leave an open transaction behind a session that could not be made read-only.
    await client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId })).catch(() => undefined);
    throw new CheckSetupError(`could not make the Data API transaction read-only: ${firstLine(messageOf(error))}`);
  }

  let closed = false;
  return {
    // Each check runs after a savepoint: in PostgreSQL a failed statement aborts the whole transaction, and one bad
    // check must not fail the checks after it.
    async scalar(sql) {
      await run('SAVEPOINT drdrill_check');
      try {
        const out = await run(sql);
        await run('RELEASE SAVEPOINT drdrill_check');
        const records = out.records ?? [];
        return { value: fieldValue(records[0]?.[0]), rowCount: records.length };
      } catch (error) {
        await run('ROLLBACK TO SAVEPOINT drdrill_check').catch(() => undefined);
        // The Data API quotes offending values in data errors: they must not reach a report.
        throw new SqlQueryError(withoutQuotedValues(firstLine(messageOf(error))));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId })).catch(() => undefined);
    },
  };
}

function fieldValue(field: Field | undefined): unknown {
  if (!field || field.isNull) return null;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.stringValue !== undefined) return field.stringValue;
  return '(binary or array)';
}

