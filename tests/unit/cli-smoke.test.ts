// dr-drill smoke against AWS (its local run is tests/statemachines/smoke-local.test.ts): every flag problem is
// found before any AWS call, a missing stack costs no throwaway table, and the finally path deletes the table when
// a later step fails.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  BackupClient,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { bufferOutput } from '../../cli/index';
import { smokeCommand, DEPLOYED_PLAN, type SmokeOptions } from '../../cli/commands/smoke';
import { smokeSettings } from '../../cli/smoke/settings';
import { smokePlan } from '../../cli/smoke/smoke';
import { checkPlan } from '../../lib/plan/load';
import { nhsRestorePlan } from '../statemachines/example-plans';
import { fakeWorld, noSuchStack, stack, type FakeWorld } from './cli-aws-fixtures';
import { ACCOUNT, DRILL_SM, FakeHistories, History } from './cli-drill-history';
import { drillIdFor } from '../../lib/drill/names';

const cfn = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);
const backup = mockClient(BackupClient);
const sfn = mockClient(SFNClient);
const SOURCE = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform';
const DR = 'arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-patient-platform-dr';
const ROLE = 'arn:aws:iam::111122223333:role/dr-drill-backup-restore';
const NO_CONFIG = mkdtempSync(join(tmpdir(), 'smoke-config-'));
let world: FakeWorld;

async function smoke(options: Partial<SmokeOptions> = {}) {
  const io = bufferOutput();
  const deps = { ...world.deps, backup: (region: string) => (world.regions.push(`backup@${region}`), new BackupClient({ region })) };
  const code = await smokeCommand({ stage: 'prod', plan: DEPLOYED_PLAN, configDir: NO_CONFIG, ...options }, io, deps, new AbortController().signal);
  return { code, ...io };
}

const notFound = () => Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  for (const m of [cfn, dynamodb, backup, sfn]) m.reset();
  world = fakeWorld();
});

describe('dr-drill smoke: its settings', () => {
  const plan = nhsRestorePlan();

  it("defaults the vaults and the role to the deployed plan's first target", () => {
    const checked = smokeSettings({ stage: 'prod' }, plan, undefined);
    expect(checked).toEqual({
      ok: true,
      settings: expect.objectContaining({ stage: 'prod', primaryRegion: 'eu-west-1', drRegion: 'eu-west-2', sourceVault: plan.targets[0]!.sourceVault, drVault: plan.targets[0]!.drVault, backupRole: plan.targets[0]!.backupRoleArn }),
    });
  });

  it('names the flag that fixes each problem', () => {
    const checked = smokeSettings({ stage: 'prod', sourceVault: DR, drVault: 'vault', backupRole: 'arn:aws:iam::999999999999:role/x' }, plan, undefined);
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems).toEqual([
      expect.stringMatching(/^--source-vault .*must be in the plan's primary region eu-west-1/),
      expect.stringMatching(/^--dr-vault vault: must be a backup vault ARN/),
      'the vaults and the role name different accounts (111122223333, 999999999999): smoke runs in one account',
    ]);
  });

  it('refuses vaults and a role the stage config does not let the stack touch', () => {
    const config = { file: 'config/prod.yml', backupVaults: [SOURCE], backupRoles: [ROLE], allowedRegions: ['eu-west-1', 'eu-west-2'] };
    const checked = smokeSettings({ stage: 'prod', sourceVault: SOURCE, drVault: DR, backupRole: `${ROLE}-other` }, plan, config);
    expect(checked.ok ? [] : checked.problems).toEqual([
      `--dr-vault ${DR}: not in backupVaults of config/prod.yml, so the deployed stack may not use it`,
      `--backup-role ${ROLE}-other: not in backupRoles of config/prod.yml, so the deployed stack may not pass it to AWS Backup`,
    ]);
  });

  it('builds a valid one-target plan for the throwaway table, copies not kept', () => {
    const checked = smokeSettings({ stage: 'prod' }, plan, undefined);
    if (!checked.ok) throw new Error('settings');
    const built = checkPlan(smokePlan(checked.settings, 'arn:aws:dynamodb:eu-west-1:111122223333:table/drdrill-0badcafe-smoke'));
    expect(checked.ok && built.ok).toBe(true);
    if (built.ok) expect(built.plan).toMatchObject({ keepCopies: false, targets: [{ id: 'smoke', type: 'dynamodb' }], schedule: { enabled: false } });
  });
});

describe('dr-drill smoke against AWS', () => {
  it('stops at a flag problem before any AWS call', async () => {
    const { code, stderr } = await smoke({ drVault: 'not-a-vault' });
    expect(code).toBe(2);
    expect(stderr).toEqual([expect.stringMatching(/^dr-drill smoke: --dr-vault not-a-vault: must be a backup vault ARN/)]);
    expect(world.regions).toEqual([]);
  });

  it('creates nothing when the stack is not deployed', async () => {
    cfn.on(DescribeStacksCommand).rejects(noSuchStack('dr-drill-prod'));
    const { code, stderr } = await smoke();
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/no stack dr-drill-prod in eu-west-2/);
    expect(dynamodb).not.toHaveReceivedCommand(CreateTableCommand);
  });

  it('deletes its table when the backup cannot start, and says the smoke did not pass', async () => {
    cfn.on(DescribeStacksCommand).resolves(stack());
    dynamodb.on(CreateTableCommand).resolves({ TableDescription: { TableArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/drdrill-x-smoke', TableStatus: 'CREATING' } });
    dynamodb.on(DescribeTableCommand).resolvesOnce({ Table: { TableStatus: 'ACTIVE' } }).resolvesOnce({ Table: { TableStatus: 'ACTIVE' } }).rejects(notFound());
    dynamodb.on(PutItemCommand).resolves({});
    dynamodb.on(DeleteTableCommand).resolves({});
    backup.on(StartBackupJobCommand).rejects(Object.assign(new Error('not authorized to perform: iam:PassRole'), { name: 'AccessDeniedException' }));

    const { code, stdout } = await smoke();

    expect(code).toBe(1);
    expect(backup).toHaveReceivedCommandWith(StartBackupJobCommand, { BackupVaultName: 'nhs-patient-platform', IamRoleArn: expect.stringMatching(/^arn:aws:iam::/), IdempotencyToken: expect.stringMatching(/^dr-drill-smoke-d[0-9a-f]{8}$/) });
    expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 5);
    expect(dynamodb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: expect.stringMatching(/^drdrill-[0-9a-f]{8}-smoke$/) });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(stdout).toEqual(expect.arrayContaining([expect.stringMatching(/^✓ deleted table drdrill-[0-9a-f]{8}-smoke \(eu-west-1\)$/), expect.stringMatching(/^✗ smoke did not pass: AccessDeniedException/)]));
    expect(world.regions).toEqual(expect.arrayContaining(['cloudformation@eu-west-2', 'dynamodb@eu-west-1', 'backup@eu-west-1']));
  });

  it('reads config/<stage>.yml and refuses before any AWS call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoke-config-'));
    writeFileSync(join(dir, 'prod.yml'), 'backupVaults: []\n');
    const { code, stderr } = await smoke({ configDir: dir });
    expect(code).toBe(2);
    expect(stderr[0]).toMatch(/--source-vault .*not in backupVaults of .*prod\.yml/);
    expect(world.regions).toEqual([]);
  });

  it('backs up, starts the drill as start --wait does, follows it to PASSED, and deletes its table and recovery point', async () => {
    const arn = `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-drill:smoke-20250304T030000-priya`;
    const restored = `drdrill-${drillIdFor(arn).slice(1)}-smoke`;
    const rp = 'arn:aws:backup:eu-west-1:111122223333:recovery-point:5A1B2C3D-0000-1111-2222-333344445555';
    let deleted = false;
    cfn.on(DescribeStacksCommand).resolves(stack());
    dynamodb.on(CreateTableCommand).callsFake((input: { TableName: string }) => ({ TableDescription: { TableArn: `arn:aws:dynamodb:eu-west-1:111122223333:table/${input.TableName}`, TableStatus: 'CREATING' } }));
    dynamodb.on(DescribeTableCommand).callsFake((input: { TableName: string }) => {
      if (input.TableName === restored || deleted) throw notFound();
      return { Table: { TableStatus: 'ACTIVE' } };
    });
    dynamodb.on(PutItemCommand).resolves({});
    dynamodb.on(DeleteTableCommand).callsFake(() => ((deleted = true), {}));
    backup.on(StartBackupJobCommand).resolves({ BackupJobId: 'job-1', RecoveryPointArn: rp });
    backup.on(DescribeBackupJobCommand).resolves({ State: 'COMPLETED', RecoveryPointArn: rp });
    backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [{ State: 'COMPLETED' }] });
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
    backup.on(DeleteRecoveryPointCommand).resolves({});
    backup.on(DescribeRecoveryPointCommand).rejects(notFound());
    sfn.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date('2025-03-04T03:00:00.000Z') });
    new FakeHistories({ [arn]: new History().started({}).task('Check Plan').task('Build Report').succeeded({ verdict: 'PASSED', headline: 'smoke passed' }).events }, 100).serve(sfn);
    world.onSleep = Array.from({ length: 5 }, () => () => undefined);

    const { code, stdout } = await smoke();

    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: DRILL_SM, name: 'smoke-20250304T030000-priya' });
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input ?? '{}') as { plan: { targets: { resourceArn: string }[]; keepCopies: boolean }; trigger: unknown };
    expect(input.plan.targets[0]!.resourceArn).toMatch(/^arn:aws:dynamodb:eu-west-1:111122223333:table\/drdrill-[0-9a-f]{8}-smoke$/);
    expect(input.plan.keepCopies).toBe(false);
    expect(input.trigger).toEqual({ kind: 'cli', by: 'priya@oncall-7 (dr-drill smoke)' });
    expect(backup).toHaveReceivedCommandWith(DeleteRecoveryPointCommand, { BackupVaultName: 'nhs-patient-platform', RecoveryPointArn: rp });
    expect(dynamodb).toHaveReceivedCommandTimes(DeleteTableCommand, 1);
    expect(stdout).toEqual(expect.arrayContaining([expect.stringMatching(/^✓ nothing smoke made is left/), expect.stringMatching(/^✓ smoke passed/)]));
  });
});
