// A plan that names its accounts (issue 13): every ARN in the account AWS would act in, every other account's vault
// reachable in a way AWS allows, and a refusal that says why.
import { checkPlan, type PlanCheck } from '../../lib/plan/load';
import { formatProblem } from '../../lib/plan/problem';
import { accountsTouched, vaultRouteOf } from '../../lib/plan/accounts';
import { crossAccountWith, nhsWith, REMOVE } from './plan-fixtures';

const lines = (result: PlanCheck) => (result.ok ? [] : result.problems.map(formatProblem));
const RECOVERY = '777788889999';
const CENTRAL = '444455556666';
const AIR_GAPPED = `arn:aws:backup:eu-west-2:${CENTRAL}:backup-vault:central-air-gapped`;
const DR_VAULT = `arn:aws:backup:eu-west-2:${RECOVERY}:backup-vault:recovery-dr`;

describe('accounts: a drill from an isolated recovery account', () => {
  it('accepts the cross-account example, and a plan without accounts keeps its one-account rule', () => {
    expect(lines(checkPlan(crossAccountWith()))).toEqual([]);
    expect(lines(checkPlan(nhsWith({ 'targets[1].drVault': 'arn:aws:backup:eu-west-2:999999999999:backup-vault:nhs-patient-platform-dr' })))).toEqual([
      "targets[1].drVault: account 999999999999 differs from the plan's account 111122223333",
    ]);
  });

  it('routes each target by its source vault: the shared air-gapped vault is restored in place, the standard one copied by the central role', () => {
    const checked = checkPlan(crossAccountWith());
    if (!checked.ok) throw new Error('the example must be valid');
    const [patients, appointments] = checked.plan.targets;
    expect(vaultRouteOf(checked.plan.accounts, patients!)).toEqual({
      kind: 'cross-account-copy',
      ownerAccount: CENTRAL,
      copy: {
        assumeRoleArn: `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy`,
        externalId: 'dr-drill-cross-account-7c1e',
        backupRoleArn: `arn:aws:iam::${CENTRAL}:role/service-role/AWSBackupDefaultServiceRole`,
      },
    });
    expect(vaultRouteOf(checked.plan.accounts, appointments!)).toEqual({ kind: 'shared-air-gapped', ownerAccount: CENTRAL });
    expect(vaultRouteOf(checked.plan.accounts, { sourceVault: DR_VAULT })).toEqual({ kind: 'same-account' });
    expect(accountsTouched(checked.plan.accounts!)).toEqual([RECOVERY, CENTRAL]);
  });

  it('refuses a source vault of an account the plan does not name, saying what AWS would allow', () => {
    const other = 'arn:aws:backup:eu-west-1:555566667777:backup-vault:elsewhere';
    expect(lines(checkPlan(crossAccountWith({ 'targets[0].sourceVault': other })))).toEqual([
      'accounts.vaults[0].arn: no target takes its recovery points from this vault: remove it, or check the sourceVault of the targets',
      `targets[0].sourceVault: vault of account 555566667777, which accounts.vaults does not name: list it there as a logically-air-gapped vault shared with ${RECOVERY} through AWS RAM, or as a standard vault with the role dr-drill assumes to copy out of it (AWS Backup refuses every other cross-account call on a standard vault)`,
    ]);
  });

  it('refuses a standard vault of another account without the copy route (schema), and a copy role of the wrong account', () => {
    expect(lines(checkPlan(crossAccountWith({ 'accounts.vaults[0].copy': REMOVE })))).toEqual(['accounts.vaults[0].copy: missing required field']);
    expect(
      lines(
        checkPlan(
          crossAccountWith({
            'accounts.vaults[0].copy.assumeRoleArn': `arn:aws:iam::${RECOVERY}:role/dr-drill-copy`,
            'accounts.vaults[0].copy.backupRoleArn': `arn:aws:iam::${RECOVERY}:role/service-role/AWSBackupDefaultServiceRole`,
          }),
        ),
      ),
    ).toEqual([
      `accounts.vaults[0].copy.assumeRoleArn: role of account ${RECOVERY} cannot start a copy out of a vault of account ${CENTRAL}: name a role in ${CENTRAL}`,
      `accounts.vaults[0].copy.backupRoleArn: StartCopyJob in account ${CENTRAL} passes an AWS Backup role of that account, not of ${RECOVERY}`,
    ]);
  });

  it('refuses a copy out of a shared air-gapped vault, and the vault outside the DR region', () => {
    expect(lines(checkPlan(crossAccountWith({ 'targets[1].drVault': DR_VAULT })))).toEqual([
      `targets[1].drVault: the source vault is a logically air-gapped vault shared through AWS RAM: the recovery account restores from it directly, so drVault must be the sourceVault (${AIR_GAPPED})`,
    ]);
    const inIreland = AIR_GAPPED.replace('eu-west-2', 'eu-west-1');
    expect(lines(checkPlan(crossAccountWith({ 'accounts.vaults[1].arn': inIreland, 'targets[1].sourceVault': inIreland, 'targets[1].drVault': inIreland })))).toEqual([
      'targets[1].sourceVault: region eu-west-1 is not the DR region eu-west-2',
      'targets[1].drVault: region eu-west-1 is not the DR region eu-west-2',
    ]);
  });

  it('refuses the recovery account\'s default vault as the destination of a copy from a central account (AWS: its key cannot be shared)', () => {
    expect(lines(checkPlan(crossAccountWith({ 'targets[0].drVault': `arn:aws:backup:eu-west-2:${RECOVERY}:backup-vault:Default` })))).toEqual([
      'targets[0].drVault: the default vault cannot receive copies from another account (its key cannot be shared with other accounts): name a vault of the recovery account with a customer managed key (resources/recovery-vault-access-policy.yml)',
    ]);
  });

  it('refuses tag conditions on a selection (tag:GetResources answers for the calling account only), and takes one by ARNs', () => {
    const selection = { name: 'tables', type: 'dynamodb', sourceVault: AIR_GAPPED, drVault: AIR_GAPPED, backupRoleArn: `arn:aws:iam::${RECOVERY}:role/service-role/AWSBackupDefaultServiceRole` };
    expect(lines(checkPlan(crossAccountWith({ selections: [{ ...selection, conditions: { stringNotEquals: { tier: 'archive' } } }] })))).toEqual([
      `selections[0].conditions: tag conditions cannot be read across accounts: Check Plan runs in the recovery account ${RECOVERY}, where tag:GetResources sees only that account's resources; choose the workload's resources by resourceArns instead`,
    ]);
    expect(lines(checkPlan(crossAccountWith({ selections: [{ ...selection, resourceArns: ['arn:aws:dynamodb:eu-west-1:111122223333:table/appointments-archive'] }] })))).toEqual([]);
  });

  it('refuses a selection out of a central standard vault, which the recovery account cannot list', () => {
    const central = `arn:aws:backup:eu-west-1:${CENTRAL}:backup-vault:central-patient-platform`;
    const selection = { name: 'dbs', type: 'rds', sourceVault: central, drVault: DR_VAULT, backupRoleArn: `arn:aws:iam::${RECOVERY}:role/service-role/AWSBackupDefaultServiceRole`, resourceArns: ['arn:aws:rds:eu-west-1:111122223333:db:billing-db'], restore: { dbSubnetGroupName: 'recovery-isolated-db', vpcSecurityGroupIds: ['sg-0c1d2e3f4a5b60718'] } };
    expect(lines(checkPlan(crossAccountWith({ selections: [selection] })))).toContain(
      `selections[0].sourceVault: a standard vault of account ${CENTRAL} cannot be listed from the recovery account ${RECOVERY} (AWS Backup rejects every cross-account call on it but backup:CopyIntoBackupVault): list its resources as targets`,
    );
  });

  it('keeps everything the restore uses in the recovery account and every resource in a workload account', () => {
    const workloadRole = 'arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole';
    expect(
      lines(
        checkPlan(
          crossAccountWith({
            'targets[0].drVault': 'arn:aws:backup:eu-west-2:111122223333:backup-vault:workload-dr',
            'targets[0].backupRoleArn': workloadRole,
            'targets[0].validation.secretArn': 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:patients-Ab12Cd',
            'targets[1].resourceArn': `arn:aws:dynamodb:eu-west-1:${RECOVERY}:table/appointments`,
          }),
        ),
      ),
    ).toEqual([
      `targets[0].drVault: account 111122223333 is not the recovery account ${RECOVERY}: the DR vault holds the copy the recovery account restores, so it is the recovery account's`,
      `targets[0].backupRoleArn: account 111122223333 is not the recovery account ${RECOVERY}: StartRestoreJob runs in the recovery account and passes a role of that account (iam:PassRole)`,
      `targets[0].validation.secretArn: account 111122223333 is not the recovery account ${RECOVERY}: the validation reads the restored copy from the recovery account`,
      `targets[1].resourceArn: the resource is in the recovery account ${RECOVERY}: a target is a workload's resource, in one of accounts.workloads`,
    ]);
  });

  it('refuses a recovery account that is also a workload account, a vault of the recovery account listed as another, duplicates, and a failover', () => {
    const standard = (crossAccountWith() as { accounts: { vaults: unknown[] } }).accounts.vaults[0];
    expect(
      lines(
        checkPlan(
          crossAccountWith({
            'accounts.workloads': ['111122223333', RECOVERY],
            'accounts.vaults[1]': { arn: DR_VAULT, type: 'logically-air-gapped' },
            'accounts.vaults[2]': standard,
          }),
        ),
      ),
    ).toEqual([
      // No longer a listed air-gapped vault: a source vault in the DR region, and a DR vault outside the recovery account.
      'targets[1].sourceVault: region eu-west-2 is not the primary region eu-west-1',
      `accounts.workloads[1]: ${RECOVERY} is the recovery account: the recovery account must be separate from the workload accounts, so a restore never lands beside production`,
      `accounts.vaults[1].arn: this vault is in the recovery account ${RECOVERY}: list only vaults of other accounts here (the recovery account's own vaults need no route)`,
      'accounts.vaults[1].arn: no target takes its recovery points from this vault: remove it, or check the sourceVault of the targets',
      'accounts.vaults[2].arn: duplicate vault (also accounts.vaults[0])',
      // The air-gapped vault is no longer listed, so the target that reads it has no route.
      `targets[1].sourceVault: vault of account ${CENTRAL}, which accounts.vaults does not name: list it there as a logically-air-gapped vault shared with ${RECOVERY} through AWS RAM, or as a standard vault with the role dr-drill assumes to copy out of it (AWS Backup refuses every other cross-account call on a standard vault)`,
      `targets[1].drVault: account ${CENTRAL} is not the recovery account ${RECOVERY}: the DR vault holds the copy the recovery account restores, so it is the recovery account's`,
    ]);
    const failover = (nhsWith() as { failover: unknown }).failover;
    expect(lines(checkPlan(crossAccountWith({ failover })))).toContainEqual(
      expect.stringMatching(/^failover: a failover switches the writer of a production database in the workload account/),
    );
  });

  it('reads account ids as quoted strings, as YAML would otherwise turn them into numbers', () => {
    expect(lines(checkPlan(crossAccountWith({ 'accounts.recovery': 777788889999 })))).toEqual([expect.stringMatching(/^accounts\.recovery: /)]);
  });
});
