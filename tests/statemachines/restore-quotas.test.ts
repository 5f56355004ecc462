// Scenario: plans with more EFS file systems than AWS Backup's restore quota for EFS (30 at once; "AWS Backup quotas",
// restore testing plan quotas) drilled at concurrency 40 on the REAL definitions and the local simulation. The
// restore jobs of a type never overlap beyond its quota, and the plan's concurrency is still used.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { RESTORE_QUOTAS } from '../../lib/plan/restore-quotas';
import { nhsRestorePlanInput, type PlanInput } from './example-plans';

jest.setTimeout(120_000);

type Ran = Extract<LocalDrillResult, { refused: false }>;

/** The NHS example's target of `type`, `n` times over, each with its own resource; no data checks (orchestration only). */
function copies(type: string, n: number): PlanInput[] {
  const template = (nhsRestorePlanInput().targets as PlanInput[]).find((t) => t.type === type)!;
  const { validation: _validation, ...rest } = template;
  return Array.from({ length: n }, (_, i) => {
    const resourceArn = String(rest.resourceArn).replace(/([:/])([^:/]+)$/, (_m, sep: string, name: string) =>
      `${sep}${name.startsWith('fs-') ? `fs-${(i + 1).toString(16).padStart(8, '0')}` : `${name}-${i + 1}`}`,
    );
    return { ...rest, id: `${type}-${i + 1}`, resourceArn };
  });
}

async function drill(targets: PlanInput[], concurrency: number): Promise<Ran> {
  const result = await runLocalDrill({ plan: { ...nhsRestorePlanInput(), name: 'quota-drill', concurrency, targets }, seed: 'restore-quotas' });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result;
}

/** The most intervals open at one instant ([start, end): one ending as another starts is not an overlap). */
function mostAtOnce(intervals: { start: number; end: number }[]): number {
  const edges = intervals.flatMap((i) => [{ at: i.start, step: 1 }, { at: i.end, step: -1 }]).sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (open += e.step));
  return most;
}

const restoresAtOnce = (r: Ran, resourceType: string) =>
  mostAtOnce(r.account.restoreJobs().filter((j) => j.resourceType === resourceType).map((j) => ({ start: j.createdAt, end: j.endAt })));
const targetsAtOnce = (r: Ran) =>
  mostAtOnce(r.children.map((c) => ({ start: Date.parse(c.startedAt), end: Date.parse(c.stoppedAt ?? c.startedAt) })));

describe('AWS Backup\'s restore quota per resource type on the local simulation', () => {
  it('never has more than 30 EFS restores running at once for 45 EFS targets at concurrency 40, and drills them all', async () => {
    const r = await drill(copies('efs', 45), 40);

    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.counts.passed).toBe(45);
    expect(r.account.restoreJobs().filter((j) => j.resourceType === 'EFS')).toHaveLength(45);
    expect(restoresAtOnce(r, 'EFS')).toBeLessThanOrEqual(RESTORE_QUOTAS.efs);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('still drills 40 targets at once in a mixed plan, with EFS kept to its quota', async () => {
    const r = await drill([...copies('efs', 45), ...copies('dynamodb', 45)], 40);

    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.counts.passed).toBe(90);
    expect(targetsAtOnce(r)).toBe(40);
    expect(restoresAtOnce(r, 'EFS')).toBeLessThanOrEqual(RESTORE_QUOTAS.efs);
  });
});
