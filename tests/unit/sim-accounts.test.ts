// Several accounts in the simulation (issue 13), seeded from examples/cross-account.yml: the recovery account dr-drill
// runs in, and the central backup account's standard vault and logically air-gapped vault. Every call is made by a
// principal of one account, and AWS's rules across accounts hold: identity policy AND resource policy (the central
// role's trust policy with its ExternalId, the DR vault's access policy on the copy), the RAM share for the shared vault.
import { Authorizer, type Caller } from '../../local/iam/authorizer';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { setShareStatus } from '../../local/sim/cross-account';
import type { Role } from '../../local/stack/template';
import { checkPlan } from '../../lib/plan/load';
import { crossAccountWith, REMOVE } from './plan-fixtures';

const RECOVERY = '777788889999';
const CENTRAL = '444455556666';
const IRELAND = 'eu-west-1';
const LONDON = 'eu-west-2';
const AIR_GAPPED = `arn:aws:backup:${LONDON}:${CENTRAL}:backup-vault:central-air-gapped`;
const DR_VAULT = `arn:aws:backup:${LONDON}:${RECOVERY}:backup-vault:recovery-dr`;
const CENTRAL_ROLE = `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy`;
const CENTRAL_BACKUP_ROLE = `arn:aws:iam::${CENTRAL}:role/service-role/AWSBackupDefaultServiceRole`;
const RESTORE_ROLE = `arn:aws:iam::${RECOVERY}:role/service-role/AWSBackupDefaultServiceRole`;
const EXTERNAL_ID = 'dr-drill-cross-account-7c1e';

const allow = (Action: string[], Resource: string | string[] = '*') => ({ Effect: 'Allow' as const, Action, Resource });
/** A role of the recovery account, named as the local stack's function roles are (stage dev). */
const functionRole = (fn: string, statements: ReturnType<typeof allow>[]): Role => ({
  id: fn,
  arn: `arn:aws:iam::${RECOVERY}:role/dr-drill-dev-${fn}-${LONDON}-lambdaRole`,
  trustedBy: ['lambda.amazonaws.com'],
  managedPolicyArns: [],
  policies: [{ Version: '2012-10-17', Statement: statements }],
});

// What the drill's roles would be granted for these calls (least privilege is the packaged stack's, in a later step).
const ROLES = [
  functionRole('copyJob', [allow(['sts:AssumeRole'], CENTRAL_ROLE)]),
  functionRole('preflight', [allow(['backup:ListProtectedResourcesByBackupVault', 'backup:DescribeRecoveryPoint', 'tag:GetResources'])]),
  functionRole('findRecoveryPoint', [allow(['sts:AssumeRole'], CENTRAL_ROLE), allow(['backup:ListRecoveryPointsByBackupVault'])]),
  functionRole('restoreTarget', [allow(['backup:StartRestoreJob', 'backup:GetRecoveryPointRestoreMetadata', 'backup:DescribeRestoreJob', 'backup:DescribeCopyJob', 'backup:DeleteRecoveryPoint', 'backup:ListRecoveryPointsByBackupVault']), allow(['iam:PassRole'], RESTORE_ROLE)]),
];
const as = (roleId: string): Caller => ({ roleId, name: roleId });

function recoveryAccount() {
  const checked = checkPlan(crossAccountWith());
  if (!checked.ok) throw new Error('the cross-account example must be valid');
  const clock = new SimClock(Date.UTC(2026, 11, 6, 2, 0));
  const sim = new SimAccount({ clock, regions: [IRELAND, LONDON] });
  sim.seedFromPlan(checked.plan);
  sim.enforce({ authorizer: new Authorizer(new Map(ROLES.map((r) => [r.id, r])), RECOVERY), keys: new Map() });
  return { sim, clock };
}

const pointsOf = (out: Record<string, unknown>) => (out.RecoveryPoints as { RecoveryPointArn: string; VaultType: string; CreationDate: string }[]);

async function assumeCentral(sim: SimAccount, roleId = 'copyJob', externalId = EXTERNAL_ID): Promise<Caller> {
  const out = await sim.call(IRELAND, 'sts', 'AssumeRole', { RoleArn: CENTRAL_ROLE, RoleSessionName: 'dr-drill-copy', ExternalId: externalId }, { caller: as(roleId) });
  const caller = sim.callerOfSession((out.Credentials as { AccessKeyId: string }).AccessKeyId);
  if (!caller) throw new Error('the session must act as the central role');
  return caller;
}

/**
 * As the assumed central role: copy the central vault's newest snapshot recovery point (a continuous one cannot be
 * copied on demand) into `destination`, let an hour pass, and describe the copy job as that role.
 */
async function copyAsCentral(sim: SimAccount, clock: SimClock, destination: string) {
  const central = await assumeCentral(sim);
  const [latest] = pointsOf(await sim.call(IRELAND, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-patient-platform' }, { caller: central })).filter((p) => !p.RecoveryPointArn.includes(':continuous:'));
  const started = await sim.call(IRELAND, 'backup', 'StartCopyJob', {
    RecoveryPointArn: latest!.RecoveryPointArn, SourceBackupVaultName: 'central-patient-platform', DestinationBackupVaultArn: destination, IamRoleArn: CENTRAL_BACKUP_ROLE,
  }, { caller: central });
  await clock.sleep(3_600_000);
  const described = await sim.call(IRELAND, 'backup', 'DescribeCopyJob', { CopyJobId: started.CopyJobId }, { caller: central });
  const job = described.CopyJob as { State: string; StatusMessage: string; AccountId: string; DestinationRecoveryPointArn: string };
  return { central, latest: latest!, started, job };
}

describe('the simulation with several accounts', () => {
  it('is the recovery account; the central account owns its vaults and their recovery points', () => {
    const { sim } = recoveryAccount();
    expect(sim.accountId).toBe(RECOVERY);
    const points = sim.resources().filter((r) => r.kind === 'recovery-point');
    // The backups are the central account's; the copies its backup plan's copy rule made into the recovery account's
    // DR vault are the recovery account's (a copy belongs to its destination vault's account).
    const copies = points.filter((p) => p.arn.includes('copyjob'));
    const backups = points.filter((p) => !p.arn.includes('copyjob'));
    expect(backups.length).toBeGreaterThan(0);
    expect(new Set(backups.map((p) => p.arn.split(':')[4]))).toEqual(new Set([CENTRAL]));
    expect(copies.every((p) => p.arn.split(':')[4] === RECOVERY && p.region === LONDON)).toBe(true);
    expect(points.filter((p) => p.targetId === 'appointments').every((p) => p.region === LONDON)).toBe(true);
  });

  it('lets the recovery account list and restore a shared air-gapped vault (BackupVaultAccountId), in its own account', async () => {
    const { sim, clock } = recoveryAccount();
    const restorer = as('restoreTarget');
    const listed = await sim.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL }, { caller: restorer });
    const [latest] = pointsOf(listed);
    expect(latest?.VaultType).toBe('LOGICALLY_AIR_GAPPED_BACKUP_VAULT');
    // Without the owner's account AWS Backup refuses the shared vault: "AccessDeniedException ... Insufficient privileges
    // to perform this action" (Developer Guide, "Logically air-gapped vault", Troubleshoot: --backup-vault-account-id
    // was not included).
    for (const [action, input, caller] of [
      ['ListRecoveryPointsByBackupVault', {}, restorer],
      ['GetRecoveryPointRestoreMetadata', { RecoveryPointArn: latest!.RecoveryPointArn }, restorer],
      ['DescribeRecoveryPoint', { RecoveryPointArn: latest!.RecoveryPointArn }, as('preflight')],
      ['ListProtectedResourcesByBackupVault', {}, as('preflight')],
    ] as const) {
      await expect(sim.call(LONDON, 'backup', action, { BackupVaultName: 'central-air-gapped', ...input }, { caller })).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining('Insufficient privileges to perform this action'),
      });
    }

    const metadata = await sim.call(LONDON, 'backup', 'GetRecoveryPointRestoreMetadata', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL, RecoveryPointArn: latest!.RecoveryPointArn }, { caller: restorer });
    const job = await sim.call(LONDON, 'backup', 'StartRestoreJob', {
      RecoveryPointArn: latest!.RecoveryPointArn, IamRoleArn: RESTORE_ROLE, ResourceType: 'DynamoDB',
      Metadata: { ...(metadata.RestoreMetadata as Record<string, string>), targetTableName: 'drdrill-x-appointments' },
    }, { caller: restorer });
    await clock.sleep(6 * 3_600_000);
    const done = await sim.call(LONDON, 'backup', 'DescribeRestoreJob', { RestoreJobId: job.RestoreJobId }, { caller: restorer });
    expect(done).toMatchObject({ Status: 'COMPLETED', AccountId: RECOVERY });
    expect(String(done.CreatedResourceArn).split(':')[4]).toBe(RECOVERY);
    expect(sim.calls.filter((c) => c.service === 'backup').every((c) => c.account === RECOVERY)).toBe(true);
  });

  it('lets the recovery account list what the shared vault protects, as RAM\'s permission for a shared vault allows', async () => {
    const { sim } = recoveryAccount();
    // backup:ListProtectedResourcesByBackupVault is among the actions the Developer Guide lists for a shared
    // logically air-gapped vault ("Share a logically air-gapped vault"): Check Plan resolves selections with it.
    const out = await sim.call(LONDON, 'backup', 'ListProtectedResourcesByBackupVault', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL }, { caller: as('preflight') });
    expect((out.Results as { ResourceArn: string }[]).map((r) => r.ResourceArn)).toEqual(['arn:aws:dynamodb:eu-west-1:111122223333:table/appointments']);
  });

  it('names an RDS backup in the shared air-gapped vault with AWS Backup\'s own ARN, not the RDS snapshot\'s, and restores it', async () => {
    // "The ARN of a recovery point stored in a logically air-gapped vault will have backup in place of the underlying
    // resource type" (AWS Backup Developer Guide, "Logically air-gapped vault"), so sharedRecoveryPoints' one form holds.
    const example = crossAccountWith({
      'targets[0].sourceVault': AIR_GAPPED,
      'targets[0].drVault': AIR_GAPPED,
      'targets[0].recoveryPoint': REMOVE,
    }) as { accounts: { vaults: unknown[] } };
    example.accounts.vaults = example.accounts.vaults.slice(1);
    const checked = checkPlan(example);
    if (!checked.ok) throw new Error(`the plan must be valid: ${JSON.stringify(checked.problems)}`);
    const clock = new SimClock(Date.UTC(2026, 11, 6, 2, 0));
    const sim = new SimAccount({ clock, regions: [IRELAND, LONDON] });
    sim.seedFromPlan(checked.plan);
    sim.enforce({ authorizer: new Authorizer(new Map(ROLES.map((r) => [r.id, r])), RECOVERY), keys: new Map() });
    const points = pointsOf(await sim.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', {
      BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL, ByResourceArn: 'arn:aws:rds:eu-west-1:111122223333:db:patients-db',
    }, { caller: as('restoreTarget') }));
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.RecoveryPointArn).toMatch(new RegExp(`^arn:aws:backup:${LONDON}:${CENTRAL}:recovery-point:[0-9A-F-]{36}$`));
    const metadata = await sim.call(LONDON, 'backup', 'GetRecoveryPointRestoreMetadata', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL, RecoveryPointArn: points[0]!.RecoveryPointArn }, { caller: as('restoreTarget') });
    expect(metadata).toMatchObject({ RecoveryPointArn: points[0]!.RecoveryPointArn, ResourceType: 'RDS' });
  });

  it('reads no tag of a workload account\'s resource from the recovery account (tag:GetResources is the calling account\'s)', async () => {
    const { sim } = recoveryAccount();
    const world = (sim as unknown as { world: { regions: Map<string, { tags: Map<string, Map<string, string>> }> } }).world;
    const table = 'arn:aws:dynamodb:eu-west-1:111122223333:table/appointments';
    world.regions.get(IRELAND)!.tags.set(table, new Map([['env', 'prod']]));
    const out = await sim.call(IRELAND, 'resourcegroupstaggingapi', 'GetResources', { ResourceARNList: [table] }, { caller: as('preflight') });
    expect(out.ResourceTagMappingList).toEqual([]);
  });

  it('refuses what the share does not allow: deleting or tagging the owner\'s recovery point, reading the standard vault', async () => {
    const { sim } = recoveryAccount();
    const restorer = as('restoreTarget');
    const [latest] = pointsOf(await sim.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL }, { caller: restorer }));
    // The share's policy grants reads and restores only: IAM refuses the delete before AWS Backup looks.
    await expect(sim.call(LONDON, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: 'central-air-gapped', RecoveryPointArn: latest!.RecoveryPointArn }, { caller: restorer })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('because no resource-based policy allows the backup:DeleteRecoveryPoint action'),
    });
    await expect(sim.call(IRELAND, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-patient-platform', BackupVaultAccountId: CENTRAL }, { caller: restorer })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('AWS Backup rejects every cross-account call on a standard vault except backup:CopyIntoBackupVault'),
    });
  });

  it('hides the shared vault while the share is not associated (not accepted), with the reason', async () => {
    const { sim } = recoveryAccount();
    const restorer = as('restoreTarget');
    const [latest] = pointsOf(await sim.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL }, { caller: restorer }));
    setShareStatus((sim as unknown as { world: Parameters<typeof setShareStatus>[0] }).world, AIR_GAPPED, RECOVERY, 'ASSOCIATING');

    await expect(sim.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-air-gapped', BackupVaultAccountId: CENTRAL }, { caller: restorer })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not shared with account 777788889999 through AWS RAM (resource share association: ASSOCIATING)'),
    });
    await expect(sim.call(LONDON, 'backup', 'StartRestoreJob', { RecoveryPointArn: latest!.RecoveryPointArn, IamRoleArn: RESTORE_ROLE, Metadata: {} }, { caller: restorer })).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('assumes the central role only from dr-drill\'s function roles with the ExternalId (identity policy AND trust policy)', async () => {
    const { sim } = recoveryAccount();
    await expect(assumeCentral(sim)).resolves.toEqual({ roleId: `central:${CENTRAL_ROLE}`, name: 'dr-drill-copy' });
    await expect(assumeCentral(sim, 'copyJob', 'guessed')).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('sts:AssumeRole') });
    // restoreTarget's own policy does not allow it, whatever the trust policy says.
    await expect(assumeCentral(sim, 'restoreTarget')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('copies out of the central standard vault as the assumed role, into the recovery account\'s DR vault', async () => {
    const { sim, clock } = recoveryAccount();
    const { central, latest, started, job } = await copyAsCentral(sim, clock, DR_VAULT);
    expect(job).toMatchObject({ State: 'COMPLETED', AccountId: CENTRAL });
    expect(job.DestinationRecoveryPointArn.split(':')[4]).toBe(RECOVERY);
    // The copy job is the central account's: the recovery account's own roles do not see it.
    await expect(sim.call(IRELAND, 'backup', 'DescribeCopyJob', { CopyJobId: started.CopyJobId }, { caller: as('restoreTarget') })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(sim.calls.filter((c) => c.action === 'StartCopyJob' || c.action === 'ListRecoveryPointsByBackupVault').map((c) => c.account)).toEqual([CENTRAL, CENTRAL]);
    expect(sim.calls.find((c) => c.action === 'AssumeRole')?.account).toBe(RECOVERY);
    // The central role cannot delete anything: not its own recovery points, not the copy.
    await expect(sim.call(IRELAND, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: 'central-patient-platform', RecoveryPointArn: latest.RecoveryPointArn }, { caller: central })).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('narrows a session to its session policy: a session for reads lists the vault and cannot copy', async () => {
    const { sim } = recoveryAccount();
    const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['backup:ListRecoveryPointsByBackupVault'], Resource: '*' }] });
    const out = await sim.call(IRELAND, 'sts', 'AssumeRole', { RoleArn: CENTRAL_ROLE, RoleSessionName: 'dr-drill-reads', ExternalId: EXTERNAL_ID, Policy: readOnly }, { caller: as('findRecoveryPoint') });
    const reader = sim.callerOfSession((out.Credentials as { AccessKeyId: string }).AccessKeyId)!;
    const [latest] = pointsOf(await sim.call(IRELAND, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'central-patient-platform' }, { caller: reader })).filter((p) => !p.RecoveryPointArn.includes(':continuous:'));
    await expect(sim.call(IRELAND, 'backup', 'StartCopyJob', {
      RecoveryPointArn: latest!.RecoveryPointArn, SourceBackupVaultName: 'central-patient-platform', DestinationBackupVaultArn: DR_VAULT, IamRoleArn: CENTRAL_BACKUP_ROLE,
    }, { caller: reader })).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('backup:StartCopyJob') });
  });

  it('fails a copy from the central account into the recovery account\'s default vault, whatever its access policy', async () => {
    const { sim, clock } = recoveryAccount();
    // "The destination vault cannot be the default vault. This is because the default vault is encrypted with a key
    // that cannot be shared with other accounts" (Developer Guide, "Creating backup copies across AWS accounts").
    const world = (sim as unknown as { world: { regions: Map<string, { vaults: Map<string, { name: string; arn: string }> }> } }).world;
    const vaults = world.regions.get(LONDON)!.vaults;
    const defaultVault = `arn:aws:backup:${LONDON}:${RECOVERY}:backup-vault:Default`;
    vaults.set('Default', { ...vaults.get('recovery-dr')!, name: 'Default', arn: defaultVault });
    const { job } = await copyAsCentral(sim, clock, defaultVault);
    expect(job.State).toBe('FAILED');
    expect(job.StatusMessage).toContain('is the default vault, whose key cannot be shared with other accounts');
    expect(sim.leftovers()).toEqual([]);
  });

  it('fails the copy while cross-account backup is off in the organization\'s management account', async () => {
    const { sim, clock } = recoveryAccount();
    // "Before your organization can start with cross-account backups, you must enable cross-account backup in the AWS
    // Backup console or through the UpdateGlobalSettings API" (Developer Guide, "Creating backup copies across AWS accounts").
    (sim as unknown as { world: { accounts: { crossAccountBackup: boolean } } }).world.accounts.crossAccountBackup = false;
    const { job } = await copyAsCentral(sim, clock, DR_VAULT);
    expect(job).toMatchObject({ State: 'FAILED', StatusMessage: expect.stringContaining('cross-account backup is not enabled in the AWS Organizations management account') });
    expect(sim.leftovers()).toEqual([]);
  });

  it('fails the copy when the DR vault\'s access policy does not allow the central account, and copies nothing', async () => {
    const { sim, clock } = recoveryAccount();
    const world = (sim as unknown as { world: { regions: Map<string, { vaults: Map<string, { accessPolicy?: unknown }> }> } }).world;
    delete world.regions.get(LONDON)!.vaults.get('recovery-dr')!.accessPolicy;
    const { job } = await copyAsCentral(sim, clock, DR_VAULT);
    expect(job.State).toBe('FAILED');
    expect(job.StatusMessage).toContain(`does not allow backup:CopyIntoBackupVault from account ${CENTRAL}`);
    expect(sim.leftovers()).toEqual([]);
  });
});
