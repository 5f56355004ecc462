// Failover Canary: the proof of how much data a switch lost. `write` inserts the drill's marker into the PRIMARY
// cluster just before the switch; `read` looks for it in the cluster of the region named (the DR cluster once it is
// writer, or the primary after a failback). The marker names the drill and target only: no patient data.
import { z } from 'zod';
import { isTransientAwsError } from '../../lib/aws/classify-error';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { BadPayloadError, TransientAwsError } from '../../lib/errors';
import { failoverItemSchema, type CanaryRead, type CanaryWrite, type FailoverItem } from '../../lib/failover/contracts';
import { CanaryReadError, CanaryWriteError } from '../../lib/failover/errors';
import type { CanaryEndpoint, CanaryStore } from '../../lib/failover/ports';
import { clusterIdOf } from '../../lib/failover/global-cluster';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.discriminatedUnion('action', [
  z.object({ item: failoverItemSchema, action: z.literal('write') }),
  z.object({ item: failoverItemSchema, action: z.literal('read'), region: z.string().min(1) }),
]);

export const canaryMarker = (item: FailoverItem): string => `${item.drill.id}-${item.target.id}`;

export async function failoverCanary(event: unknown, deps: Deps): Promise<CanaryWrite | CanaryRead> {
  const parsed = parsePayload(eventSchema, event, 'Failover Canary');
  if (!deps.canary) throw new Error('no canary store was given to the canary function');
  return parsed.action === 'write' ? writeCanary(parsed.item, deps.canary) : readCanary(parsed.item, parsed.region, deps.canary, deps.now);
}

async function writeCanary(item: FailoverItem, store: CanaryStore): Promise<CanaryWrite> {
  const endpoint = endpointIn(item, item.primaryRegion);
  const marker = canaryMarker(item);
  try {
    const { writtenAt } = await store.write(endpoint, marker);
    return { marker, writtenAt, region: endpoint.region };
  } catch (error) {
    throw classified(error, (m) => new CanaryWriteError(`the canary marker could not be written in the primary cluster ${clusterIdOf(endpoint.clusterArn)} (${endpoint.region}): ${m}`, { cause: error }));
  }
}

async function readCanary(item: FailoverItem, region: string, store: CanaryStore, now: () => Date): Promise<CanaryRead> {
  if (region !== item.primaryRegion && region !== item.drRegion) {
    throw new BadPayloadError(`Failover Canary: region ${region} is neither the primary (${item.primaryRegion}) nor the DR region (${item.drRegion})`);
  }
  const endpoint = endpointIn(item, region);
  const marker = canaryMarker(item);
  try {
    const { writtenAt, newestWrittenAt } = await store.read(endpoint, marker);
    return { marker, found: writtenAt !== null, writtenAt, newestWrittenAt, checkedAt: now().toISOString(), region };
  } catch (error) {
    throw classified(error, (m) => new CanaryReadError(`the canary could not be read in the cluster ${clusterIdOf(endpoint.clusterArn)} (${region}): ${m}`, { cause: error }));
  }
}

/** The member cluster in `region` and the secret for it: the plan's primary secret or its DR secret. */
function endpointIn(item: FailoverItem, region: string): CanaryEndpoint {
  const { target } = item;
  const primary = region === item.primaryRegion;
  assertRegionAllowed(region, item.drill, `failover target ${target.id}: canary in the ${primary ? 'primary' : 'DR'} cluster`);
  return {
    clusterArn: primary ? target.primaryClusterArn : target.drClusterArn,
    region,
    engine: target.canary.engine,
    database: target.canary.database,
    table: target.canary.table,
    secretArn: primary ? target.canary.secretArn : target.canary.drSecretArn,
    dataApi: target.canary.dataApi,
  };
}

/** Throttling and 5xx from an AWS API are retried; everything else (a refused connection, a missing grant) is the canary's error. */
function classified(error: unknown, wrap: (message: string) => Error): Error {
  const e = error as Error;
  if (isTransientAwsError(error)) return new TransientAwsError(`${e.name}: ${e.message}`, { cause: error });
  return wrap(e.name === 'CanarySqlError' ? e.message : `${e.name}: ${e.message}`);
}
