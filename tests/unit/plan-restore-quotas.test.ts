import { RESTORE_QUOTAS, crowdedTypes, restorePhases } from '../../lib/plan/restore-quotas';
import type { Target } from '../../lib/plan/schema';

const many = (type: Target['type'], n: number) => Array.from({ length: n }, (_, i) => ({ id: `${type}-${i + 1}`, type }));
const countIn = (phase: string[], type: string) => phase.filter((id) => id.startsWith(`${type}-`)).length;

describe('restore phases: AWS Backup\'s restore quota per resource type', () => {
  it('holds the quotas of the AWS Backup quotas page, restore testing section', () => {
    expect(RESTORE_QUOTAS).toEqual({ aurora: 40, rds: 40, dynamodb: 40, ebs: 100, ec2: 100, efs: 30, s3: 30, fsx: 40, 'fsx-ontap': 40, docdb: 40, neptune: 40 });
  });

  it('keeps a plan in one phase, in plan order, when no type has more targets than its quota', () => {
    const targets = [...many('efs', 30), ...many('aurora', 40), ...many('s3', 30), ...many('ebs', 100)];

    expect(restorePhases(targets, 40)).toEqual([targets.map((t) => t.id)]);
  });

  it('keeps a plan in one phase when its concurrency is within every quota, however many targets of a type', () => {
    const targets = [...many('efs', 200), ...many('s3', 200)];

    expect(restorePhases(targets, 30)).toEqual([targets.map((t) => t.id)]);
  });

  it('splits 45 EFS targets at concurrency 40 into two phases of at most 30, evenly and in plan order', () => {
    const phases = restorePhases(many('efs', 45), 40);

    expect(phases.map((p) => p.length)).toEqual([23, 22]);
    expect(phases.flat()).toEqual(many('efs', 45).map((t) => t.id));
  });

  it('spreads the other types over the phases, so each phase still fills the plan\'s concurrency', () => {
    const targets = [...many('efs', 45), ...many('ebs', 60), ...many('aurora', 20)];
    const phases = restorePhases(targets, 40);

    expect(phases).toHaveLength(2);
    for (const phase of phases) {
      expect(countIn(phase, 'efs')).toBeLessThanOrEqual(30);
      expect(phase.length).toBeGreaterThan(40);
    }
    expect(phases.flat().sort()).toEqual(targets.map((t) => t.id).sort());
  });

  it('needs as many phases as the most crowded type: 250 S3 and 250 EFS at 40 take 9, none over 30 of a type', () => {
    const targets = [...many('s3', 250), ...many('efs', 250), ...many('dynamodb', 250), ...many('aurora', 250)];
    const phases = restorePhases(targets, 40);

    expect(phases).toHaveLength(9);
    for (const phase of phases) for (const type of ['s3', 'efs']) expect(countIn(phase, type)).toBeLessThanOrEqual(30);
  });

  it('names the crowded types: more targets than the quota, at a concurrency above it', () => {
    const targets = [...many('efs', 45), ...many('s3', 20), ...many('aurora', 100)];

    expect(crowdedTypes(targets, 40)).toEqual([{ type: 'efs', targets: 45, quota: 30 }]);
    expect(crowdedTypes(targets, 30)).toEqual([]);
  });

  it('has no phase for a plan with no restore targets', () => {
    expect(restorePhases([], 40)).toEqual([]);
  });
});
