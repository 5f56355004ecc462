// The packaged stack's IAM for other accounts (issue 13, serverless.yml "Other accounts"): without config the roles may
// reach nothing of another account; with crossAccountRoles, sharedVaults and sharedRecoveryPoints (what the local run
// fills from examples/cross-account.yml) exactly the functions that act there may. Across accounts AWS also needs the
// resource's consent (the role's trust policy, the RAM share): here it is given as a policy allowing the recovery
// account, so what is decided is the stack's own side.
import { checkPlan } from '../../lib/plan/load';
import { evaluate } from '../../local/iam/evaluate';
import { loadPackagedTemplate, templateFor } from '../../local/stack/packaged';
import { rolesOf, type PolicyDocument, type Role } from './iam-template';
import { crossAccountWith } from './plan-fixtures';

jest.setTimeout(60_000);

const RECOVERY = '777788889999';
const CENTRAL = '444455556666';
const LONDON = 'eu-west-2';
const CENTRAL_ROLE = `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy`;
const AIR_GAPPED = `arn:aws:backup:${LONDON}:${CENTRAL}:backup-vault:central-air-gapped`;
const SHARED_POINT = `arn:aws:backup:${LONDON}:${CENTRAL}:recovery-point:A2ADDDAF-20BE-2967-CE9D-6B37EB0D6CBB`;

/** The resource's side, consenting to anything of the recovery account: what is left to decide is the role's policy. */
const consenting: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${RECOVERY}:root` }, Action: '*', Resource: '*' } as PolicyDocument['Statement'][number]],
};

function plan() {
  const checked = checkPlan(crossAccountWith());
  if (!checked.ok) throw new Error('the cross-account example must be valid');
  return checked.plan;
}

const rolesFor = (placed: boolean): Map<string, Role> => {
  const p = plan();
  const template = placed ? templateFor(p, { region: LONDON, allowedRegions: p.residency.allowedRegions }) : loadPackagedTemplate();
  return new Map(rolesOf(template as never, LONDON, {}, RECOVERY).map((r) => [r.arn.split('/').pop()!, r]));
};
const fnRole = (roles: Map<string, Role>, fn: string) => roles.get(`dr-drill-dev-${fn}-${LONDON}-lambdaRole`)!;
const decide = (role: Role, action: string, resource: string) => evaluate(role, action, resource, { 'aws:RequestedRegion': LONDON }, consenting);

describe('the stack\'s IAM for other accounts', () => {
  const deployed = rolesFor(false);
  const placed = rolesFor(true);
  const restoreTarget = (roles: Map<string, Role>) => roles.get('RestoreTargetStateMachineRole')!;

  it('names each function role as serverless-iam-roles-per-function does, as the central role\'s trust policy names it', () => {
    expect(fnRole(placed, 'findRecoveryPoint').arn).toBe(`arn:aws:iam::${RECOVERY}:role/dr-drill-dev-findRecoveryPoint-${LONDON}-lambdaRole`);
  });

  it.each(['findRecoveryPoint', 'copyJob', 'markCreated', 'dryRun'])('lets %s assume the plan\'s central role, and only once config names it', async (fn) => {
    await expect(decide(fnRole(placed, fn), 'sts:AssumeRole', CENTRAL_ROLE)).resolves.toBe('Allowed');
    await expect(decide(fnRole(placed, fn), 'sts:AssumeRole', `arn:aws:iam::${CENTRAL}:role/Admin`)).resolves.not.toBe('Allowed');
    await expect(decide(fnRole(deployed, fn), 'sts:AssumeRole', CENTRAL_ROLE)).resolves.not.toBe('Allowed');
  });

  it('lets no other role assume it', async () => {
    for (const fn of ['deleteRestored', 'validateRestore', 'checkCleanup', 'preflight', 'loadTarget']) {
      await expect(decide(fnRole(placed, fn), 'sts:AssumeRole', CENTRAL_ROLE)).resolves.not.toBe('Allowed');
    }
  });

  it('lets Find Latest Recovery Point list the shared air-gapped vault only once config names it', async () => {
    await expect(decide(fnRole(placed, 'findRecoveryPoint'), 'backup:ListRecoveryPointsByBackupVault', AIR_GAPPED)).resolves.toBe('Allowed');
    await expect(decide(fnRole(placed, 'findRecoveryPoint'), 'backup:ListRecoveryPointsByBackupVault', AIR_GAPPED.replace('central-air-gapped', 'other'))).resolves.not.toBe('Allowed');
    await expect(decide(fnRole(deployed, 'findRecoveryPoint'), 'backup:ListRecoveryPointsByBackupVault', AIR_GAPPED)).resolves.not.toBe('Allowed');
  });

  it('lets Check Plan list what the shared air-gapped vault protects (selections), only once config names it', async () => {
    await expect(decide(fnRole(placed, 'preflight'), 'backup:ListProtectedResourcesByBackupVault', AIR_GAPPED)).resolves.toBe('Allowed');
    await expect(decide(fnRole(deployed, 'preflight'), 'backup:ListProtectedResourcesByBackupVault', AIR_GAPPED)).resolves.not.toBe('Allowed');
  });

  it('lets the restore-target role restore the shared vault\'s recovery points, never delete them, and nothing of another account', async () => {
    const role = restoreTarget(placed);
    await expect(decide(role, 'backup:GetRecoveryPointRestoreMetadata', SHARED_POINT)).resolves.toBe('Allowed');
    await expect(decide(role, 'backup:StartRestoreJob', SHARED_POINT)).resolves.toBe('Allowed');
    await expect(decide(role, 'backup:DeleteRecoveryPoint', SHARED_POINT)).resolves.not.toBe('Allowed');
    await expect(decide(role, 'backup:StartRestoreJob', SHARED_POINT.replace(CENTRAL, '999988887777'))).resolves.not.toBe('Allowed');
    await expect(decide(restoreTarget(deployed), 'backup:StartRestoreJob', SHARED_POINT)).resolves.not.toBe('Allowed');
  });
});
