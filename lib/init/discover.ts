// What `dr-drill plan init` reads from an account, reads only (List*, Describe*, Get*), every list paged to its end:
// - AWS Backup in the primary region: ListProtectedResources (what AWS Backup has backed up there),
//   ListRecoveryPointsByResource (which vaults hold each one's backups), the source vault's newest recovery points
//   and the backup plan rule that made them (lib/backup/recovery-points.ts, as Find Latest Recovery Point reads them),
//   and where that plan's copy actions copy them;
// - AWS Backup in the DR region: the newest copy in the DR vault, and the region's vaults (ListBackupVaults);
// - EC2 and RDS in the DR region, when a resource's type restores into a network: subnets, route tables, security
//   groups and DB subnet groups, for lib/init/network.ts to find the isolated ones.
import {
  paginateListBackupVaults,
  paginateListProtectedResources,
  paginateListRecoveryPointsByResource,
  type BackupClient,
  type ProtectedResource,
} from '@aws-sdk/client-backup';
import { paginateDescribeRouteTables, paginateDescribeSecurityGroups, paginateDescribeSubnets, type RouteTable, type SecurityGroup, type Subnet } from '@aws-sdk/client-ec2';
import { paginateDescribeDBSubnetGroups, type DBSubnetGroup } from '@aws-sdk/client-rds';
import type { z } from 'zod';
import type { AwsClients } from '../aws/clients';
import { isNotFound } from '../aws/classify-error';
import { copyActionsOf, isContinuousRecoveryPoint, pointsIn, type Point } from '../backup/recovery-points';
import { TARGET_DEFINITIONS, type TargetType } from '../resource-types/targets/definition-registry';
import type { NetworkFacts } from './network';

/** Where the backup plan that made a resource's newest backup copies it. */
export interface CopyRule {
  /** "backup plan nhs-daily rule daily-35d": the rule that made the newest backup. */
  name: string;
  /** "backup plan nhs-daily": whose rules copy to `destinations`. */
  plan: string;
  /** Every copy destination of that plan's rules, the rule that made the backup first. */
  destinations: string[];
}

export interface FoundResource {
  resourceArn: string;
  /** AWS Backup's ResourceType: Aurora, RDS, DynamoDB... */
  backupType: string;
  /** The plan's type for it; null when dr-drill has none (or its ARN is of a form no type takes). */
  type: TargetType | null;
  /** The vault in the primary region holding its newest snapshot backup (ARN); null when none is completed. */
  sourceVault: string | null;
  /** Its newest completed snapshot backup in the source vault. */
  newest: Point | null;
  /** Other primary-region vaults holding backups of it (names). */
  otherVaults: string[];
  copyRule: CopyRule | null;
  /** Why no copy rule is known, when copyRule is null. */
  noCopyRule?: string;
}

export interface Discovery {
  account: string;
  primary: string;
  dr: string;
  /** Protected resources of the primary region, by ARN. */
  resources: FoundResource[];
  /** Protected resources that ListProtectedResources lists but which live in another region (not the plan's). */
  elsewhere: string[];
  /** The DR region's backup vaults (ARNs), by name. */
  drVaults: string[];
  /** Null when no resource's type restores into a network (nothing was read). */
  network: NetworkFacts | null;
  /** The newest copy of each resource in a DR vault: `${resourceArn} ${vaultName}` -> point. */
  drCopies: Map<string, Point | null>;
}

const arnRegion = (arn: string) => arn.split(':')[3] ?? '';
const arnAccount = (arn: string) => arn.split(':')[4] ?? '';
const vaultName = (arn: string) => arn.split(':backup-vault:')[1] ?? arn;

/** The plan type whose AWS Backup resource type it is and whose resourceArn takes its ARN (FSx file system or ONTAP volume). */
export function targetTypeOf(backupType: string | undefined, resourceArn: string): TargetType | null {
  for (const definition of Object.values(TARGET_DEFINITIONS)) {
    if (definition.backupResourceType !== backupType) continue;
    const arnSchema = (definition.schema.shape as Record<string, z.ZodType>).resourceArn!;
    if (arnSchema.safeParse(resourceArn).success) return definition.type;
  }
  return null;
}

export async function discover(clients: AwsClients, regions: { primary: string; dr: string }, now: Date): Promise<Discovery> {
  const { primary, dr } = regions;
  const backup = clients.get('backup', primary);
  const protectedResources: ProtectedResource[] = [];
  for await (const page of paginateListProtectedResources({ client: backup }, {})) protectedResources.push(...(page.Results ?? []));

  // S3 bucket ARNs name no region: AWS Backup in the primary region lists the buckets it backs up there.
  const here = protectedResources.filter((r) => r.ResourceArn && [primary, ''].includes(arnRegion(r.ResourceArn)));
  const elsewhere = protectedResources.filter((r) => r.ResourceArn && !here.includes(r)).map((r) => r.ResourceArn!);
  const accounts = here.map((r) => arnAccount(r.LastBackupVaultArn ?? '') || arnAccount(r.ResourceArn!)).filter(Boolean);
  const account = accounts[0] ?? '';

  const nowIso = now.toISOString();
  const resources: FoundResource[] = [];
  for (const r of [...here].sort((a, b) => (a.ResourceArn! < b.ResourceArn! ? -1 : 1))) {
    resources.push(await readResource(backup, r, account, primary, nowIso));
  }

  const drBackup = clients.get('backup', dr);
  const drVaults: string[] = [];
  for await (const page of paginateListBackupVaults({ client: drBackup }, {})) {
    for (const v of page.BackupVaultList ?? []) if (v.BackupVaultArn) drVaults.push(v.BackupVaultArn);
  }
  drVaults.sort();

  const drCopies = new Map<string, Point | null>();
  for (const r of resources) {
    for (const destination of r.copyRule?.destinations ?? []) {
      if (arnRegion(destination) !== dr || arnAccount(destination) !== account) continue;
      // A copy action may name a vault since deleted: then there is no copy there, which the plan says.
      const points = await pointsIn(drBackup, vaultName(destination), r.resourceArn, nowIso).catch((error: unknown) => {
        if (isNotFound(error)) return [];
        throw error;
      });
      drCopies.set(`${r.resourceArn} ${vaultName(destination)}`, newestOf(points));
    }
  }

  const needsNetwork = resources.some((r) => r.type !== null && TARGET_DEFINITIONS[r.type].init.needs !== 'nothing');
  return { account, primary, dr, resources, elsewhere, drVaults, network: needsNetwork ? await readNetwork(clients, dr) : null, drCopies };
}

const newestOf = (points: Point[]): Point | null => points.reduce<Point | null>((a, p) => (!a || p.createdAt > a.createdAt ? p : a), null);

async function readResource(backup: BackupClient, r: ProtectedResource, account: string, primary: string, nowIso: string): Promise<FoundResource> {
  const resourceArn = r.ResourceArn!;
  const type = targetTypeOf(r.ResourceType, resourceArn);
  // A type dr-drill does not drill is listed in the plan, not read further.
  if (!type) return { resourceArn, backupType: r.ResourceType ?? '', type, otherVaults: [], sourceVault: null, newest: null, copyRule: null };
  // Which vaults hold its backups, and the newest ready snapshot in each: the newest of all names the source vault.
  const newestByVault = new Map<string, string>();
  const pages = paginateListRecoveryPointsByResource({ client: backup }, { ResourceArn: resourceArn, ManagedByAWSBackupOnly: true });
  for await (const page of pages) {
    for (const p of page.RecoveryPoints ?? []) {
      if (!p.BackupVaultName || !p.CreationDate || !p.RecoveryPointArn || isContinuousRecoveryPoint(p.RecoveryPointArn)) continue;
      if (!['COMPLETED', 'AVAILABLE'].includes(p.Status ?? '')) continue;
      const at = p.CreationDate.toISOString();
      if (at > (newestByVault.get(p.BackupVaultName) ?? '')) newestByVault.set(p.BackupVaultName, at);
    }
  }
  const ranked = [...newestByVault.entries()].sort((a, b) => (a[1] > b[1] ? -1 : 1)).map(([name]) => name);
  const sourceName = ranked[0];
  const base = { resourceArn, backupType: r.ResourceType ?? '', type, otherVaults: ranked.slice(1) };
  if (!sourceName) return { ...base, sourceVault: null, newest: null, copyRule: null, noCopyRule: 'no completed snapshot backup of it in the primary region' };

  const sourceVault = `arn:aws:backup:${primary}:${account}:backup-vault:${sourceName}`;
  const newest = newestOf(await pointsIn(backup, sourceName, resourceArn, nowIso));
  const createdBy = newest?.createdBy;
  if (!createdBy?.BackupPlanId) {
    return { ...base, sourceVault, newest, copyRule: null, noCopyRule: 'its newest backup was made on demand, not by a backup plan' };
  }
  const actions = await copyActionsOf(backup, createdBy.BackupPlanId, createdBy);
  const destinations = [...new Set(actions.copies.map((c) => c.vaultArn))];
  const planName = `backup plan ${actions.planName}`;
  return { ...base, sourceVault, newest, copyRule: { name: `${planName}${actions.ruleName ? ` rule ${actions.ruleName}` : ''}`, plan: planName, destinations } };
}

async function readNetwork(clients: AwsClients, dr: string): Promise<NetworkFacts> {
  const ec2 = clients.get('ec2', dr);
  const subnets: Subnet[] = [];
  for await (const page of paginateDescribeSubnets({ client: ec2 }, {})) subnets.push(...(page.Subnets ?? []));
  const routeTables: RouteTable[] = [];
  for await (const page of paginateDescribeRouteTables({ client: ec2 }, {})) routeTables.push(...(page.RouteTables ?? []));
  const securityGroups: SecurityGroup[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, {})) securityGroups.push(...(page.SecurityGroups ?? []));
  const dbSubnetGroups: DBSubnetGroup[] = [];
  for await (const page of paginateDescribeDBSubnetGroups({ client: clients.get('rds', dr) }, {})) dbSubnetGroups.push(...(page.DBSubnetGroups ?? []));
  return { region: dr, subnets, routeTables, securityGroups, dbSubnetGroups };
}
