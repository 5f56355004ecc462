// The region a command talks to: --region, else the AWS environment variables. Never a built-in default: the drill
// stack lives in the plan's DR region, and a silent us-east-1 would look for it in the wrong country.
import { REGION_PATTERN } from '../../lib/plan/schema';

export type Resolved<T> = { ok: true; value: T } | { ok: false; problem: string };

export function resolveRegion(option: string | undefined, env: Record<string, string | undefined>): Resolved<string> {
  const [region, from] =
    option !== undefined ? [option, '--region'] : env.AWS_REGION ? [env.AWS_REGION, 'AWS_REGION'] : env.AWS_DEFAULT_REGION ? [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'] : [];
  if (region === undefined) {
    return { ok: false, problem: "no region: give --region (the plan's DR region, where the stack is deployed) or set AWS_REGION" };
  }
  if (!REGION_PATTERN.test(region)) return { ok: false, problem: `${from} ${region} is not an AWS region code such as eu-west-2` };
  return { ok: true, value: region };
}

/** Serverless stages become part of the stack name `dr-drill-<stage>`: letters, digits and hyphens. */
const STAGE = /^[A-Za-z0-9-]{1,100}$/;

export function checkStage(stage: string | undefined): Resolved<string> {
  if (stage === undefined) return { ok: false, problem: '--stage is required: the stage the drill stack was deployed with (stack dr-drill-<stage>)' };
  if (!STAGE.test(stage)) return { ok: false, problem: `--stage ${stage} is not a stage name (letters, digits and "-")` };
  return { ok: true, value: stage };
}
