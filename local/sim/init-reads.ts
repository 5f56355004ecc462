// The reads only `dr-drill plan init` makes (lib/init/discover.ts): AWS Backup's protected resources of a region,
// a resource's recovery points across the region's vaults, the region's vaults, and the VPC route tables
// (vpc-network.ts). Lists are paged as AWS pages them (NextToken, MaxResults), so the command's paging is exercised.
// Subnets, security groups and DB subnet groups are dry-run-reads.ts's.
import { num, str, type Handler, type SimContext } from './context';
import { ownerOf } from './cross-account';
import { compact, exists, iso, type RecoveryPoint } from './world';

/** One page of `all`: NextToken is the index of the next item, as a string. */
function page<T>(all: readonly T[], input: Record<string, unknown>): { items: T[]; NextToken?: string } {
  const start = Number(str(input.NextToken) ?? 0) || 0;
  const max = num(input.MaxResults) ?? 1000;
  const next = start + max < all.length ? String(start + max) : undefined;
  return { items: all.slice(start, start + max), ...(next ? { NextToken: next } : {}) };
}

const ownVaults = (ctx: SimContext) => [...ctx.region.vaults.values()].filter((v) => ownerOf(ctx.world, v) === ctx.callerAccount);

const statusOf = (ctx: SimContext, rp: RecoveryPoint) => (ctx.now < rp.readyAt ? 'CREATING' : rp.deleteRequestedAt !== undefined && ctx.now >= rp.deleteRequestedAt ? 'DELETING' : 'COMPLETED');

/** ListProtectedResources (ProtectedResource): every resource with a recovery point in a vault of the region, its newest. */
const listProtectedResources: Handler = (ctx, input) => {
  const vaults = new Map(ownVaults(ctx).map((v) => [v.name, v]));
  const newest = new Map<string, RecoveryPoint>();
  for (const rp of ctx.region.recoveryPoints.values()) {
    if (!vaults.has(rp.vaultName) || !exists(rp, ctx.now)) continue;
    const seen = newest.get(rp.resourceArn);
    if (!seen || rp.creationDate > seen.creationDate) newest.set(rp.resourceArn, rp);
  }
  const all = [...newest.values()].sort((a, b) => (a.resourceArn < b.resourceArn ? -1 : 1));
  const { items, NextToken } = page(all, input);
  return compact({
    Results: items.map((rp) =>
      compact({
        ResourceArn: rp.resourceArn,
        ResourceType: rp.resourceType,
        ResourceName: rp.resourceArn.split(/[:/]/).pop(),
        LastBackupTime: iso(rp.creationDate),
        LastBackupVaultArn: vaults.get(rp.vaultName)!.arn,
        LastRecoveryPointArn: rp.arn,
      }),
    ),
    NextToken,
  });
};

/** ListRecoveryPointsByResource (RecoveryPointByResource): the resource's recovery points in the region's vaults, newest first. */
const listRecoveryPointsByResource: Handler = (ctx, input) => {
  const resourceArn = str(input.ResourceArn);
  const vaults = new Map(ownVaults(ctx).map((v) => [v.name, v]));
  const all = [...ctx.region.recoveryPoints.values()]
    .filter((rp) => rp.resourceArn === resourceArn && vaults.has(rp.vaultName) && exists(rp, ctx.now))
    .sort((a, b) => b.creationDate - a.creationDate);
  const { items, NextToken } = page(all, input);
  return compact({
    RecoveryPoints: items.map((rp) =>
      compact({
        RecoveryPointArn: rp.arn,
        CreationDate: iso(rp.creationDate),
        Status: statusOf(ctx, rp),
        EncryptionKeyArn: vaults.get(rp.vaultName)!.encryptionKeyArn,
        BackupSizeBytes: rp.sizeBytes,
        BackupVaultName: rp.vaultName,
        IsParent: false,
        ResourceName: rp.resourceArn.split(/[:/]/).pop(),
        VaultType: vaults.get(rp.vaultName)!.vaultType ?? 'BACKUP_VAULT',
      }),
    ),
    NextToken,
  });
};

const listBackupVaults: Handler = (ctx, input) => {
  const all = ownVaults(ctx).sort((a, b) => (a.name < b.name ? -1 : 1));
  const { items, NextToken } = page(all, input);
  return compact({
    BackupVaultList: items.map((v) => ({
      BackupVaultName: v.name,
      BackupVaultArn: v.arn,
      VaultType: v.vaultType ?? 'BACKUP_VAULT',
      CreationDate: iso(Date.UTC(2020, 0, 1)),
      EncryptionKeyArn: v.encryptionKeyArn,
      NumberOfRecoveryPoints: [...ctx.region.recoveryPoints.values()].filter((rp) => rp.vaultName === v.name && exists(rp, ctx.now)).length,
      Locked: false,
    })),
    NextToken,
  });
};

/** DescribeRouteTables: explicit subnet associations and the main one; the subnets that use the main table implicitly are not named, as in EC2. */
const describeRouteTables: Handler = (ctx, input) => {
  const all = [...ctx.region.routeTables.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const { items, NextToken } = page(all, input);
  return compact({
    RouteTables: items.map((t) => ({
      RouteTableId: t.id,
      VpcId: t.vpcId,
      OwnerId: ctx.world.accountId,
      Associations: [
        ...(t.main ? [{ Main: true, RouteTableAssociationId: `rtbassoc-${ctx.random.hex(17, t.id, 'main')}`, RouteTableId: t.id, AssociationState: { State: 'associated' } }] : []),
        ...t.subnetIds.map((subnetId) => ({
          Main: false,
          RouteTableAssociationId: `rtbassoc-${ctx.random.hex(17, t.id, subnetId)}`,
          RouteTableId: t.id,
          SubnetId: subnetId,
          AssociationState: { State: 'associated' },
        })),
      ],
      Routes: t.routes.map((r) => ({ DestinationCidrBlock: r.destination, ...r.target, Origin: 'GatewayId' in r.target && r.target.GatewayId === 'local' ? 'CreateRouteTable' : 'CreateRoute', State: 'active' })),
      PropagatingVgws: [],
      Tags: [],
    })),
    NextToken,
  });
};

/** By Step Functions service name, as account.ts keys every group of handlers. */
export const initHandlers: Record<string, Record<string, Handler>> = {
  backup: { ListProtectedResources: listProtectedResources, ListRecoveryPointsByResource: listRecoveryPointsByResource, ListBackupVaults: listBackupVaults },
  ec2: { DescribeRouteTables: describeRouteTables },
};
