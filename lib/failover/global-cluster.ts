// What the Aurora global database says about itself: its members (with their regions), which one is the writer, and
// the switch or failover under way (FailoverState). Asked in the DR region: in a real regional outage that is the
// region still answering, so the drill rehearses reading it from there.
import { DescribeGlobalClustersCommand, type GlobalCluster } from '@aws-sdk/client-rds';
import { isNotFound } from '../aws/classify-error';
import { assertRegionAllowed } from '../drill/residency-guard';
import { regionOfArn } from '../plan/residency';
import type { Deps } from '../lambda/deps';
import type { FailoverItem, FailoverPreflight } from './contracts';

export type GlobalClusterMember = FailoverPreflight['members'][number];

export interface GlobalClusterView {
  status: string | null;
  /** FailoverState.Status while a switchover or failover runs (pending, switching-over, failing-over, cancelling), else null. */
  switchStatus: string | null;
  members: GlobalClusterMember[];
  writerRegion: string | null;
  writerClusterArn: string | null;
}

/** The global database as AWS describes it, or null when AWS does not know it. Other errors are the caller's to classify. */
export async function describeGlobalCluster(deps: Pick<Deps, 'clients'>, item: FailoverItem): Promise<GlobalClusterView | null> {
  const region = assertRegionAllowed(item.drRegion, item.drill, `failover target ${item.target.id}: global database`);
  try {
    const out = await deps.clients
      .get('rds', region)
      .send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: item.target.globalClusterIdentifier }));
    const cluster = out.GlobalClusters?.find((c) => c.GlobalClusterIdentifier === item.target.globalClusterIdentifier) ?? out.GlobalClusters?.[0];
    return cluster ? globalClusterView(cluster) : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export function globalClusterView(cluster: GlobalCluster): GlobalClusterView {
  const members = (cluster.GlobalClusterMembers ?? [])
    .filter((m): m is typeof m & { DBClusterArn: string } => typeof m.DBClusterArn === 'string')
    .map((m) => ({ clusterArn: m.DBClusterArn, region: regionOfArn(m.DBClusterArn) ?? 'unknown', isWriter: m.IsWriter === true }));
  const writer = members.find((m) => m.isWriter) ?? null;
  return {
    status: cluster.Status ?? null,
    switchStatus: cluster.FailoverState?.Status ?? null,
    members,
    writerRegion: writer?.region ?? null,
    writerClusterArn: writer?.clusterArn ?? null,
  };
}

/** `patients-db` from `arn:aws:rds:eu-west-1:111122223333:cluster:patients-db`. */
export const clusterIdOf = (clusterArn: string): string => clusterArn.split(':cluster:')[1] ?? clusterArn;
