// Residency and consistency rules that the schema cannot express, run on a plan that already has the right shape.
// A drill copies patient data to another region: a plan that names a region outside the policy must never run.
import { formatPath, type Problem } from './problem';
import { definitionOf } from '../resource-types/targets/definition-registry';
import type { Plan, Target } from './schema';
import { isOneRegion, ONE_REGION_MEANING } from './one-region';
import { checkAccounts, isSharedAirGapped } from './accounts';

/** The region an ARN names, or undefined for global ones (IAM roles, S3 buckets: `arn:aws:s3:::bucket`). */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

/** The 12-digit account an ARN names, or undefined when it names none (S3 buckets). */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

export interface ResidencyFacts {
  policy: string;
  allowedRegions: string[];
  /** Every region the drill makes calls in. */
  regionsTouched: string[];
}

export function residencyFacts(plan: Plan): ResidencyFacts {
  return {
    policy: plan.residency.policy,
    allowedRegions: [...plan.residency.allowedRegions],
    regionsTouched: [...new Set([plan.regions.primary, plan.regions.dr])],
  };
}

interface ArnField {
  path: string;
  arn: string;
  /** Which of the plan's regions the ARN must name, when it names a region at all (IAM roles do not). */
  where?: 'primary' | 'DR';
}

export function checkResidency(plan: Plan): Problem[] {
  const { primary, dr } = plan.regions;
  const allowed = new Set(plan.residency.allowedRegions);
  const policy = `[${plan.residency.allowedRegions.join(', ')}]`;
  const outside = (region: string) => (allowed.has(region) ? undefined : `region ${region} is outside the residency policy ${policy}`);
  const problems: Problem[] = [];
  const add = (path: string, message: string | undefined) => {
    if (message) problems.push({ path, message });
  };

  add('regions.primary', outside(primary));
  add('regions.dr', outside(dr) ?? (dr === primary ? sameRegion(plan) : undefined));

  const misplaced = (region: string, where: ArnField['where']) => {
    const expected = where === 'primary' ? primary : dr;
    return where && region !== expected ? `region ${region} is not the ${where} region ${expected}` : undefined;
  };

  const fieldsByTarget = plan.targets.map((target, i) => arnFields(plan, target, i));
  // A plan that names its accounts is checked account by account (lib/plan/accounts.ts); one without is in one account.
  const account = plan.accounts ? undefined : mostCommonAccount(fieldsByTarget.flat());
  const firstIndexOf = new Map<string, number>();

  const oneRegion = isOneRegionPlan(plan);
  plan.targets.forEach((target, i) => {
    const first = firstIndexOf.get(target.id);
    if (first === undefined) firstIndexOf.set(target.id, i);
    else add(formatPath(['targets', i, 'id']), `duplicate id "${target.id}" (also targets[${first}])`);

    for (const field of fieldsByTarget[i] ?? []) {
      const region = regionOfArn(field.arn);
      if (region) add(field.path, outside(region) ?? misplaced(region, field.where));
      const own = accountOfArn(field.arn);
      if (own && account && own !== account) add(field.path, `account ${own} differs from the plan's account ${account}`);
    }

    // The availability zones a type's restore names (EBS: the volume's), from its definition.
    for (const { path, zone } of definitionOf(target).restoreZones?.(target) ?? []) {
      const region = zone.slice(0, -1);
      add(
        formatPath(['targets', i, ...path]),
        outside(region) ?? (region === dr ? undefined : `availability zone ${zone} is not in the DR region ${dr}`),
      );
    }
    // What a type asks of the whole plan (its definition's planProblems).
    for (const { path, message } of definitionOf(target).planProblems?.(target, { oneRegion }) ?? []) add(formatPath(['targets', i, ...path]), message);
  });
  // Coverage reads what these vaults protect in the primary region, as selections read their sourceVault.
  plan.coverage?.vaults?.forEach((vault, i) => {
    const region = regionOfArn(vault);
    if (region) add(formatPath(['coverage', 'vaults', i]), outside(region) ?? misplaced(region, 'primary'));
  });
  if (oneRegion) checkOneRegion(plan, add);
  else if (plan.failover) checkFailoverResidency(plan, add, outside, misplaced, account);
  problems.push(...checkAccounts(plan));
  return problems;
}

/**
 * A one-region plan: the residency policy allows exactly one region (UK only leaves London, eu-west-2), so the drill
 * restores in the region it backs up. It proves recovery from backup; a regional outage cannot be recovered within
 * such a policy, and the report says so (ONE_REGION_MEANING).
 */
export function isOneRegionPlan(plan: Pick<Plan, 'regions' | 'residency'>): boolean {
  return isOneRegion(plan.regions.primary, plan.regions.dr, plan.residency.allowedRegions);
}

// Two regions allowed but one named: the plan would prove less than its policy permits, and the report's words
// ("a regional outage cannot be recovered") would not be true. A one-region plan is for a one-region policy.
function sameRegion(plan: Plan): string | undefined {
  if (isOneRegionPlan(plan)) return undefined;
  const { dr } = plan.regions;
  const others = plan.residency.allowedRegions.filter((r) => r !== dr);
  return `must differ from regions.primary (both are ${dr}): the residency policy also allows ${others.join(', ')}, so the drill restores there; the same region for both is for a policy that allows only one region`;
}

// In one region the recovery point is already where the restore happens. With drVault the source vault itself, the
// drill restores it where it is (what a real recovery in that region does) and copies nothing; with a separate
// restore vault it makes an in-region copy there first (AWS Backup copies "to a different vault" in the same Region
// and account for the types it can copy across Regions, Developer Guide "Backup and tag copy") and restores that.
// Either way Clean Up deletes only a copy the drill made, never a backup of production. A failover needs a second
// region the policy does not have.
function checkOneRegion(plan: Plan, add: Add): void {
  if (plan.failover) {
    add(
      'failover',
      `a failover needs a second region, and the residency policy "${plan.residency.policy}" allows only ${plan.regions.primary}: ${ONE_REGION_MEANING}. Remove the failover block`,
    );
  }
}

type Add = (path: string, message: string | undefined) => void;

// A failover moves the writer of a production database: every member, secret and ARC endpoint must be in the policy,
// and the two clusters in the plan's two regions, or the drill would switch patient data somewhere else.
function checkFailoverResidency(
  plan: Plan,
  add: Add,
  outside: (region: string) => string | undefined,
  misplaced: (region: string, where: ArnField['where']) => string | undefined,
  account: string | undefined,
): void {
  const targets = plan.failover?.targets ?? [];
  const firstIndexOf = new Map<string, number>();
  targets.forEach((target, i) => {
    const at = (...rest: (string | number)[]) => formatPath(['failover', 'targets', i, ...rest]);
    const first = firstIndexOf.get(target.id);
    if (first === undefined) firstIndexOf.set(target.id, i);
    else add(at('id'), `duplicate id "${target.id}" (also failover.targets[${first}])`);
    const fields: ArnField[] = [
      { path: at('primaryClusterArn'), arn: target.primaryClusterArn, where: 'primary' },
      { path: at('drClusterArn'), arn: target.drClusterArn, where: 'DR' },
      { path: at('canary', 'secretArn'), arn: target.canary.secretArn, where: 'primary' },
      { path: at('canary', 'drSecretArn'), arn: target.canary.drSecretArn, where: 'DR' },
    ];
    for (const field of fields) {
      const region = regionOfArn(field.arn);
      if (region) add(field.path, outside(region) ?? misplaced(region, field.where));
      const own = accountOfArn(field.arn);
      if (own && account && own !== account) add(field.path, `account ${own} differs from the plan's account ${account}`);
    }
    const endpoints = target.routingControls?.clusterEndpoints ?? [];
    endpoints.forEach((endpoint, j) => {
      add(at('routingControls', 'clusterEndpoints', j, 'region'), outside(endpoint.region));
      if (!endpoint.endpoint.includes(`.${endpoint.region}.`)) {
        add(at('routingControls', 'clusterEndpoints', j, 'endpoint'), `endpoint is not in ${endpoint.region}`);
      }
    });
    if (new URL(target.healthUrl).protocol === 'http:') {
      add(at('healthUrl'), 'must use https: patients reach the service over TLS, and the probe must see what they see');
    }
  });
}

// Resources and source vaults live in the primary region; everything the drill creates or uses to restore (the DR
// vault, the key that encrypts the restored copy) lives in the DR region. A logically air-gapped vault shared with the
// recovery account is restored where it is, so it is in the DR region.
function arnFields(plan: Plan, target: Target, index: number): ArnField[] {
  const at = (...rest: string[]) => formatPath(['targets', index, ...rest]);
  const fields: ArnField[] = [
    { path: at('sourceVault'), arn: target.sourceVault, where: isSharedAirGapped(plan.accounts, target) ? 'DR' : 'primary' },
    { path: at('drVault'), arn: target.drVault, where: 'DR' },
    { path: at('backupRoleArn'), arn: target.backupRoleArn },
    { path: at('resourceArn'), arn: target.resourceArn, where: 'primary' },
  ];
  const kmsKeyArn = target.restore && 'kmsKeyArn' in target.restore ? target.restore.kmsKeyArn : undefined;
  if (kmsKeyArn) fields.push({ path: at('restore', 'kmsKeyArn'), arn: kmsKeyArn, where: 'DR' });
  // The validation Lambda reads the database credentials in the DR region, where it runs.
  const secretArn = target.validation && 'secretArn' in target.validation ? target.validation.secretArn : undefined;
  if (secretArn) fields.push({ path: at('validation', 'secretArn'), arn: secretArn, where: 'DR' });
  return fields;
}

// The account most ARNs name is taken as the plan's; ties go to the one named first. The odd ones out are reported.
function mostCommonAccount(fields: readonly ArnField[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { arn } of fields) {
    const account = accountOfArn(arn);
    if (account) counts.set(account, (counts.get(account) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [account, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = account;
  return best;
}
