// The regions this deployment's IAM allows: allowedRegions in config/<stage>.yml (by default the deployed plan's
// residency.allowedRegions), given to Check Plan as ALLOWED_REGIONS. Every role of the stack denies any request
// outside them, so a plan whose residency policy reaches further is refused at Check Plan, in words, rather than
// denied by IAM half-way through a drill.
import { REGION_PATTERN } from './schema';

/** Read once at cold start; a missing or malformed list is a deployment fault worth failing loudly on. */
export function readDeploymentRegions(env: NodeJS.ProcessEnv): string[] {
  const raw = env.ALLOWED_REGIONS;
  if (!raw) throw new Error("ALLOWED_REGIONS is not set: Check Plan cannot compare the plan with the regions this deployment's IAM allows");
  const regions = raw.split(',').map((r) => r.trim());
  const bad = regions.filter((r) => !REGION_PATTERN.test(r));
  if (bad.length > 0) throw new Error(`ALLOWED_REGIONS must list AWS region codes separated by commas; not region codes: ${JSON.stringify(bad)}`);
  return regions;
}

/** The regions the plan's residency policy allows that the deployment does not, in the plan's order. */
export function regionsBeyondDeployment(planAllowedRegions: readonly string[], deploymentRegions: readonly string[]): string[] {
  return planAllowedRegions.filter((r) => !deploymentRegions.includes(r));
}
