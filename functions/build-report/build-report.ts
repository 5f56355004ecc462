// Build Report: the drill's verdict from every target's result. A target whose child execution could not report
// (it crashed or was stopped) still appears, as FAILED with the reason, so no target silently drops out.
import { z } from 'zod';
import { drillContextSchema, targetItemSchema, targetResultSchema, type TargetResult } from '../../lib/drill/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import type { DrillReport } from '../../lib/report/schema';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const erroredSchema = z.object({
  targetId: z.string(),
  type: z.string(),
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

const eventSchema = z.object({
  drill: drillContextSchema,
  items: z.array(targetItemSchema),
  results: z.array(z.union([targetResultSchema, erroredSchema])),
});

export async function buildReport(event: unknown, deps: Pick<Deps, 'now'>): Promise<DrillReport> {
  const { drill, items, results } = parsePayload(eventSchema, event, 'Build Report');
  const normalised = results.map((result, index): TargetResult => {
    if ('verdict' in result) return result;
    const objectives = items[index]?.objectives ?? { rtoMinutes: 0, rpoMinutes: 0 };
    return {
      targetId: result.targetId,
      type: result.type,
      verdict: 'FAILED',
      reason: `its drill execution did not finish (${describeChildFailure(result.error)}); check that its cleanup ran`,
      failedStep: 'execution',
      recoveryPoint: null,
      jobs: { copyJobId: null, restoreJobId: null },
      restoredResourceArn: null,
      timeline: [],
      minutes: { copy: null, restore: null, instance: null, validation: null, total: null },
      rto: { measuredMinutes: null, objectiveMinutes: objectives.rtoMinutes, met: false },
      rpo: { measuredMinutes: null, objectiveMinutes: objectives.rpoMinutes, met: false },
      checks: [],
      cleanup: { complete: false, deleted: [], leftBehind: ['unknown: the execution ended before its cleanup was confirmed'], errors: [] },
    };
  });
  return buildDrillReport({ drill, results: normalised, finishedAt: deps.now().toISOString() });
}

/** A failed startExecution.sync:2 carries the child's DescribeExecution as its Cause: show the child's own error. */
function describeChildFailure(error: { Error: string; Cause?: string }): string {
  try {
    const child = JSON.parse(error.Cause ?? '') as { Error?: string; Cause?: string };
    if (child && typeof child.Error === 'string') return `${child.Error}: ${String(child.Cause ?? '').slice(0, 200)}`;
  } catch {
    // Not a child description: fall through to the raw error.
  }
  return `${error.Error}${error.Cause ? `: ${error.Cause.slice(0, 200)}` : ''}`;
}
