import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  BackupClient,
  BackupServiceException,
  GetBackupPlanCommand,
  ListRecoveryPointsByBackupVaultCommand,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { findRecoveryPoint } from '../../../functions/find-recovery-point/find-recovery-point';
import { ACCOUNT, OUTSIDE_REGION, STARTED_AT, childState, regionsOf, testDeps, type ChildState } from './fixtures';

const backup = mockClient(BackupClient);
const CLUSTER_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db`;

/** A recovery point as AWS Backup lists it; `at` is its CreationDate. */
function point(at: string, status: RecoveryPointByBackupVault['Status'] = 'COMPLETED'): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:awsbackup:job-${Date.parse(at).toString(16)}`,
    BackupVaultName: 'nhs-patient-platform',
    BackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`,
    ResourceArn: CLUSTER_ARN,
    ResourceType: 'Aurora',
    CreationDate: new Date(at),
    CompletionDate: new Date(Date.parse(at) + 20 * 60_000),
    Status: status,
  };
}

const throttling = () =>
  new BackupServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });

let state: ChildState;

beforeEach(async () => {
  backup.reset();
  state = await childState('patients-db');
});

describe('findRecoveryPoint (Find Latest Recovery Point)', () => {
  it('answers the newest completed recovery point created before the drill started, across pages', async () => {
    const newest = point('2025-03-03T22:00:00.000Z');
    const pages = [
      {
        RecoveryPoints: [point('2025-03-02T22:00:00.000Z'), point('2025-03-04T02:30:00.000Z'), point('2025-03-04T01:00:00.000Z', 'PARTIAL')],
        NextToken: 'page-2',
      },
      { RecoveryPoints: [newest, point('2025-03-04T01:30:00.000Z', 'EXPIRED'), point('2025-02-20T22:00:00.000Z')] },
    ];
    // Copied when sent: the SDK paginator reuses one input object for every page.
    const requests: unknown[] = [];
    backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages.shift();
    });

    const found = await findRecoveryPoint(state, testDeps());

    // Points not made by a backup plan (no CreatedBy): no copy rule is known, so the drill copies (source copy).
    expect(found).toMatchObject({ arn: newest.RecoveryPointArn, createdAt: '2025-03-03T22:00:00.000Z', restoreArn: null, copyArn: newest.RecoveryPointArn });
    expect(found.choice).toMatchObject({ source: 'copy', dr: null, copyRule: null, restored: { arn: newest.RecoveryPointArn, vault: 'nhs-patient-platform', chosen: 'latest' } });
    expect(requests).toEqual([
      { BackupVaultName: 'nhs-patient-platform', ByResourceArn: CLUSTER_ARN },
      { BackupVaultName: 'nhs-patient-platform', ByResourceArn: CLUSTER_ARN, NextToken: 'page-2' },
    ]);
  });

  it('asks the source vault in the primary region, not the DR region the Lambda runs in', async () => {
    backup
      .on(ListRecoveryPointsByBackupVaultCommand)
      .resolvesOnce({ RecoveryPoints: [point('2025-03-03T20:00:00.000Z')], NextToken: 'page-2' })
      .resolvesOnce({ RecoveryPoints: [point('2025-03-03T22:00:00.000Z')] });

    await findRecoveryPoint(state, testDeps());

    expect(await regionsOf(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand))).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('accepts a recovery point created at the very moment the drill started', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point(STARTED_AT)] });

    const found = await findRecoveryPoint(state, testDeps());

    expect(found.createdAt).toBe(STARTED_AT);
  });

  it('refuses with NoRecoveryPointError when the vault holds no completed recovery point of the resource', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('2025-03-03T22:00:00.000Z', 'PARTIAL')] });

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({
      name: 'NoRecoveryPointError',
      message: `no completed snapshot recovery point of ${CLUSTER_ARN} in vault nhs-patient-platform (eu-west-1) created before the drill started (continuous backups cannot be copied: add a snapshot backup rule)`,
    });
  });

  it('skips a continuous recovery point newer than the snapshots: StartCopyJob cannot copy it and its CreationDate is not its data age', async () => {
    const snapshot = point('2025-03-03T22:00:00.000Z');
    const continuous: RecoveryPointByBackupVault = {
      ...point('2025-03-04T01:00:00.000Z'),
      RecoveryPointArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:continuous:db-abcdefghijklmnopqrstuvwxyz-1a2b3c4d`,
    };
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [continuous, snapshot] });

    const found = await findRecoveryPoint(state, testDeps());

    expect(found).toMatchObject({ arn: snapshot.RecoveryPointArn, createdAt: '2025-03-03T22:00:00.000Z', copyArn: snapshot.RecoveryPointArn });
  });

  it('refuses with NoRecoveryPointError when the only completed recovery point is continuous', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({
      RecoveryPoints: [{ ...point('2025-03-04T01:00:00.000Z'), RecoveryPointArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:continuous:db-only` }],
    });

    await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({ name: 'NoRecoveryPointError', message: expect.stringContaining('continuous backups cannot be copied') });
  });

  it('refuses with NoRecoveryPointError when every completed recovery point is newer than the drill', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('2025-03-04T02:00:01.000Z')] });

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'NoRecoveryPointError' });
  });

  it('refuses with NoRecoveryPointError when the vault lists nothing at all', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({});

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'NoRecoveryPointError' });
  });

  it('turns throttling into TransientAwsError, which the state machine retries, keeping the original as cause', async () => {
    const original = throttling();
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(original);

    const error = await findRecoveryPoint(state, testDeps()).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
    expect((error as Error).cause).toBe(original);
  });

  it('lets an access denial through under its own name, so it is never retried', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(
      new BackupServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'User is not authorized to perform: backup:ListRecoveryPointsByBackupVault',
      }),
    );

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('refuses a source region outside the residency policy before any AWS call', async () => {
    state.drill.sourceRegion = OUTSIDE_REGION;

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({
      name: 'ResidencyViolationError',
      message: 'target patients-db source vault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
    });
    expect(backup.calls()).toHaveLength(0);
  });

  it('refuses a payload without the drill names with BadPayloadError', async () => {
    const { names: _names, ...event } = state;

    const run = findRecoveryPoint(event, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(backup.calls()).toHaveLength(0);
  });

  describe('which recovery point, from which vault (issue 13)', () => {
    const PLAN_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
    const RULE_ID = 'b1b2c3d4-0000-4000-8000-000000000002';
    const DR_VAULT_ARN = `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`;
    const byPlan = (p: RecoveryPointByBackupVault): RecoveryPointByBackupVault => ({ ...p, CreatedBy: { BackupPlanId: PLAN_ID, BackupPlanVersion: 'v7', BackupRuleId: RULE_ID } });
    /** A copy in the DR vault: AWS Backup keeps the source's CreationDate on it. */
    const drCopy = (at: string): RecoveryPointByBackupVault => ({
      ...point(at),
      RecoveryPointArn: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster-snapshot:awsbackup:copyjob-${Date.parse(at).toString(16)}`,
      BackupVaultName: 'nhs-patient-platform-dr',
      BackupVaultArn: DR_VAULT_ARN,
      SourceBackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`,
    });
    const plan = (copyTo: string[]) => ({
      BackupPlanId: PLAN_ID,
      VersionId: 'v7',
      BackupPlan: {
        BackupPlanName: 'nhs-daily',
        Rules: [{ RuleName: 'daily-35d', RuleId: RULE_ID, TargetBackupVaultName: 'nhs-patient-platform', CopyActions: copyTo.map((arn) => ({ DestinationBackupVaultArn: arn })) }],
      },
    });
    const vaults = (primary: RecoveryPointByBackupVault[], dr: RecoveryPointByBackupVault[]) =>
      backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: { BackupVaultName: string }) => ({ RecoveryPoints: input.BackupVaultName === 'nhs-patient-platform-dr' ? dr : primary }));

    it('restores the DR vault\'s newest copy where it is when the rule that made the newest point copies to the DR vault, and measures the RPO on it', async () => {
      vaults([byPlan(point('2025-03-03T22:00:00.000Z'))], [drCopy('2025-03-02T22:00:00.000Z'), drCopy('2025-03-03T20:00:00.000Z')]);
      backup.on(GetBackupPlanCommand).resolves(plan([DR_VAULT_ARN]));

      const found = await findRecoveryPoint(state, testDeps());

      expect(found).toMatchObject({ createdAt: '2025-03-03T20:00:00.000Z', restoreArn: found.arn, copyArn: null });
      expect(found.choice).toMatchObject({
        source: 'dr-vault',
        why: 'dr-vault: backup plan nhs-daily rule daily-35d copies to the DR vault',
        primary: { createdAt: '2025-03-03T22:00:00.000Z' },
        dr: { createdAt: '2025-03-03T20:00:00.000Z' },
        copyRule: 'backup plan nhs-daily rule daily-35d',
        restored: { vault: 'nhs-patient-platform-dr', chosen: 'latest' },
      });
      // The plan version the point names, asked in the plan's (the source vault's) region; the DR vault in the DR region.
      expect(backup.commandCalls(GetBackupPlanCommand).map((c) => c.args[0].input)).toEqual([{ BackupPlanId: PLAN_ID, VersionId: 'v7' }]);
      expect(await regionsOf(backup.commandCalls(GetBackupPlanCommand))).toEqual(['eu-west-1']);
      const listed = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand);
      expect(await regionsOf(listed)).toEqual(['eu-west-1', 'eu-west-2']);
    });

    it('copies (as before) when no rule of the backup plan copies to the DR vault, and says so', async () => {
      vaults([byPlan(point('2025-03-03T22:00:00.000Z'))], []);
      backup.on(GetBackupPlanCommand).resolves(plan([]));

      const found = await findRecoveryPoint(state, testDeps());

      expect(found.choice.source).toBe('copy');
      expect(found.choice.why).toBe('copy: no rule of backup plan nhs-daily copies to the DR vault nhs-patient-platform-dr');
      expect(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand)).toHaveLength(1);
    });

    it('fails with NoDrVaultCopyError naming the copy rule when the DR vault holds no copy', async () => {
      vaults([byPlan(point('2025-03-03T22:00:00.000Z'))], []);
      backup.on(GetBackupPlanCommand).resolves(plan([DR_VAULT_ARN]));

      await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({
        name: 'NoDrVaultCopyError',
        message: expect.stringContaining(`backup plan nhs-daily rule daily-35d should copy it there (its copy action targets ${DR_VAULT_ARN})`),
      });
    });

    it('fails with NoDrVaultCopyError saying no rule copies there when the plan asks for dr-vault', async () => {
      state.target.recoveryPoint = { source: 'dr-vault' };
      vaults([byPlan(point('2025-03-03T22:00:00.000Z'))], []);
      backup.on(GetBackupPlanCommand).resolves(plan([]));

      await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({
        name: 'NoDrVaultCopyError',
        message: expect.stringContaining('no rule of backup plan nhs-daily copies to the DR vault nhs-patient-platform-dr'),
      });
    });

    it('both: restores the DR vault\'s copy and copies the primary vault\'s newest point', async () => {
      state.target.recoveryPoint = { source: 'both' };
      const primary = byPlan(point('2025-03-03T22:00:00.000Z'));
      vaults([byPlan(point('2025-03-02T22:00:00.000Z')), primary], [drCopy('2025-03-02T22:00:00.000Z')]);
      backup.on(GetBackupPlanCommand).resolves(plan([DR_VAULT_ARN]));

      const found = await findRecoveryPoint(state, testDeps());

      expect(found).toMatchObject({ createdAt: '2025-03-02T22:00:00.000Z', restoreArn: drCopy('2025-03-02T22:00:00.000Z').RecoveryPointArn, copyArn: primary.RecoveryPointArn });
      expect(found.choice.why).toBe('both: set in the plan (backup plan nhs-daily rule daily-35d copies to the DR vault)');
    });

    describe('selection', () => {
      const days = (n: number) => new Date(Date.parse(STARTED_AT) - n * 24 * 3_600_000 - 3_600_000).toISOString();
      const nine = Array.from({ length: 9 }, (_, i) => drCopy(days(i)));

      it('random within a window: the same point for the same drill and target, whatever the order AWS lists them in', async () => {
        state.target.recoveryPoint = { source: 'dr-vault', selection: 'random', windowDays: 14 };
        backup.on(GetBackupPlanCommand).resolves(plan([DR_VAULT_ARN]));
        vaults([byPlan(point(days(0)))], [...nine, drCopy(days(20))]);
        const first = await findRecoveryPoint(state, testDeps());
        vaults([byPlan(point(days(0)))], [drCopy(days(20)), ...[...nine].reverse()]);
        const again = await findRecoveryPoint(state, testDeps());

        expect(again.restoreArn).toBe(first.restoreArn);
        expect(first.choice.restored.chosen).toMatch(/^random within 14 days: 9 candidates, chose the one of \d{4}-\d\d-\d\d \d\d:\d\d$/);
        // The RPO still measures the newest.
        expect(first.createdAt).toBe(days(0));
        // Another drill may choose another: over 20 drills, more than one point is chosen.
        const chosen = new Set<string | null>();
        for (let i = 0; i < 20; i++) {
          const other = { ...state, drill: { ...state.drill, id: `d${(0x10000000 + i).toString(16)}` } };
          chosen.add((await findRecoveryPoint(other, testDeps())).restoreArn);
        }
        expect(chosen.size).toBeGreaterThan(1);
      });

      it('latest within a window, and a window with no candidate fails loudly', async () => {
        state.target.recoveryPoint = { source: 'dr-vault', windowDays: 2 };
        backup.on(GetBackupPlanCommand).resolves(plan([DR_VAULT_ARN]));
        vaults([byPlan(point(days(0)))], nine);
        expect((await findRecoveryPoint(state, testDeps())).choice.restored.chosen).toBe('latest within 2 days: 2 candidates');

        vaults([byPlan(point(days(0)))], [drCopy(days(20))]);
        await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({
          name: 'NoRecoveryPointInWindowError',
          message: expect.stringContaining('within the 2 days before the drill'),
        });
      });
    });
  });
});
