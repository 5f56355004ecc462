// The last line of residency defence inside the Lambdas: whatever the plan and the state machine say, a client
// is only ever built for a region the drill's policy allows.
import { ResidencyViolationError } from '../errors';
import type { DrillContext } from './contracts';

export function assertRegionAllowed(region: string, drill: Pick<DrillContext, 'allowedRegions'>, purpose: string): string {
  if (!drill.allowedRegions.includes(region)) {
    throw new ResidencyViolationError(
      `${purpose}: region ${region} is outside the residency policy [${drill.allowedRegions.join(', ')}]`,
    );
  }
  return region;
}
