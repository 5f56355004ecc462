// S3: the restored bucket holds objects; the data checks compare it with the plan's manifest.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { s3Checks } from '../../../checks/s3';
import { check, NO_DATA_CHECKS, orMissing, readinessAndDataChecks } from '../check-helpers';
import { noNetworkChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

export const S3_CHECKS: TargetChecks<TargetOf<'s3'>> = {
  clients: { s3: S3Client },
  async readiness({ names, region, clients }) {
    const listed = await orMissing(clients.get('s3', region).send(new ListObjectsV2Command({ Bucket: names.restored, MaxKeys: 1000 })));
    if (!listed) return [check('objects restored', false, null, '>= 1', 'the restored bucket does not exist')];
    const count = listed.KeyCount ?? 0;
    return [check('objects restored', count >= 1, count, '>= 1', count >= 1 ? `${count}${listed.IsTruncated ? '+' : ''} objects in the restored bucket` : 'the restored bucket is empty')];
  },
  dataChecks: async ({ target, names, region, clients }) =>
    target.validation ? { ...(await s3Checks(clients.get('s3', region), names.restored, target.validation)), dataAgeSeconds: null } : NO_DATA_CHECKS,
  dryRunChecks: noNetworkChecks,
  restoreTestingChecks: (input) => readinessAndDataChecks(S3_CHECKS, input),
};
