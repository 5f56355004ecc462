// defaults: merged into targets before the schema runs; a target's own value wins; problems keep a target's path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlan, parsePlanText } from '../../lib/plan/load';
import { planJsonSchema } from '../../lib/plan/json-schema';
import { EXAMPLES_DIR, REMOVE, ukOnlyWith } from './plan-fixtures';

const VAULT = 'arn:aws:backup:eu-west-2:222233334444:backup-vault:clinical-messaging';
const OTHER_VAULT = 'arn:aws:backup:eu-west-2:222233334444:backup-vault:restore-vault';
const ROLE = 'arn:aws:iam::222233334444:role/service-role/AWSBackupDefaultServiceRole';

/** The UK-only example with its first target's vaults, role and restore block moved into `defaults`. */
function withDefaults(defaults: Record<string, unknown>, changes: Record<string, unknown> = {}): unknown {
  return ukOnlyWith({
    'targets[0].sourceVault': REMOVE,
    'targets[0].drVault': REMOVE,
    'targets[0].backupRoleArn': REMOVE,
    'targets[0].restore': REMOVE,
    defaults,
    ...changes,
  });
}

const RDS_RESTORE = { dbSubnetGroupName: 'restore-isolated-db', vpcSecurityGroupIds: ['sg-0b1c2d3e4f5a60718'], instanceClass: 'db.t4g.large' };

describe('plan defaults', () => {
  it('fill what a target does not set, per type for restore settings', () => {
    const result = checkPlan(withDefaults({ sourceVault: VAULT, drVault: VAULT, backupRoleArn: ROLE, restore: { rds: RDS_RESTORE } }));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first] = result.plan.targets;
    expect(first).toMatchObject({ id: 'messages-db', sourceVault: VAULT, drVault: VAULT, backupRoleArn: ROLE, restore: RDS_RESTORE });
  });

  it("lose to the target's own value, field by field inside restore too", () => {
    const result = checkPlan(
      withDefaults(
        { sourceVault: VAULT, drVault: VAULT, backupRoleArn: ROLE, restore: { rds: RDS_RESTORE } },
        { 'targets[0].drVault': OTHER_VAULT, 'targets[0].restore': { instanceClass: 'db.r6g.large' } },
      ),
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.targets[0]).toMatchObject({ drVault: OTHER_VAULT, restore: { ...RDS_RESTORE, instanceClass: 'db.r6g.large' } });
  });

  it("of another type are not read for a target (an aurora default is no error for an rds target)", () => {
    const result = checkPlan(
      withDefaults({ sourceVault: VAULT, drVault: VAULT, backupRoleArn: ROLE, restore: { rds: RDS_RESTORE, aurora: { instanceClass: 'db.serverless' } } }),
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.targets[0]?.restore).toEqual(RDS_RESTORE);
  });

  it('say a missing field is missing from the target and from defaults, at the target path', () => {
    const result = checkPlan(withDefaults({ sourceVault: VAULT, backupRoleArn: ROLE, restore: { rds: { ...RDS_RESTORE, dbSubnetGroupName: undefined } } }));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: 'targets[0].drVault', message: 'missing from the target and from defaults: set it here or in defaults.drVault' },
        { path: 'targets[0].restore.dbSubnetGroupName', message: 'missing from the target and from defaults: set it here or in defaults.restore.rds.dbSubnetGroupName' },
      ]),
    );
  });

  it('report a bad default once, at defaults, not once per target', () => {
    const result = checkPlan(
      withDefaults(
        { sourceVault: VAULT, drVault: 'vault-by-name', backupRoleArn: ROLE, restore: { rds: RDS_RESTORE } },
        { 'targets[1].drVault': REMOVE },
      ),
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['defaults.drVault']);
  });

  it('refuse a restore setting a type does not have, where it is written', () => {
    const result = checkPlan(withDefaults({ sourceVault: VAULT, drVault: VAULT, backupRoleArn: ROLE, restore: { rds: { ...RDS_RESTORE, subnetId: 'subnet-0123456789abcdef0' } } }));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.objectContaining({ path: 'defaults.restore.rds.subnetId' })]);
  });

  it('refuse a restore block for a type that does not exist', () => {
    const result = checkPlan(withDefaults({ sourceVault: VAULT, drVault: VAULT, backupRoleArn: ROLE, restore: { rds: RDS_RESTORE, oracle: {} } }));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.objectContaining({ path: 'defaults.restore.oracle' })]);
  });
});

describe("the JSON Schema with defaults", () => {
  type Member = { required: string[]; properties: Record<string, { description?: string; required?: string[] }> };
  const members = () => ((planJsonSchema().properties as Record<string, { items: { oneOf: Member[] } }>).targets!.items.oneOf);

  it('does not require on a target what defaults can give, and says so on hover', () => {
    const rds = members().find((m) => (m.properties.type as { const?: string }).const === 'rds')!;

    expect(rds.required).toEqual(['id', 'type', 'resourceArn']);
    expect(rds.properties.restore?.required).toBeUndefined();
    expect(rds.properties.drVault?.description).toMatch(/Required here unless defaults\.drVault gives it/);
    expect(rds.properties.restore?.description).toMatch(/defaults\.restore\.rds/);
  });

  it('still requires what nothing else can give', () => {
    for (const member of members()) expect(member.required).toEqual(expect.arrayContaining(['id', 'type', 'resourceArn']));
  });
});

describe('the example plan with defaults and selections', () => {
  const FILE = join(EXAMPLES_DIR, 'fleet-with-selections.yml');

  it('is valid, names the JSON Schema on its first line, and its listed target takes the defaults it does not override', () => {
    const text = readFileSync(FILE, 'utf8');
    const result = parsePlanText(text);

    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/drill-plan.schema.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.targets[0]).toMatchObject({
      drVault: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-patient-platform-dr',
      restore: { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890'], instanceClass: 'db.r6g.xlarge' },
    });
    expect(result.plan.selections?.map((s) => [s.name, s.type, s.sourceVault, s.resourceArns])).toEqual([
      ['prod-aurora', 'aurora', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform', ['*']],
      ['prod-tables', 'dynamodb', 'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform', ['*']],
    ]);
    expect(result.plan.selections?.[0]).toMatchObject({ restore: { instanceClass: 'db.r6g.large' } });
  });
});
