import { readFileSync } from 'node:fs';
import { checkPlan, parsePlanText, type PlanCheck } from '../../lib/plan/load';
import { formatProblem } from '../../lib/plan/problem';
import { TARGET_TYPES } from '../../lib/plan/schema';
import { AU_EXAMPLE, NHS_EXAMPLE, REMOVE, auWith, nhsWith } from './plan-fixtures';

/** Every target type, in the plan's order (aurora, rds, dynamodb, ebs, ec2, efs, s3, then the types added since). */
const TYPES = TARGET_TYPES.join(', ');

const lines = (result: PlanCheck) => (result.ok ? [] : result.problems.map(formatProblem));

describe('reading a drill plan', () => {
  it('accepts the NHS example as written and fills in the defaults', () => {
    const result = parsePlanText(readFileSync(NHS_EXAMPLE, 'utf8'), NHS_EXAMPLE);

    expect(lines(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.plan.targets.map((t) => `${t.id} (${t.type})`)).toEqual([
      'patients-db (aurora)',
      'appointments (dynamodb)',
      'documents (s3)',
      'shared-files (efs)',
    ]);
    expect(result.plan.concurrency).toBe(4);
    expect(result.plan.timeouts.restoreMinutes).toBe(360);
  });

  it('accepts the Australian imaging example, YAML anchors and all', () => {
    const result = parsePlanText(readFileSync(AU_EXAMPLE, 'utf8'), AU_EXAMPLE);

    expect(lines(result)).toEqual([]);
    expect(result.ok && result.plan.targets.map((t) => t.drVault)).toEqual([
      'arn:aws:backup:ap-southeast-4:444455556666:backup-vault:au-imaging-dr',
      'arn:aws:backup:ap-southeast-4:444455556666:backup-vault:au-imaging-dr',
      'arn:aws:backup:ap-southeast-4:444455556666:backup-vault:au-imaging-dr',
    ]);
  });

  it('refuses the RDS Data API on an RDS DB instance target with the reason (only Aurora clusters have the HTTP endpoint), and accepts it on Aurora', () => {
    const validation = {
      engine: 'postgres',
      database: 'pacs',
      secretArn: 'arn:aws:secretsmanager:ap-southeast-4:444455556666:secret:au-imaging/pacs-db/drill-readonly-Ab12Cd',
      dataApi: true,
      sql: [{ name: 'studies', query: 'SELECT count(*) FROM studies', expect: '> 0' }],
    };

    expect(lines(checkPlan(auWith({ 'targets[1].validation': validation })))).toEqual([
      'targets[1].validation.dataApi: the RDS Data API exists only on Aurora DB clusters (EnableHttpEndpoint); run the checks of an RDS DB instance over a connection (remove dataApi)',
    ]);
    expect(checkPlan(auWith({ 'targets[1].validation': { ...validation, dataApi: false } })).ok).toBe(true);
    expect(checkPlan(nhsWith({ 'targets[0].validation.dataApi': true })).ok).toBe(true);
  });

  it('accepts a plan object as well as YAML text (the state machine passes objects)', () => {
    expect(checkPlan(nhsWith()).ok).toBe(true);
  });
});

describe('refusing a plan with unknown fields', () => {
  it('names a mistyped field by its path and suggests the field it probably meant', () => {
    const plan = nhsWith({ 'targets[0].restore.subnet': 'dr-isolated-db', 'targets[0].restore.dbSubnetGroupName': REMOVE });

    expect(lines(checkPlan(plan))).toEqual([
      'targets[0].restore.dbSubnetGroupName: missing required field',
      'targets[0].restore.subnet: unknown field (did you mean dbSubnetGroupName?)',
    ]);
  });

  it('catches misspellings, swapped letters and singulars at every level', () => {
    const plan = nhsWith({ regoins: 1, 'targets[1].tpye': 'dynamodb', 'targets[2].drvault': 'x', 'objectives.rto': 60 });

    expect(lines(checkPlan(plan))).toEqual([
      'objectives.rto: unknown field (did you mean rtoMinutes?)',
      'targets[1].tpye: unknown field (did you mean type?)',
      'targets[2].drvault: unknown field (did you mean drVault?)',
      'regoins: unknown field (did you mean regions?)',
    ]);
  });

  it('lists the allowed fields when the unknown one resembles none of them', () => {
    const plan = nhsWith({ 'residency.owner': 'caldicott-guardian' });

    expect(lines(checkPlan(plan))).toEqual(['residency.owner: unknown field (allowed here: policy, allowedRegions)']);
  });

  it("judges a target's fields by its own type: an EBS field is unknown on an Aurora restore", () => {
    const plan = nhsWith({ 'targets[0].restore.availabilityZone': 'eu-west-2a' });

    expect(lines(checkPlan(plan))).toEqual([
      'targets[0].restore.availabilityZone: unknown field (allowed here: dbSubnetGroupName, vpcSecurityGroupIds, instanceClass, kmsKeyArn)',
    ]);
  });

  it('quotes a field name that a plain path could not show', () => {
    const plan = nhsWith({ 'targets[0].restore': { ...restoreOf(nhsWith()), 'kms key': 'x' } });

    expect(lines(checkPlan(plan))).toEqual([
      'targets[0].restore["kms key"]: unknown field (did you mean kmsKeyArn?)',
    ]);
  });
});

describe('refusing a plan with wrong values', () => {
  it('lists the target types when the type is unknown', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[1].type': 'dynamo' })))).toEqual([
      `targets[1].type: must be one of ${TYPES}`,
    ]);
  });

  it('says the same when a target has no type at all', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[3].type': REMOVE })))).toEqual([
      `targets[3].type: must be one of ${TYPES}`,
    ]);
  });

  it('says what kind of value a field expected and what it got', () => {
    const plan = nhsWith({
      'objectives.rtoMinutes': '60',
      'objectives.rpoMinutes': 90.5,
      keepCopies: 'yes',
      'targets[0].drVault': null,
      'targets[0].restore.vpcSecurityGroupIds': 'sg-0a1b2c3d4e5f67890',
    });

    expect(lines(checkPlan(plan))).toEqual([
      'objectives.rtoMinutes: expected a number, got "60"',
      'objectives.rpoMinutes: expected a whole number, got 90.5',
      'keepCopies: expected true or false, got "yes"',
      'targets[0].drVault: expected a string, got an empty value',
      'targets[0].restore.vpcSecurityGroupIds: expected a list, got "sg-0a1b2c3d4e5f67890"',
    ]);
  });

  it('explains a malformed value with the shape it should have and the value it got', () => {
    const plan = nhsWith({
      'regions.dr': 'London',
      'targets[1].resourceArn': 'arn:aws:dynamodb:eu-west-1:111122223333:appointments',
      'targets[0].restore.dbSubnetGroupName': 'default',
    });

    expect(lines(checkPlan(plan))).toEqual([
      'regions.dr: must be an AWS region code such as eu-west-2 (got "London")',
      'targets[0].restore.dbSubnetGroupName: must name an isolated DB subnet group (letters, digits, ".", "_", " ", "-"), not "default" (got "default")',
      'targets[1].resourceArn: must be a DynamoDB table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>) (got "arn:aws:dynamodb:eu-west-1:111122223333:appointments")',
    ]);
  });

  it('gives limits in words: numbers, lists and choices', () => {
    const plan = nhsWith({ concurrency: 100, 'targets[0].restore.vpcSecurityGroupIds': [], 'timeouts.copyMinutes': 0 });

    expect(lines(checkPlan(plan))).toEqual([
      'timeouts.copyMinutes: must be greater than 0 (got 0)',
      'concurrency: must be at most 40 (got 100)',
      'targets[0].restore.vpcSecurityGroupIds: must have at least 1 entry (got 0)',
    ]);
  });

  it('reports a missing required field', () => {
    expect(lines(checkPlan(nhsWith({ 'targets[2].drVault': REMOVE, objectives: REMOVE })))).toEqual([
      'objectives: missing required field',
      'targets[2].drVault: missing required field',
    ]);
  });

  it('reports every problem in one pass, not just the first', () => {
    const plan = nhsWith({
      name: 'NHS Platform',
      'residency.allowedRegions[1]': 'eu-west',
      'targets[0].id': 'Patients DB',
      'targets[1].type': 'table',
      'targets[3].restore': { performanceMode: 'fast' },
      extra: true,
    });

    expect(lines(checkPlan(plan))).toEqual([
      'name: must start with a letter and use only a-z, 0-9 and "-" (got "NHS Platform")',
      'residency.allowedRegions[1]: must be an AWS region code such as eu-west-2 (got "eu-west")',
      'targets[0].id: must start with a letter, use only a-z, 0-9 and single "-" between them, and end with a letter or digit (at most 40 characters) (got "Patients DB")',
      `targets[1].type: must be one of ${TYPES}`,
      'targets[3].restore.performanceMode: must be one of generalPurpose, maxIO (got "fast")',
      'extra: unknown field (allowed here: name, description, residency, regions, accounts, objectives, timeouts, concurrency, recoveryPoint, keepCopies, defaults, targets, selections, schedule, order, coverage, failover)',
    ]);
  });
});

describe('refusing text that is not a plan', () => {
  it('gives the line and column of a YAML syntax error', () => {
    const text = 'name: nhs\nresidency:\n  policy: UK and Ireland\n allowedRegions: [eu-west-1]\n';

    expect(lines(parsePlanText(text))).toEqual(['(root): line 4, column 1: All mapping items must start at the same column']);
  });

  it('refuses a field written twice rather than silently keeping the second', () => {
    expect(lines(parsePlanText('name: nhs\nconcurrency: 4\nname: other\n'))).toEqual([
      '(root): line 3, column 1: Map keys must be unique',
    ]);
  });

  it('refuses an empty file, naming it', () => {
    expect(lines(parsePlanText('# nothing yet\n', 'plans/new.yml'))).toEqual([
      '(root): plans/new.yml is empty: expected a drill plan (name, residency, regions, objectives, targets)',
    ]);
  });

  it('refuses a document that is a list, not a plan', () => {
    expect(lines(parsePlanText('- eu-west-1\n- eu-west-2\n'))).toEqual(['(root): expected a mapping (key: value), got a list']);
  });

  it('refuses an alias to an anchor that does not exist', () => {
    expect(lines(parsePlanText('name: *planName\n'))).toEqual([
      '(root): cannot read the YAML: Unresolved alias (the anchor must be set before the alias): planName',
    ]);
  });

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = [undefined, null, 42, 'plan', [], {}, { targets: [null, 7, 'x', [], {}] }, { residency: [] }];
    for (const input of inputs) {
      const result = checkPlan(input);
      expect(result.ok).toBe(false);
      expect(lines(result).length).toBeGreaterThan(0);
    }
    expect(parsePlanText('\u0000\u0001 : : [').ok).toBe(false);
  });
});

function restoreOf(plan: unknown): Record<string, unknown> {
  return (plan as { targets: { restore: Record<string, unknown> }[] }).targets[0]?.restore ?? {};
}
