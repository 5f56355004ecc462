// Validate Restored Resource: runs the target's checks against what was restored in the DR region.
// A failed check is a result (the verdict is decided by Evaluate Target after cleanup), not an exception.
import { z } from 'zod';
import { drillContextSchema, targetNamesSchema, type ValidationResult } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';
import { readinessChecks } from './readiness';

const eventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  names: targetNamesSchema,
  restore: z.object({ job: z.object({ CreatedResourceArn: z.string().min(1) }) }),
});

export async function validateRestore(event: unknown, deps: Deps): Promise<ValidationResult> {
  const { drill, target, names, restore } = parsePayload(eventSchema, event, 'Validate Restored Resource');
  const region = assertRegionAllowed(drill.drRegion, drill, `target ${target.id} validation`);
  const startedAt = deps.now().toISOString();
  try {
    const checks = await readinessChecks({
      target,
      names,
      restoredResourceArn: restore.job.CreatedResourceArn,
      region,
      clients: deps.clients,
    });
    return { passed: checks.every((c) => c.passed), startedAt, finishedAt: deps.now().toISOString(), checks };
  } catch (error) {
    rethrowClassified(error);
  }
}
