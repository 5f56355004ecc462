// What the sweeper's unit tests share: a drill as its tags name it, the tagged resources a killed drill leaves,
// and the drill's stored plan as S3 returns it.
import { checkedPlan, drillContext, DR_VAULT, EXECUTION_ARN, DRILL_ID, ACCOUNT, nhsPlanInputWithEveryType, restoredName, STORE_BUCKET, testDeps } from '../functions/fixtures';
import type { StoredPlan } from '../../../lib/drill/store';
import type { SweepDeps } from '../../../lib/sweep/sweep';

export { DRILL_ID, EXECUTION_ARN, DR_VAULT, ACCOUNT, STORE_BUCKET, restoredName };

export const NOW = '2025-03-06T03:00:00.000Z';

export const tagsOf = (targetId: string, drillId = DRILL_ID, executionArn = EXECUTION_ARN) => [
  { Key: 'dr-drill:drill-id', Value: drillId },
  { Key: 'dr-drill:target', Value: targetId },
  { Key: 'dr-drill:execution', Value: executionArn },
];

export const ARNS = {
  cluster: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`,
  instance: `arn:aws:rds:eu-west-2:${ACCOUNT}:db:${restoredName('patients-db')}-db`,
  table: `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName('appointments')}`,
  bucket: `arn:aws:s3:::${restoredName('documents')}`,
  copy: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster-snapshot:awsbackup:copyjob-5e3b1c2d-7a8f-4b6c-9d0e-1f2a3b4c5d6e`,
};

export function sweepDeps(now = NOW): SweepDeps {
  return { ...testDeps([now]), storeBucket: STORE_BUCKET };
}

export function storedPlan(keepCopies = false): StoredPlan {
  const plan = checkedPlan({ ...nhsPlanInputWithEveryType(), keepCopies });
  return { drill: drillContext(plan), plan };
}

/** S3 GetObject's answer for a JSON object: a body the SDK streams, read with transformToString. */
export const jsonBody = (value: unknown) => ({ Body: { transformToString: async () => JSON.stringify(value) } }) as never;
