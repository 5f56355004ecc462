// Find Latest Recovery Point across accounts (issue 13), on examples/cross-account.yml's targets: a logically
// air-gapped vault of the central account shared through AWS RAM is listed by the function's own role, naming its owner
// (BackupVaultAccountId), in the vault's region; the central standard vault is listed, and its backup plan read, as the
// role the plan names there, assumed through STS with the plan's ExternalId. Refusals are named, never retried.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, BackupServiceException, GetBackupPlanCommand, ListRecoveryPointsByBackupVaultCommand, type RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { findRecoveryPoint } from '../../../functions/find-recovery-point/find-recovery-point';
import { crossAccountWith } from '../plan-fixtures';
import { DRILL_ID, childState, regionsOf, testDeps } from './fixtures';

const backup = mockClient(BackupClient);
const sts = mockClient(STSClient);

const RECOVERY = '777788889999';
const CENTRAL = '444455556666';
const CENTRAL_ROLE = `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy`;
const DR_VAULT = `arn:aws:backup:eu-west-2:${RECOVERY}:backup-vault:recovery-dr`;
const ASSUMED_KEY = 'ASIACENTRALSESSION01';

const point = (arn: string, at: string, createdBy?: RecoveryPointByBackupVault['CreatedBy']): RecoveryPointByBackupVault => ({
  RecoveryPointArn: arn,
  CreationDate: new Date(at),
  Status: 'COMPLETED',
  ...(createdBy ? { CreatedBy: createdBy } : {}),
});
const denied = (name: string, message: string) => new BackupServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
/** The access key a mocked command's client signs with (aws-sdk-client-mock records the client as `this`). */
const keyOf = async (call: { thisValue: unknown }) => (await (call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config.credentials()).accessKeyId;

/** The child state of one of the example's targets, with the route Load Target gives it (lib/drill/items.ts). */
async function stateOf(targetId: 'appointments' | 'patients-db') {
  const state = await childState(targetId, crossAccountWith());
  const route =
    targetId === 'appointments'
      ? { kind: 'shared-air-gapped' as const, ownerAccount: CENTRAL, recoveryAccount: RECOVERY }
      : {
          kind: 'cross-account-copy' as const,
          ownerAccount: CENTRAL,
          recoveryAccount: RECOVERY,
          copy: { assumeRoleArn: CENTRAL_ROLE, externalId: 'dr-drill-cross-account-7c1e', backupRoleArn: `arn:aws:iam::${CENTRAL}:role/service-role/AWSBackupDefaultServiceRole` },
        };
  return { ...state, route };
}

beforeEach(() => {
  backup.reset();
  sts.reset();
});

describe('findRecoveryPoint across accounts', () => {
  it('lists the shared air-gapped vault in its own region, naming its owner, with its own role, and restores the point where it is', async () => {
    const state = await stateOf('appointments');
    const shared = point(`arn:aws:backup:eu-west-2:${CENTRAL}:recovery-point:A2ADDDAF`, '2025-03-03T22:00:00.000Z');
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [shared] });

    const found = await findRecoveryPoint(state, testDeps());

    expect(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand).map((c) => c.args[0].input)).toEqual([
      { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL, ByResourceArn: state.target.resourceArn },
    ]);
    expect(await regionsOf(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand))).toEqual(['eu-west-2']);
    expect(sts.calls()).toHaveLength(0);
    expect(backup.commandCalls(GetBackupPlanCommand)).toHaveLength(0);
    expect(found).toMatchObject({ arn: shared.RecoveryPointArn, restoreArn: shared.RecoveryPointArn, copyArn: null });
    expect(found.choice).toMatchObject({
      source: 'dr-vault',
      primary: { arn: shared.RecoveryPointArn },
      dr: { arn: shared.RecoveryPointArn },
      restored: { vault: 'central-air-gapped', account: CENTRAL },
      accounts: { recovery: RECOVERY, source: expect.stringContaining(`shared with the recovery account ${RECOVERY} through AWS RAM`) },
    });
  });

  it('fails with SharedVaultUnavailableError, naming the share, when AWS refuses the shared vault', async () => {
    const state = await stateOf('appointments');
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(denied('AccessDeniedException', 'resource share association: DISASSOCIATED'));

    await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({
      name: 'SharedVaultUnavailableError',
      message: expect.stringMatching(/central-air-gapped of account 444455556666 is not available to the recovery account 777788889999: resource share association: DISASSOCIATED\. Check its AWS RAM resource share/),
    });
  });

  it('reads the central standard vault and its backup plan as the assumed central role, and its own DR vault as itself', async () => {
    const state = await stateOf('patients-db');
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: ASSUMED_KEY, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2025-03-04T04:00:00Z') } });
    const createdBy = { BackupPlanId: 'plan-1', BackupPlanVersion: 'v1', BackupRuleId: 'rule-1' };
    const central = point(`arn:aws:rds:eu-west-1:${CENTRAL}:snapshot:awsbackup:job-1`, '2025-03-03T22:00:00.000Z', createdBy);
    const copy = point(`arn:aws:rds:eu-west-2:${RECOVERY}:snapshot:awsbackup:copyjob-1`, '2025-03-03T22:00:00.000Z');
    backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: { BackupVaultName: string }) => ({ RecoveryPoints: input.BackupVaultName === 'recovery-dr' ? [copy] : [central] }));
    backup.on(GetBackupPlanCommand).resolves({ BackupPlan: { BackupPlanName: 'central-daily', Rules: [{ RuleName: 'daily', RuleId: 'rule-1', TargetBackupVaultName: 'central-patient-platform', ScheduleExpression: 'cron(0 1 * * ? *)', CopyActions: [{ DestinationBackupVaultArn: DR_VAULT }] }] } });

    const found = await findRecoveryPoint(state, testDeps());

    // The session is narrowed to the two reads (a session policy): the role may copy, this function never does.
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      {
        RoleArn: CENTRAL_ROLE,
        ExternalId: 'dr-drill-cross-account-7c1e',
        RoleSessionName: `dr-drill-${DRILL_ID}-patients-db`,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['backup:ListRecoveryPointsByBackupVault', 'backup:GetBackupPlan'], Resource: '*' }] }),
      },
    ]);
    // STS's regional endpoint in the function's own region.
    expect(await regionsOf(sts.commandCalls(AssumeRoleCommand))).toEqual(['eu-west-2']);
    const [centralList, drList] = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand);
    expect(centralList!.args[0].input).toMatchObject({ BackupVaultName: 'central-patient-platform', BackupVaultAccountId: CENTRAL });
    expect(await keyOf(centralList!)).toBe(ASSUMED_KEY);
    expect(await keyOf(backup.commandCalls(GetBackupPlanCommand)[0]!)).toBe(ASSUMED_KEY);
    expect(drList!.args[0].input).toEqual({ BackupVaultName: 'recovery-dr', ByResourceArn: state.target.resourceArn });
    expect(drList!.thisValue).not.toBe(centralList!.thisValue);
    // source both (the example): the DR vault's copy restored, the central point copied to prove the path.
    expect(found).toMatchObject({ restoreArn: copy.RecoveryPointArn, copyArn: central.RecoveryPointArn });
    expect(found.choice).toMatchObject({ source: 'both', restored: { account: RECOVERY }, accounts: { recovery: RECOVERY } });
  });

  it('fails with CrossAccountRoleError when STS refuses the central role, before any AWS Backup call', async () => {
    const state = await stateOf('patients-db');
    sts.on(AssumeRoleCommand).rejects(new STSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized to perform: sts:AssumeRole' }));

    await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({
      name: 'CrossAccountRoleError',
      message: expect.stringContaining(`cannot act in account ${CENTRAL} as ${CENTRAL_ROLE}: not authorized to perform: sts:AssumeRole`),
    });
    expect(backup.calls()).toHaveLength(0);
  });
});
