// One-region plans (issue 13): a residency policy that allows one region ("UK only" leaves London, eu-west-2) names it
// as both primary and DR region. No imports: the report, the evidence page and the notifications use these words, and
// their Lambdas should not carry the plan's validation to say them.

/** What a one-region policy means for the drill, in the words the report, evidence and notifications give. */
export const ONE_REGION_MEANING = 'a regional outage cannot be recovered within this residency policy; this drill proves recovery from backup';

/** True when the drill backs up and restores in the same region and the policy allows no other. */
export function isOneRegion(primary: string, dr: string, allowedRegions: readonly string[]): boolean {
  return primary === dr && allowedRegions.every((r) => r === primary);
}

/** The meaning to put in a report's residency, or undefined for a two-region drill (its report keeps its old shape). */
export function oneRegionMeaning(primary: string, dr: string, allowedRegions: readonly string[]): string | undefined {
  return isOneRegion(primary, dr, allowedRegions) ? ONE_REGION_MEANING : undefined;
}
