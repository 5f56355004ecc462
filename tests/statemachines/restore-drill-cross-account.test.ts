// Scenario: a drill from an isolated recovery account (issue 13), examples/cross-account.yml on the REAL definitions
// with IAM enforced in every account. dr-drill is deployed in the recovery account 777788889999; patients-db's recovery
// points are in the central backup account's STANDARD vault (read, and copied out of, as the role dr-drill assumes
// there with its ExternalId), appointments' in the central account's LOGICALLY AIR-GAPPED vault shared with the
// recovery account through AWS RAM (read and restored where it is, naming its owner). Each call is recorded with the
// account and the principal that made it; nothing the drill made is left in any account. One drill per scenario.
import { evidenceKeys } from '../../lib/evidence/contracts';
import { renderSummary } from '../../lib/report/summary';
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import type { CallRecord, SimAccount } from '../../local/sim/account';
import { setShareStatus } from '../../local/sim/cross-account';
import { localNotifications } from '../../local/sim/notifications';
import { examplePlanInput } from './example-plans';

jest.setTimeout(90_000);

type Ran = Extract<LocalDrillResult, { refused: false }> & { arranged: number; centralBefore: string[] };

const RECOVERY = '777788889999';
const CENTRAL = '444455556666';
const IRELAND = 'eu-west-1';
const LONDON = 'eu-west-2';
const AIR_GAPPED = `arn:aws:backup:${LONDON}:${CENTRAL}:backup-vault:central-air-gapped`;
const DR_VAULT = `arn:aws:backup:${LONDON}:${RECOVERY}:backup-vault:recovery-dr`;
const CENTRAL_ROLE = `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy`;
const CENTRAL_BACKUP_ROLE = `arn:aws:iam::${CENTRAL}:role/service-role/AWSBackupDefaultServiceRole`;
const EXTERNAL_ID = 'dr-drill-cross-account-7c1e';
/** A session of the central role, as STS names it: the drill's session name says which drill and target. */
const CENTRAL_SESSION = new RegExp(`^arn:aws:sts::${CENTRAL}:assumed-role/dr-drill-central-copy/dr-drill-d[0-9a-f]{8}-patients-db$`);
/** A role of the stack in the recovery account, by the name serverless-iam-roles-per-function gives it. */
const stackRole = (fn: string) => new RegExp(`^arn:aws:sts::${RECOVERY}:assumed-role/dr-drill-dev-${fn}-${LONDON}-lambdaRole/`);

/** The central account's recovery points (both vaults), as a test reads them: no caller, outside IAM. */
const centralPoints = (account: SimAccount): string[] =>
  account
    .resources()
    .filter((r) => r.kind === 'recovery-point' && r.arn.split(':')[4] === CENTRAL)
    .map((r) => `${r.arn} ${r.state}`)
    .sort();

async function drill(arrange?: (account: SimAccount) => void): Promise<Ran> {
  let arranged = 0;
  let centralBefore: string[] = [];
  const result = await runLocalDrill({
    plan: examplePlanInput('cross-account.yml'),
    arrange: async (account) => {
      arrange?.(account);
      centralBefore = centralPoints(account);
      arranged = account.calls.length;
    },
  });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return { ...result, arranged, centralBefore };
}

const drillCalls = (r: Ran): CallRecord[] => r.account.calls.slice(r.arranged).filter((c) => c.principal !== undefined);
const calls = (r: Ran, action: string) => drillCalls(r).filter((c) => c.action === action);
const targetOf = (r: Ran, id: string) => r.report!.targets.find((t) => t.targetId === id)!;
const worldOf = (account: SimAccount) => (account as unknown as { world: Parameters<typeof setShareStatus>[0] }).world;

describe('restore drill from an isolated recovery account', () => {
  let r: Ran;
  beforeAll(async () => {
    r = await drill();
  });

  it('passes both targets, restoring in the recovery account and naming the accounts in the report, the evidence and the notification', async () => {
    expect(r.report!.verdict).toBe('PASSED');
    const patients = targetOf(r, 'patients-db');
    const appointments = targetOf(r, 'appointments');
    expect([patients.verdict, appointments.verdict]).toEqual(['PASSED', 'PASSED']);
    expect(patients.restoredResourceArn!.split(':')[4]).toBe(RECOVERY);
    expect(appointments.restoredResourceArn!.split(':')[4]).toBe(RECOVERY);

    // patients-db: the central plan's copy in the recovery DR vault is restored (the RPO); the drill's own copy, made
    // as the central role, proves the copy path (source both).
    expect(patients.recoveryPoints).toMatchObject({
      source: 'both',
      restored: { vault: 'recovery-dr', account: RECOVERY },
      accounts: { recovery: RECOVERY, source: expect.stringContaining(`the standard vault of account ${CENTRAL}, read and copied out of as ${CENTRAL_ROLE}`) },
    });
    expect(patients.jobs.copyJobId).not.toBeNull();
    // appointments: the shared vault's own recovery point, restored where it is; its age is both ages.
    expect(appointments.recoveryPoints).toMatchObject({
      source: 'dr-vault',
      why: expect.stringContaining(`the logically air-gapped vault central-air-gapped of account ${CENTRAL}, shared with the recovery account through AWS RAM`),
      restored: { vault: 'central-air-gapped', account: CENTRAL },
      accounts: { recovery: RECOVERY },
    });
    expect(appointments.recoveryPoints!.restored.arn.split(':')[4]).toBe(CENTRAL);
    expect(appointments.jobs.copyJobId).toBeNull();

    const summary = renderSummary(r.report!, { color: false });
    expect(summary).toContain(`from vault central-air-gapped of account ${CENTRAL}`);
    expect(summary).toContain(`accounts: restored in the recovery account ${RECOVERY}`);
    const [notification] = localNotifications(r.account);
    expect(notification!.text).toContain(`restored in account ${RECOVERY} from a vault of account ${CENTRAL}`);
    const keys = evidenceKeys(r.report!.plan.name, r.report!.startedAt, r.report!.drillId);
    const page = String((await r.account.call(LONDON, 's3', 'GetObject', { Bucket: r.names.evidenceBucket, Key: keys.htmlKey })).Body);
    expect(page).toContain(`restored in the recovery account <code>${RECOVERY}</code> from a vault of account <code>${CENTRAL}</code>`);
  });

  it('reads and copies out of the central standard vault only as the central role, assumed with the ExternalId by the stack\'s roles', () => {
    const assumed = calls(r, 'AssumeRole');
    expect(assumed.length).toBeGreaterThan(0);
    for (const call of assumed) {
      expect(call).toMatchObject({ account: RECOVERY, ok: true, input: { RoleArn: CENTRAL_ROLE, ExternalId: EXTERNAL_ID } });
    }
    // Find Latest Recovery Point, the copy function and Mark Created (which reads the copy job): the trust policy's three.
    expect(new Set(assumed.map((c) => c.principal!.split('/')[1]))).toEqual(
      new Set(['findRecoveryPoint', 'copyJob', 'markCreated'].map((fn) => `dr-drill-dev-${fn}-${LONDON}-lambdaRole`)),
    );

    const centralList = calls(r, 'ListRecoveryPointsByBackupVault').filter((c) => c.input?.BackupVaultName === 'central-patient-platform');
    expect(centralList.length).toBeGreaterThan(0);
    for (const call of centralList) expect(call).toMatchObject({ region: IRELAND, account: CENTRAL, principal: expect.stringMatching(CENTRAL_SESSION) });
    expect(calls(r, 'GetBackupPlan').every((c) => c.account === CENTRAL && CENTRAL_SESSION.test(c.principal!))).toBe(true);

    const [copy] = calls(r, 'StartCopyJob');
    expect(copy).toMatchObject({
      region: IRELAND,
      account: CENTRAL,
      principal: expect.stringMatching(CENTRAL_SESSION),
      input: { SourceBackupVaultName: 'central-patient-platform', DestinationBackupVaultArn: DR_VAULT, IamRoleArn: CENTRAL_BACKUP_ROLE },
    });
    expect(calls(r, 'DescribeCopyJob').every((c) => c.account === CENTRAL)).toBe(true);
    // The central account is used for nothing else: no restore, no tag, no delete there.
    expect(new Set(drillCalls(r).filter((c) => c.account === CENTRAL).map((c) => c.action))).toEqual(
      new Set(['ListRecoveryPointsByBackupVault', 'GetBackupPlan', 'StartCopyJob', 'DescribeCopyJob']),
    );
  });

  it('reads and restores the shared air-gapped vault as the recovery account, naming its owner; restores, tags and deletes only in the recovery account', () => {
    const sharedList = calls(r, 'ListRecoveryPointsByBackupVault').filter((c) => c.input?.BackupVaultName === 'central-air-gapped');
    expect(sharedList.length).toBeGreaterThan(0);
    for (const call of sharedList) {
      expect(call).toMatchObject({ region: LONDON, account: RECOVERY, principal: expect.stringMatching(stackRole('findRecoveryPoint')), input: { BackupVaultAccountId: CENTRAL } });
    }
    const metadata = calls(r, 'GetRecoveryPointRestoreMetadata');
    expect(metadata.map((c) => c.input?.BackupVaultAccountId).sort()).toEqual([CENTRAL, RECOVERY]);
    for (const action of ['GetRecoveryPointRestoreMetadata', 'StartRestoreJob', 'DescribeRestoreJob', 'DeleteRecoveryPoint', 'TagResource', 'TagResources']) {
      for (const call of calls(r, action)) expect({ action, region: call.region, account: call.account }).toEqual({ action, region: LONDON, account: RECOVERY });
    }
    expect(calls(r, 'StartRestoreJob')).toHaveLength(2);
    // Every call of the drill was made by the recovery account's roles or the central role's sessions: nobody else.
    expect(drillCalls(r).every((c) => c.account === RECOVERY || (c.account === CENTRAL && CENTRAL_SESSION.test(c.principal!)))).toBe(true);
  });

  it('leaves nothing in any account, and the central account\'s recovery points as they were', () => {
    expect(r.account.leftovers()).toEqual([]);
    expect(centralPoints(r.account)).toEqual(r.centralBefore);
    // The drill's copy landed in the recovery account's DR vault and was deleted there.
    const deleted = calls(r, 'DeleteRecoveryPoint');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ account: RECOVERY, input: { BackupVaultName: 'recovery-dr' } });
    expect(String(deleted[0]!.input!.RecoveryPointArn).split(':')[4]).toBe(RECOVERY);
  });
});

describe('dry run from an isolated recovery account', () => {
  it('reads the central vault as the central role and the shared vault naming its owner, and creates nothing', async () => {
    const result = await runLocalDrill({ plan: examplePlanInput('cross-account.yml'), dryRun: true });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);

    const dry = result.report!.dryRun!;
    expect(dry.ok).toBe(true);
    const detail = (targetId: string, check: string) => dry.targets.find((t) => t.targetId === targetId)!.checks.find((c) => c.name === check)!;
    expect(detail('patients-db', 'source vault')).toMatchObject({ passed: true, detail: expect.stringContaining(`of account ${CENTRAL} listed in ${IRELAND} as ${CENTRAL_ROLE}`) });
    expect(detail('appointments', 'source vault')).toMatchObject({ passed: true });
    const described = result.account.calls.filter((c) => c.action === 'DescribeBackupVault' && c.input?.BackupVaultName === 'central-air-gapped');
    expect(described.length).toBeGreaterThan(0);
    expect(described.every((c) => c.input?.BackupVaultAccountId === CENTRAL && c.account === RECOVERY)).toBe(true);
    expect(result.account.calls.filter((c) => /^(Start|Create|Delete|Tag)/.test(c.action))).toEqual([]);
  });
});

describe('restore drill from an isolated recovery account: faults', () => {
  it('fails the shared vault\'s target by name when its AWS RAM share is disassociated; the other target passes; nothing is left', async () => {
    const r = await drill((account) => setShareStatus(worldOf(account), AIR_GAPPED, RECOVERY, 'DISASSOCIATED'));

    const appointments = targetOf(r, 'appointments');
    expect(appointments).toMatchObject({ verdict: 'FAILED', failedStep: 'findRecoveryPoint', restoredResourceArn: null });
    expect(appointments.reason).toContain('SharedVaultUnavailableError');
    expect(appointments.reason).toContain(`the logically air-gapped vault ${AIR_GAPPED} of account ${CENTRAL} is not available to the recovery account ${RECOVERY}`);
    expect(appointments.reason).toContain('resource share association: DISASSOCIATED');
    // Not retried: an access denial does not pass by itself.
    const refused = calls(r, 'ListRecoveryPointsByBackupVault').filter((c) => c.input?.BackupVaultName === 'central-air-gapped');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ ok: false, error: 'AccessDeniedException', account: RECOVERY });
    expect(calls(r, 'StartRestoreJob').filter((c) => String(c.input?.RecoveryPointArn).split(':')[4] === CENTRAL)).toEqual([]);

    expect(targetOf(r, 'patients-db').verdict).toBe('PASSED');
    expect(r.report!.verdict).toBe('FAILED');
    expect(r.account.leftovers()).toEqual([]);
    expect(centralPoints(r.account)).toEqual(r.centralBefore);
  });
  it('fails the central vault\'s target by name when the central role\'s trust policy wants another ExternalId; nothing is copied or left', async () => {
    const r = await drill((account) => {
      const central = worldOf(account).accounts!.roles.get(CENTRAL_ROLE)!;
      central.trust = JSON.parse(JSON.stringify(central.trust).replace(EXTERNAL_ID, 'rotated-by-the-central-account')) as typeof central.trust;
    });

    const patients = targetOf(r, 'patients-db');
    expect(patients).toMatchObject({ verdict: 'FAILED', failedStep: 'findRecoveryPoint', restoredResourceArn: null });
    expect(patients.reason).toContain(`CrossAccountRoleError: cannot act in account ${CENTRAL} as ${CENTRAL_ROLE}`);
    expect(patients.reason).toContain('sts:AssumeRole');
    // Refused once by STS, never retried; nothing was read or copied in the central account.
    expect(calls(r, 'AssumeRole').map((c) => c.error)).toEqual(['AccessDenied']);
    expect(drillCalls(r).filter((c) => c.account === CENTRAL)).toEqual([]);

    expect(targetOf(r, 'appointments').verdict).toBe('PASSED');
    expect(r.account.leftovers()).toEqual([]);
    expect(centralPoints(r.account)).toEqual(r.centralBefore);
  });
});
