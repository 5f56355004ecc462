// What a person (console, CLI) or the schedule may give the drill state machine. `{}` runs the deployed plan as it
// is; every field narrows or changes that run. Strict: a misspelt option must fail at once, in words, rather than be
// ignored by a drill that then does something else than asked.
import { z } from 'zod';
import { DrillInputError } from '../errors';
import { triggerSchema } from '../evidence/contracts';

export const drillInputSchema = z.strictObject({
  plan: z.unknown().optional().describe('A plan as JSON, instead of the deployed plan'),
  planKey: z
    .string()
    .regex(/^plans\/[\w./-]+\.(ya?ml|json)$/, 'must be plans/<file>.yml, .yaml or .json')
    .optional()
    .describe('A plan file in the drill store (plans/<file>), for plans larger than an execution input may be'),
  only: z.array(z.string().min(1)).max(1000).optional().describe('Run only these targets (restore or failover ids)'),
  dryRun: z.boolean().optional().describe('Check everything, create and change nothing, report what a real run would do'),
  skipFailover: z.boolean().optional().describe('Run the restore drill only'),
  approvedBy: z.string().min(1).max(200).optional().describe('Approve the failover at start (the CLI records its caller)'),
  trigger: triggerSchema.optional().describe('Who or what started the drill (the schedule sets it)'),
});
export type DrillInput = z.infer<typeof drillInputSchema>;

export function parseDrillInput(input: unknown): DrillInput {
  const parsed = drillInputSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const allowed = Object.keys(drillInputSchema.shape).join(', ');
  const problems = parsed.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.join('.') || 'input';
    if (issue.code === 'unrecognized_keys') return `${path}: unknown option(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowed})`;
    return `${path}: ${issue.message}`;
  });
  throw new DrillInputError(`the drill input is not valid: ${problems.join('; ')}. Start with {} to run the deployed plan.`);
}
