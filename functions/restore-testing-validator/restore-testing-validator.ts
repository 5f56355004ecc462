// Validate Restore Test: teams already running AWS Backup restore testing get dr-drill's checks on what it restored.
// EventBridge hands over every completed restore job; one started by a restore testing plan is matched, by the
// resource it came from, to a target of a dr-drill plan in the drill store, checked, and the verdict reported to
// AWS Backup with PutRestoreValidationResult. AWS Backup lets a validation status be set once only, so nothing is
// reported for a transient failure (the async retry gets another chance) and every other outcome is reported once.
// The selection's ValidationWindowHours (0-168) is the "amount of hours (0 to 168) available to run a validation
// script on the data", deleted at the end of it or once validated (AWS Backup API reference,
// RestoreTestingSelectionForCreate): with 0 this validator races the deletion, so the README asks for at least 1 hour.
import { z } from 'zod';
import { DescribeRestoreJobCommand, PutRestoreValidationResultCommand, type DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import type { Logger } from '@aws-lambda-powertools/logger';
import { isTransientAwsError, rethrowClassified } from '../../lib/aws/classify-error';
import type { CheckResult } from '../../lib/drill/contracts';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import type { DrillStore } from '../../lib/drill/store';
import { ValidationTimeoutError } from '../../lib/errors';
import type { Deps } from '../../lib/lambda/deps';
import { parsePayload } from '../../lib/lambda/parse';
import { formatProblem, parsePlanText } from '../../lib/plan/load';
import type { Plan, Target } from '../../lib/plan/schema';
import type { RestoreTestingConfig } from './config';
import { targetChecks } from './target-checks';

export type ValidatorDeps = Deps & RestoreTestingConfig & { log: Pick<Logger, 'info' | 'warn' | 'error'> };

/**
 * `Restore Job State Change` as AWS Backup documents it (AWS Backup Developer Guide, "Monitoring AWS Backup events
 * using Amazon EventBridge"): `restoreTestingPlanArn` is present only for jobs a restore testing plan started, and
 * the CREATED event carries `state` where the others carry `status`.
 */
export const restoreJobEventSchema = z.object({
  source: z.literal('aws.backup'),
  'detail-type': z.literal('Restore Job State Change'),
  region: z.string(),
  detail: z.object({
    restoreJobId: z.string().min(1),
    status: z.string().optional(),
    state: z.string().optional(),
    restoreTestingPlanArn: z.string().optional(),
    sourceResourceArn: z.string().optional(),
    createdResourceArn: z.string().optional(),
  }),
});
export type RestoreJobEvent = z.infer<typeof restoreJobEventSchema>;

export type ValidationStatus = 'SUCCESSFUL' | 'FAILED' | 'TIMED_OUT';

export type RestoreTestOutcome =
  | { action: 'ignored'; restoreJobId: string; reason: string }
  | { action: 'reported'; restoreJobId: string; targetId: string | null; status: ValidationStatus; message: string; checks: CheckResult[] };

interface Verdict {
  targetId: string | null;
  status: ValidationStatus;
  message: string;
  checks: CheckResult[];
}

/** ValidationStatusMessage is shown in the AWS Backup console: a line, not a report. */
const MESSAGE_CHARS = 1000;

export async function validateRestoreTest(event: unknown, deps: ValidatorDeps, store: Pick<DrillStore, 'getText'>): Promise<RestoreTestOutcome> {
  const { detail, region } = parsePayload(restoreJobEventSchema, event, 'Validate Restore Test');
  const restoreJobId = detail.restoreJobId;
  const status = detail.status ?? detail.state ?? 'unknown';
  if (status !== 'COMPLETED') return ignore(deps, restoreJobId, `restore job is ${status}, not COMPLETED: nothing restored to validate yet`);
  if (!detail.restoreTestingPlanArn) {
    return ignore(deps, restoreJobId, 'restore job was not started by a restore testing plan: AWS Backup takes validation results only for restore tests');
  }
  // An event forwarded from another region's bus: its job and restored resource live there, where this function
  // builds no client (residency is checked for the region it runs in). A validator deployed in that region takes it.
  if (region !== deps.region) {
    return ignore(deps, restoreJobId, `restore job ran in ${region}, and this validator checks restores in ${deps.region} only`);
  }

  const planCheck = await readPlan(deps, store);
  // Before AWS Backup is asked about the job or the restored resource is touched: a validator deployed outside the
  // plan's policy is a deployment fault, refused loudly (and reported nowhere, which would need a client there).
  if (planCheck.ok) assertRegionAllowed(deps.region, planCheck.plan.residency, 'restore test validation');

  const backup = deps.clients.get('backup', deps.region);
  let job: DescribeRestoreJobCommandOutput;
  try {
    job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  } catch (error) {
    rethrowClassified(error);
  }
  // Events arrive at least once: a second delivery must not try to change a status AWS Backup keeps for good.
  if (job.ValidationStatus) return ignore(deps, restoreJobId, `restore job already has the validation status ${job.ValidationStatus}`);

  let verdict: Verdict;
  try {
    verdict = planCheck.ok ? await judge(planCheck.plan, detail, job, deps) : failed(planCheck.message);
  } catch (error) {
    // Leave the job unreported so that Lambda's retry of the event can still record the truth.
    if (isTransientAwsError(error)) rethrowClassified(error);
    const name = (error as Error).name ?? 'Error';
    deps.log.error('validation could not run', { restoreJobId, error: name, message: (error as Error).message });
    verdict = failed(`validation could not run (${name}); see the validator's log`);
  }

  const message = verdict.message.length > MESSAGE_CHARS ? `${verdict.message.slice(0, MESSAGE_CHARS - 1)}…` : verdict.message;
  try {
    await backup.send(new PutRestoreValidationResultCommand({ RestoreJobId: restoreJobId, ValidationStatus: verdict.status, ValidationStatusMessage: message }));
  } catch (error) {
    rethrowClassified(error);
  }
  // Check names and verdicts only: reasons can name S3 keys, and logs stay free of anything from the data.
  deps.log.info('restore test validated', {
    restoreJobId,
    targetId: verdict.targetId,
    status: verdict.status,
    checks: verdict.checks.map((c) => ({ name: c.name, passed: c.passed })),
  });
  return { action: 'reported', restoreJobId, targetId: verdict.targetId, status: verdict.status, message, checks: verdict.checks };
}

function ignore(deps: ValidatorDeps, restoreJobId: string, reason: string): RestoreTestOutcome {
  deps.log.info('restore job ignored', { restoreJobId, reason });
  return { action: 'ignored', restoreJobId, reason };
}

const failed = (message: string, targetId: string | null = null): Verdict => ({ targetId, status: 'FAILED', message: `dr-drill: ${message}`, checks: [] });

/**
 * Read for every event, not once per container: an operator's edit applies to the next restore test. A plan that
 * cannot be read or is invalid is reported as the reason the restore test failed validation; throttling is retried.
 */
async function readPlan(deps: ValidatorDeps, store: Pick<DrillStore, 'getText'>): Promise<{ ok: true; plan: Plan } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await store.getText(deps.planKey);
  } catch (error) {
    if (isTransientAwsError(error)) rethrowClassified(error);
    deps.log.error('the dr-drill plan could not be read', { planKey: deps.planKey, error: (error as Error).name, message: (error as Error).message });
    return { ok: false, message: `the plan ${deps.planKey} could not be read (${(error as Error).name}); see the validator's log` };
  }
  const checked = parsePlanText(text, deps.planKey);
  if (checked.ok) return { ok: true, plan: checked.plan };
  deps.log.error('the dr-drill plan is invalid', { planKey: deps.planKey, problems: checked.problems.map(formatProblem) });
  return { ok: false, message: `the plan ${deps.planKey} is invalid (${checked.problems.length} problem(s)); see the validator's log` };
}

async function judge(plan: Plan, detail: RestoreJobEvent['detail'], job: DescribeRestoreJobCommandOutput, deps: ValidatorDeps): Promise<Verdict> {
  const sourceArn = job.SourceResourceArn ?? detail.sourceResourceArn;
  const restoredArn = job.CreatedResourceArn ?? detail.createdResourceArn;
  if (!sourceArn) return failed('AWS Backup names no source resource for this restore job, so it matches no plan target');
  const target = plan.targets.find((t) => t.resourceArn === sourceArn);
  if (!target) return failed(`the source resource ${sourceArn} is not a target of the plan ${deps.planKey}; nothing to check it against`);
  if (!restoredArn) return failed(`AWS Backup names no restored resource for target ${target.id}`, target.id);

  const seconds = target.validation?.timeoutSeconds ?? plan.timeouts.validationMinutes * 60;
  try {
    const outcome = await withDeadline(
      targetChecks({ target, restoredResourceArn: restoredArn, region: deps.region, clients: deps.clients, now: deps.now() }),
      seconds,
    );
    const status = outcome.checks.every((c) => c.passed) ? 'SUCCESSFUL' : 'FAILED';
    return { targetId: target.id, status, message: summary(target, outcome.checks, outcome.notChecked), checks: outcome.checks };
  } catch (error) {
    if (!(error instanceof ValidationTimeoutError)) throw error;
    return { targetId: target.id, status: 'TIMED_OUT', message: `dr-drill target ${target.id} (${target.type}): checks did not finish within ${seconds} s`, checks: [] };
  }
}

/** Names and counts only, so nothing a reason may quote (an S3 key) reaches the AWS Backup console. */
function summary(target: Target, checks: CheckResult[], notChecked: string | null): string {
  const passed = checks.filter((c) => c.passed).length;
  const failedNames = checks.filter((c) => !c.passed).map((c) => c.name);
  const head = `dr-drill target ${target.id} (${target.type}): ${passed} of ${checks.length} checks passed`;
  const body = failedNames.length > 0 ? `; failed: ${failedNames.join(', ')}` : ` (${checks.map((c) => c.name).join(', ')})`;
  return `${head}${body}${notChecked ? `; ${notChecked}` : ''}`;
}

async function withDeadline<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ValidationTimeoutError(`checks did not finish within ${seconds} s`)), seconds * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
