// Validate Restored Resource: runs the target's checks against what was restored in the DR region.
// A failed check is a result (the verdict is decided by Evaluate Target after cleanup), not an exception.
// What is checked is the target type's own (lib/resource-types/targets/<type>/checks.ts): readiness, then data checks.
import { z } from 'zod';
import { ceilingsSchema, drillContextSchema, targetNamesSchema, type ValidationResult } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { ValidationTimeoutError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';
import { checksFor } from '../../lib/resource-types/targets/checks-registry';

const eventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  names: targetNamesSchema,
  ceilings: ceilingsSchema,
  restore: z.object({ job: z.object({ CreatedResourceArn: z.string().min(1) }) }),
});

export async function validateRestore(event: unknown, deps: Deps): Promise<ValidationResult> {
  const { drill, target, names, ceilings, restore } = parsePayload(eventSchema, event, 'Validate Restored Resource');
  const region = assertRegionAllowed(drill.drRegion, drill, `target ${target.id} validation`);
  const startedAt = deps.now().toISOString();
  const restoredResourceArn = restore.job.CreatedResourceArn;
  const checksOfType = checksFor(target);
  try {
    const { checks, dataAgeSeconds } = await withDeadline(
      (async () => {
        const readiness = await checksOfType.readiness({ target, names, restoredResourceArn, region, clients: deps.clients });
        // Data checks need a resource that is there and reachable: when readiness failed they would only add noise.
        if (!readiness.every((c) => c.passed)) return { checks: readiness, dataAgeSeconds: null };
        const data = await checksOfType.dataChecks({ target, names, restoredResourceArn, region, clients: deps.clients, sql: deps.sql, ports: deps.dataPorts, httpHealthNotRun: deps.httpHealthNotRun, now: deps.now() });
        return { checks: [...readiness, ...data.checks], dataAgeSeconds: data.dataAgeSeconds };
      })(),
      ceilings.validationSeconds,
      `target ${target.id}: validation did not finish within the plan's ${ceilings.validationSeconds} s`,
    );
    return { passed: checks.every((c) => c.passed), startedAt, finishedAt: deps.now().toISOString(), checks, dataAgeSeconds };
  } catch (error) {
    rethrowClassified(error);
  }
}

async function withDeadline<T>(work: Promise<T>, seconds: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ValidationTimeoutError(message)), seconds * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
