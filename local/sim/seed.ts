// Seeds the account from a drill plan: the protected resources in the primary region, the source and DR vaults,
// three recovery points per target (the latest 2-10 h old, the others a day and two days older, deterministic per
// target id) plus, for the types AWS Backup backs up continuously, a continuous recovery point begun after the latest
// snapshot, in the DR region what the plan's restore settings name (isolated DB subnet groups, subnets, security
// groups), the database secrets its SQL checks read, and the backup roles (IAM, global). What each type seeds is its
// sim's (lib/resource-types/targets/<type>/sim.ts, through target-sims.ts); what the resources hold satisfies the
// plan's data checks (content.ts).
import { isSharedAirGapped } from '../../lib/plan/accounts';
import type { Plan, Target } from '../../lib/plan/schema';
import { HOUR, type SimRandom } from './hash';
import { LONG_AGO, regionOf } from './seed-helpers';
import type { SeededSource } from './target-sim';
import { targetSim } from './target-sims';
import { arnRegion, newRegion, vaultNameOf, type BackupPlanRecord, type Payload, type RecoveryPoint, type RegionState, type World } from './world';

export function accountIdOf(plan: Plan): string {
  // A plan that names its accounts is simulated from its recovery account (cross-account.ts holds the others).
  if (plan.accounts) return plan.accounts.recovery;
  const account = plan.targets[0]?.sourceVault.split(':')[4];
  if (!account) throw new Error('seedFromPlan: the plan has no target to take the account id from');
  return account;
}

function ensureVault(world: World, random: SimRandom, arn: string): void {
  const region = regionOf(world, arnRegion(arn), `vault ${arn}`);
  const name = vaultNameOf(arn);
  if (region.vaults.has(name)) return;
  region.vaults.set(name, {
    name,
    arn,
    region: region.name,
    encryptionKeyArn: `arn:aws:kms:${region.name}:${arn.split(':')[4] ?? world.accountId}:key/${random.uuid('vault-key', arn).toLowerCase()}`,
  });
}

/** Creates the production resource a target protects (its type's sim) and returns what its backups hold. */
function seedSource(world: World, random: SimRandom, region: RegionState, target: Target, now: number): SeededSource<Payload> {
  const azs = ['a', 'b', 'c'].map((z) => `${region.name}${z}`);
  return targetSim(target.type).seedSource({ world, random, region, azs, now }, target);
}

/** A recovery point's ARN, named as AWS Backup names those of the target's type. */
function recoveryPointArn(world: World, random: SimRandom, region: string, target: Target, n: number, madeBy: 'job' | 'copyjob' = 'job', airGapped = false): string {
  // One id for the backup job and the recovery point it made: nothing in the drill tells them apart.
  const uuid = madeBy === 'job' ? random.uuid('rp', target.id, String(n)) : random.uuid('rp-copy', target.id, String(n));
  // "The ARN of a recovery point stored in a logically air-gapped vault will have backup in place of the underlying
  // resource type" (AWS Backup Developer Guide, "Logically air-gapped vault"): never an RDS or EC2 snapshot's own ARN.
  if (airGapped) return `arn:aws:backup:${region}:${target.sourceVault.split(':')[4] ?? world.accountId}:recovery-point:${uuid.toUpperCase()}`;
  return targetSim(target.type).recoveryPointArn({
    region,
    // The vault's account: a copy is the DR vault's, a backup the source vault's (another account's when the plan
    // names its accounts; the simulated one's otherwise).
    accountId: (madeBy === 'copyjob' ? target.drVault : target.sourceVault).split(':')[4] ?? world.accountId,
    madeBy,
    jobId: uuid,
    hex: (length, what) => random.hex(length, what, target.id, String(n), ...(madeBy === 'copyjob' ? ['copy'] : [])),
    uuid: () => uuid,
  });
}

/**
 * The AWS Backup plan that backs up a source vault's resources: one daily rule into that vault, whose copy actions copy
 * to every DR vault in another region that the plan's targets of that source vault name (none in a one-region plan). Named after the drill plan (`<plan>-daily`, rule `daily-35d`).
 */
function ensureBackupPlan(world: World, random: SimRandom, plan: Plan, sourceVaultArn: string): BackupPlanRecord {
  const region = regionOf(world, arnRegion(sourceVaultArn), `vault ${sourceVaultArn}`);
  const id = random.uuid('backup-plan', sourceVaultArn).toLowerCase();
  const existing = region.backupPlans.get(id);
  if (existing) return existing;
  // Cross-region copies only: a one-region plan's in-region restore vault is filled by the drill's own copy.
  const copyTo = [...new Set(plan.targets.filter((t) => t.sourceVault === sourceVaultArn && arnRegion(t.drVault) !== arnRegion(sourceVaultArn)).map((t) => t.drVault))];
  const record: BackupPlanRecord = {
    id,
    // The vault's account runs it: a central backup account's plan for its own vault (issue 13).
    arn: `arn:aws:backup:${region.name}:${sourceVaultArn.split(':')[4] ?? world.accountId}:backup-plan:${id}`,
    name: `${plan.name}-daily`,
    versionId: random.hex(32, 'backup-plan-version', sourceVaultArn),
    createdAt: LONG_AGO,
    rules: [{ ruleId: random.uuid('backup-rule', sourceVaultArn).toLowerCase(), ruleName: 'daily-35d', targetVaultName: vaultNameOf(sourceVaultArn), schedule: 'cron(0 1 * * ? *)', copyTo }],
  };
  region.backupPlans.set(id, record);
  return record;
}

export function seedWorld(world: World, plan: Plan, random: SimRandom, now: number): void {
  const primary = regionOf(world, plan.regions.primary, 'the plan\'s primary region');
  const dr = regionOf(world, plan.regions.dr, 'the plan\'s DR region');
  for (const target of plan.targets) {
    const backupPlan = ensureBackupPlan(world, random, plan, target.sourceVault);
    const rule = backupPlan.rules[0]!;
    const copiesToDr = rule.copyTo.includes(target.drVault);
    ensureVault(world, random, target.sourceVault);
    ensureVault(world, random, target.drVault);
    ensureRole(world, random, target.backupRoleArn);
    const sim = targetSim(target.type);
    sim.seedRestoreNetwork?.(dr, random, target);
    const home = arnRegion(target.resourceArn) || primary.name;
    const source = regionOf(world, home, `target ${target.id}`);
    const { payload, metadata } = seedSource(world, random, source, target, now);
    const vaultRegion = regionOf(world, arnRegion(target.sourceVault), `vault ${target.sourceVault}`);
    const latestAge = random.between(2 * HOUR, 10 * HOUR, 'latest-age', target.id);
    for (let n = 0; n < 3; n++) {
      const creationDate = Math.round(now - latestAge - n * 24 * HOUR);
      const completionDate = creationDate + random.minutes(10, 40, 'backup-duration', target.id, String(n));
      const rp: RecoveryPoint = {
        arn: recoveryPointArn(world, random, vaultRegion.name, target, n, 'job', isSharedAirGapped(plan.accounts, target)),
        region: vaultRegion.name,
        vaultName: vaultNameOf(target.sourceVault),
        resourceArn: target.resourceArn,
        resourceType: sim.resourceType,
        creationDate,
        completionDate,
        dataAsOf: creationDate,
        sizeBytes: sim.sizeBytes(payload, random, `${target.id}:${n}`),
        iamRoleArn: target.backupRoleArn,
        restoreMetadata: metadata,
        payload,
        visibleAt: creationDate,
        readyAt: completionDate,
        createdByDrill: false,
        targetId: target.id,
        backupPlanRule: { planId: backupPlan.id, planArn: backupPlan.arn, planVersion: backupPlan.versionId, ruleId: rule.ruleId },
      };
      vaultRegion.recoveryPoints.set(rp.arn, rp);
      if (copiesToDr) seedRuleCopy(world, random, target, rp, n);
    }
    // A logically air-gapped vault receives copies (or primary snapshot backups), never a continuous backup: "the copied
    // recovery point (backup) becomes a snapshot (periodic) backup" (Developer Guide, "Backup and tag copy").
    if (sim.continuous && !isSharedAirGapped(plan.accounts, target)) {
      // A continuous recovery point beside the snapshots, as a backup plan with both rules keeps ("we recommend that
      // you protect your resources with both continuous and snapshot backup rules", AWS Backup Developer Guide,
      // "Continuous backups and point-in-time restore (PITR)"). Its CreationDate is when continuous backup began; a
      // STOPPED one is replaced by a new continuous recovery point at the next run of the rule (SDK model,
      // RecoveryPointByBackupVault.Status), so here it began after the newest snapshot: the newest by CreationDate
      // is the one recovery point the drill cannot copy. Its ARN carries AWS Backup's "recovery-point:continuous:" form.
      const creationDate = Math.round(now - latestAge / 2);
      const arn = `arn:aws:backup:${vaultRegion.name}:${target.sourceVault.split(':')[4] ?? world.accountId}:recovery-point:continuous:${target.id}-${random.hex(8, 'continuous', target.id)}`;
      vaultRegion.recoveryPoints.set(arn, {
        arn,
        region: vaultRegion.name,
        vaultName: vaultNameOf(target.sourceVault),
        resourceArn: target.resourceArn,
        resourceType: sim.resourceType,
        creationDate,
        completionDate: creationDate + random.minutes(10, 40, 'continuous-duration', target.id),
        dataAsOf: creationDate,
        sizeBytes: sim.sizeBytes(payload, random, `${target.id}:continuous`),
        iamRoleArn: target.backupRoleArn,
        restoreMetadata: metadata,
        payload,
        visibleAt: creationDate,
        readyAt: creationDate,
        createdByDrill: false,
        targetId: target.id,
        continuous: true,
      });
    }
  }
}

/**
 * The copy the backup plan's copy action made of a recovery point in the DR vault: its copy job starts once the backup
 * completes and takes minutes, and the copy keeps its source's CreationDate ("Copies retain their source configuration,
 * including creation dates": AWS Backup Developer Guide, "Backup and tag copy"); until its job ends it is CREATING.
 */
function seedRuleCopy(world: World, random: SimRandom, target: Target, source: RecoveryPoint, n: number): void {
  const drRegion = regionOf(world, arnRegion(target.drVault), `vault ${target.drVault}`);
  const copied = source.completionDate + random.minutes(5, 20, 'rule-copy', target.id, String(n));
  const copy: RecoveryPoint = {
    ...source,
    arn: recoveryPointArn(world, random, drRegion.name, target, n, 'copyjob'),
    region: drRegion.name,
    vaultName: vaultNameOf(target.drVault),
    sourceVaultArn: target.sourceVault,
    completionDate: copied,
    visibleAt: source.completionDate,
    readyAt: copied,
    backupPlanRule: undefined,
  };
  drRegion.recoveryPoints.set(copy.arn, copy);
}

export function newWorld(accountId: string, regions: readonly string[]): World {
  return { accountId, regions: new Map(regions.map((r) => [r, newRegion(r)])), buckets: new Map(), roles: new Map() };
}

/** The role AWS Backup assumes for the target's copy and restore, trusting backup.amazonaws.com as AWS's default does. */
function ensureRole(world: World, random: SimRandom, arn: string): void {
  const match = /^arn:aws[a-z-]*:iam::\d{12}:role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!match || world.roles.has(match[2]!)) return;
  world.roles.set(match[2]!, {
    arn,
    name: match[2]!,
    path: match[1]!,
    roleId: `AROA${random.hex(17, 'role', arn).toUpperCase()}`,
    trustedServices: ['backup.amazonaws.com'],
    createdAt: LONG_AGO,
  });
}
