// S3's simulated behaviour: a bucket of objects (and the plan's manifest), backed up by AWS Backup (continuously
// too) and restored into a new or an existing bucket. Imported only by the local simulation
// (local/sim/target-sims.ts): it must never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): DestinationBucketName,
// NewBucket, Encrypted, EncryptionType, KMSKey, CreationToken (ignored), ItemsToRestore (ignored).
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { manifestObjects } from '../../../../local/sim/content';
import { fail, isTrue, kmsProblem, taken } from '../../../../local/sim/restore-helpers';
import { LONG_AGO, seeded } from '../../../../local/sim/seed-helpers';
import { backupRecoveryPointArn, type TargetOf, type TargetSim } from '../../../../local/sim/target-sim';
import type { Bucket, SimObject } from '../../../../local/sim/world';

export interface S3Payload {
  type: typeof BACKUP_RESOURCE_TYPES.s3;
  bucket: string;
  objects: SimObject[];
  /** Keys of the plan's `validation.objects` manifest, in the plan's order. */
  manifest: string[];
  minObjects?: number;
}

/** The validation-failed fault on S3 data checks: the last manifest object is missing, or one object too few. */
function withoutOne(p: S3Payload): SimObject[] {
  const lost = p.manifest.at(-1);
  if (lost !== undefined) return p.objects.filter((o) => o.key !== lost);
  return [...p.objects].sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, Math.max(0, (p.minObjects ?? 0) - 1));
}

export const s3Sim: TargetSim<TargetOf<'s3'>, S3Payload> = {
  resourceType: BACKUP_RESOURCE_TYPES.s3,
  continuous: true,
  restoreMinutes: [5, 20],

  seedSource({ world, random, region }, target) {
    const key = target.id;
    const bucket = target.resourceArn.slice('arn:aws:s3:::'.length);
    const minObjects = target.validation?.minObjects;
    const count = Math.max(random.int(5, 25, 'objects', key), minObjects ?? 0);
    const generated: SimObject[] = Array.from({ length: count }, (_, i) => ({
      key: `exports/part-${String(i + 1).padStart(4, '0')}.parquet`,
      size: random.int(10_000, 50_000_000, 'object-size', key, String(i)),
      etag: `"${random.hex(32, 'etag', key, String(i))}"`,
      lastModified: LONG_AGO,
    }));
    const manifest = manifestObjects(target, random, LONG_AGO);
    const byKey = new Map([...generated, ...manifest].map((o) => [o.key, o]));
    world.buckets.set(bucket, { ...seeded, name: bucket, region: region.name, arn: target.resourceArn, objects: byKey });
    return {
      payload: { type: 'S3', bucket, objects: [...byKey.values()], manifest: manifest.map((o) => o.key), minObjects },
      metadata: { DestinationBucketName: bucket, NewBucket: 'false', Encrypted: 'true', EncryptionType: 'SSE-S3' },
    };
  },

  recoveryPointArn: backupRecoveryPointArn,
  inventedResourceArn: (at) => `arn:aws:s3:::${at.name}-${at.hex.slice(0, 8)}`,

  sizeBytes: (payload) => payload.objects.reduce((sum, o) => sum + o.size, 0),

  faultShowsInData: (p) => p.manifest.length > 0 || (p.minObjects ?? 0) > 0,

  planRestore({ ctx, payload: p, get, origin, dataFault, unhealthy }) {
    const name = get('DestinationBucketName');
    if (!name) return fail('DestinationBucketName is required to restore an S3 recovery point.');
    const problem = kmsProblem(ctx, get('KMSKey'));
    if (problem) return fail(problem);
    const objects = unhealthy ? [] : dataFault ? withoutOne(p) : p.objects;
    const existing = ctx.world.buckets.get(name);
    const live = taken(existing, ctx.now) ? existing : undefined;
    if (isTrue(get('NewBucket'))) {
      if (live) {
        return fail(
          live.region === ctx.region.name
            ? 'BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it.'
            : 'BucketAlreadyExists: The requested bucket name is not available.',
        );
      }
      const arn = `arn:aws:s3:::${name}`;
      return {
        ok: true,
        created: { kind: 's3-bucket', id: name, arn },
        install: (_visibleAt, readyAt) => {
          const bucket: Bucket = { ...origin, name, region: ctx.region.name, arn, visibleAt: readyAt, readyAt, objects: new Map() };
          for (const o of objects) bucket.objects.set(o.key, { ...o, lastModified: readyAt });
          ctx.world.buckets.set(name, bucket);
        },
      };
    }
    if (!live || live.region !== ctx.region.name) return fail(`NoSuchBucket: The specified bucket does not exist (${name}).`);
    return {
      ok: true,
      created: { kind: 'existing', id: name, arn: live.arn },
      // Objects land when the job completes; restoring into an existing bucket leaves no new bucket behind.
      install: (_visibleAt, readyAt) => {
        for (const o of objects) live.objects.set(o.key, { ...o, lastModified: readyAt });
      },
    };
  },
};
