import { checkPlan, type PlanCheck } from '../../lib/plan/load';
import { formatProblem } from '../../lib/plan/problem';
import { accountOfArn, isOneRegionPlan, regionOfArn, residencyFacts } from '../../lib/plan/residency';
import { ONE_REGION_MEANING } from '../../lib/plan/one-region';
import { auWith, nhsWith, ukOnlyWith } from './plan-fixtures';

const lines = (result: PlanCheck) => (result.ok ? [] : result.problems.map(formatProblem));
const UK_POLICY = '[eu-west-1, eu-west-2]';
const vault = (region: string, account = '111122223333') => `arn:aws:backup:${region}:${account}:backup-vault:nhs-patient-platform`;

describe('residency: where a plan may put the data', () => {
  it('accepts both examples', () => {
    expect(lines(checkPlan(nhsWith()))).toEqual([]);
    expect(lines(checkPlan(auWith()))).toEqual([]);
  });

  it('refuses a DR vault in us-east-1 with the path and the policy', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[2].drVault': vault('us-east-1') })))).toEqual([
      `targets[2].drVault: region us-east-1 is outside the residency policy ${UK_POLICY}`,
    ]);
  });

  it('refuses a US region as the DR region of a UK plan, and says the DR vaults no longer match it', () => {
    expect(lines(checkPlan(nhsWith({ 'regions.dr': 'us-east-1' })))).toEqual([
      `regions.dr: region us-east-1 is outside the residency policy ${UK_POLICY}`,
      'targets[0].drVault: region eu-west-2 is not the DR region us-east-1',
      // The database credentials the validation reads must live in the DR region too.
      'targets[0].validation.secretArn: region eu-west-2 is not the DR region us-east-1',
      'targets[1].drVault: region eu-west-2 is not the DR region us-east-1',
      'targets[2].drVault: region eu-west-2 is not the DR region us-east-1',
      'targets[3].drVault: region eu-west-2 is not the DR region us-east-1',
      // The failover's DR cluster and the secret the canary is read with there move with it.
      'failover.targets[0].drClusterArn: region eu-west-2 is not the DR region us-east-1',
      'failover.targets[0].canary.drSecretArn: region eu-west-2 is not the DR region us-east-1',
    ]);
  });

  it('refuses coverage vaults outside the policy or outside the primary region, and defaults coverage to 30 days', () => {
    const plan = nhsWith({ coverage: { vaults: [vault('eu-west-1'), vault('us-east-1'), vault('eu-west-2')] } });

    expect(lines(checkPlan(plan))).toEqual([
      `coverage.vaults[1]: region us-east-1 is outside the residency policy ${UK_POLICY}`,
      'coverage.vaults[2]: region eu-west-2 is not the primary region eu-west-1',
    ]);
    const checked = checkPlan(nhsWith());
    expect(checked.ok && checked.plan.coverage).toEqual({ windowDays: 30 });
  });

  it('refuses a primary region outside the policy', () => {
    const plan = auWith({ 'regions.primary': 'ap-southeast-1' });

    expect(lines(checkPlan(plan))).toEqual([
      'regions.primary: region ap-southeast-1 is outside the residency policy [ap-southeast-2, ap-southeast-4]',
      'targets[0].sourceVault: region ap-southeast-2 is not the primary region ap-southeast-1',
      'targets[1].sourceVault: region ap-southeast-2 is not the primary region ap-southeast-1',
      'targets[1].resourceArn: region ap-southeast-2 is not the primary region ap-southeast-1',
      'targets[2].sourceVault: region ap-southeast-2 is not the primary region ap-southeast-1',
      'targets[2].resourceArn: region ap-southeast-2 is not the primary region ap-southeast-1',
    ]);
  });

  it('refuses a DR region that is the primary region when the policy allows another region', () => {
    expect(lines(checkPlan(nhsWith({ 'regions.dr': 'eu-west-1' })))).toContain(
      'regions.dr: must differ from regions.primary (both are eu-west-1): the residency policy also allows eu-west-2, so the drill restores there; the same region for both is for a policy that allows only one region',
    );
  });

  it('refuses a source vault that is allowed by the policy but not in the primary region', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[0].sourceVault': vault('eu-west-2') })))).toEqual([
      'targets[0].sourceVault: region eu-west-2 is not the primary region eu-west-1',
    ]);
  });

  it('says "outside the policy", not "wrong region", when a vault is both', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[0].sourceVault': vault('us-east-1') })))).toEqual([
      `targets[0].sourceVault: region us-east-1 is outside the residency policy ${UK_POLICY}`,
    ]);
  });

  it('refuses a DR vault in the primary region', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[1].drVault': vault('eu-west-1') })))).toEqual([
      'targets[1].drVault: region eu-west-1 is not the DR region eu-west-2',
    ]);
  });

  it('refuses a resource that is not in the primary region', () => {
    const plan = nhsWith({ 'targets[1].resourceArn': 'arn:aws:dynamodb:eu-west-2:111122223333:table/appointments' });

    expect(lines(checkPlan(plan))).toEqual(['targets[1].resourceArn: region eu-west-2 is not the primary region eu-west-1']);
  });

  it('accepts an S3 bucket ARN, which names no region, and still checks the rest of that target', () => {
    const plan = nhsWith({ 'targets[2].resourceArn': 'arn:aws:s3:::any-bucket-name', 'targets[2].sourceVault': vault('eu-west-2') });

    expect(lines(checkPlan(plan))).toEqual(['targets[2].sourceVault: region eu-west-2 is not the primary region eu-west-1']);
  });

  it('refuses a KMS key for the restored copy outside the DR region', () => {
    const plan = nhsWith({ 'targets[0].restore.kmsKeyArn': 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' });

    expect(lines(checkPlan(plan))).toEqual(['targets[0].restore.kmsKeyArn: region eu-west-1 is not the DR region eu-west-2']);
  });

  it('refuses an EBS volume restored into an availability zone outside the DR region', () => {
    expect(lines(checkPlan(auWith({ 'targets[2].restore.availabilityZone': 'ap-southeast-2b' })))).toEqual([
      'targets[2].restore.availabilityZone: availability zone ap-southeast-2b is not in the DR region ap-southeast-4',
    ]);
    expect(lines(checkPlan(auWith({ 'targets[2].restore.availabilityZone': 'us-west-2a' })))).toEqual([
      'targets[2].restore.availabilityZone: region us-west-2 is outside the residency policy [ap-southeast-2, ap-southeast-4]',
    ]);
  });
});

describe('one-region plans: a policy that allows one region (UK only: London)', () => {
  const LONDON = '[eu-west-2]';
  const londonVault = (name: string) => `arn:aws:backup:eu-west-2:222233334444:backup-vault:${name}`;
  const FAILOVER = nhsWith() as { failover: unknown };

  it('accepts the UK-only example, whose primary and DR region are both eu-west-2', () => {
    const result = checkPlan(ukOnlyWith());

    expect(lines(result)).toEqual([]);
    if (!result.ok) return;
    expect(isOneRegionPlan(result.plan)).toBe(true);
    expect(residencyFacts(result.plan).regionsTouched).toEqual(['eu-west-2']);
  });

  it('is not a one-region plan when the policy allows two regions', () => {
    const result = checkPlan(nhsWith());
    if (!result.ok) throw new Error('the example should be valid');

    expect(isOneRegionPlan(result.plan)).toBe(false);
  });

  it('refuses a failover block, saying why: a failover needs a second region the policy does not allow', () => {
    expect(lines(checkPlan(ukOnlyWith({ failover: FAILOVER.failover })))).toEqual([
      `failover: a failover needs a second region, and the residency policy "UK only" allows only eu-west-2: ${ONE_REGION_MEANING}. Remove the failover block`,
    ]);
  });

  it('accepts restoring from the source vault itself (no copy), or from a separate restore vault (an in-region copy)', () => {
    expect(lines(checkPlan(ukOnlyWith({ 'targets[1].drVault': londonVault('clinical-messaging') })))).toEqual([]);
    expect(lines(checkPlan(ukOnlyWith({ 'targets[1].drVault': londonVault('clinical-messaging-restore') })))).toEqual([]);
  });

  it('still refuses any ARN outside the one allowed region', () => {
    expect(lines(checkPlan(ukOnlyWith({ 'targets[1].drVault': 'arn:aws:backup:eu-west-1:222233334444:backup-vault:restore' })))).toEqual([
      `targets[1].drVault: region eu-west-1 is outside the residency policy ${LONDON}`,
    ]);
  });

  it('refuses a DR region outside the one allowed region', () => {
    expect(lines(checkPlan(ukOnlyWith({ 'regions.dr': 'eu-west-1' })))).toContain(
      `regions.dr: region eu-west-1 is outside the residency policy ${LONDON}`,
    );
  });

  it('refuses one region as primary and DR when the policy also allows another, whatever the order of the list', () => {
    const plan = ukOnlyWith({ 'residency.allowedRegions': ['eu-west-1', 'eu-west-2'] });

    expect(lines(checkPlan(plan))).toEqual([
      'regions.dr: must differ from regions.primary (both are eu-west-2): the residency policy also allows eu-west-1, so the drill restores there; the same region for both is for a policy that allows only one region',
      // No longer a one-region plan, so the example's FSx for NetApp ONTAP volume cannot be drilled in it either.
      expect.stringMatching(/^targets\[3\]\.resourceArn: an FSx for NetApp ONTAP volume can be drilled only from its source vault/),
    ]);
  });

  it('accepts the policy listing its one region twice', () => {
    expect(lines(checkPlan(ukOnlyWith({ 'residency.allowedRegions': ['eu-west-2', 'eu-west-2'] })))).toEqual([]);
  });
});

describe('consistency: one plan, one account, unique ids', () => {
  it('refuses duplicate target ids, pointing at the first use', () => {
    const plan = nhsWith({ 'targets[1].id': 'patients-db', 'targets[3].id': 'patients-db' });

    expect(lines(checkPlan(plan))).toEqual([
      'targets[1].id: duplicate id "patients-db" (also targets[0])',
      'targets[3].id: duplicate id "patients-db" (also targets[0])',
    ]);
  });

  it('reports the ARNs that name a different account from the rest of the plan', () => {
    const plan = nhsWith({
      'targets[1].backupRoleArn': 'arn:aws:iam::999988887777:role/backup',
      'targets[3].resourceArn': 'arn:aws:elasticfilesystem:eu-west-1:999988887777:file-system/fs-0123456789abcdef0',
    });

    expect(lines(checkPlan(plan))).toEqual([
      "targets[1].backupRoleArn: account 999988887777 differs from the plan's account 111122223333",
      "targets[3].resourceArn: account 999988887777 differs from the plan's account 111122223333",
    ]);
  });

  it('reports every residency and consistency problem together', () => {
    const plan = nhsWith({
      'targets[0].drVault': vault('us-east-1'),
      'targets[1].sourceVault': vault('eu-west-2'),
      'targets[2].id': 'appointments',
      'targets[3].drVault': vault('eu-west-2', '999988887777'),
    });

    expect(lines(checkPlan(plan))).toEqual([
      `targets[0].drVault: region us-east-1 is outside the residency policy ${UK_POLICY}`,
      'targets[1].sourceVault: region eu-west-2 is not the primary region eu-west-1',
      'targets[2].id: duplicate id "appointments" (also targets[1])',
      "targets[3].drVault: account 999988887777 differs from the plan's account 111122223333",
    ]);
  });
});

describe('reading ARNs and reporting residency', () => {
  it.each([
    ['arn:aws:backup:eu-west-2:111122223333:backup-vault:v', 'eu-west-2', '111122223333'],
    ['arn:aws:s3:::nhs-patient-platform-documents', undefined, undefined],
    ['arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole', undefined, '111122223333'],
    ['arn:aws-us-gov:rds:us-gov-west-1:111122223333:db:pacs', 'us-gov-west-1', '111122223333'],
    ['not-an-arn', undefined, undefined],
  ])('%s names region %s and account %s', (arn, region, account) => {
    expect(regionOfArn(arn)).toBe(region);
    expect(accountOfArn(arn)).toBe(account);
  });

  it('lists the regions a drill touches for the report: primary, then DR', () => {
    const result = checkPlan(auWith());
    if (!result.ok) throw new Error('the example should be valid');

    expect(residencyFacts(result.plan)).toEqual({
      policy: 'Australia only',
      allowedRegions: ['ap-southeast-2', 'ap-southeast-4'],
      regionsTouched: ['ap-southeast-2', 'ap-southeast-4'],
    });
  });
});
