// The IAM an S3 target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it into
// iam/generated/.
import { arns, shared, type TypeIam } from '../iam-statements';

const bucket = [arns.createdBucket];
const objects = [arns.createdObjects];
const copy = arns.recoveryPoints.backup.copied;

export const s3Iam: TypeIam = {
  recoveryPoints: arns.recoveryPoints.backup,
  parts: {
    validateRestore: [
      { sid: 'ReadRestoredObjects', actions: ['s3:GetObject'], resources: objects },
      { sid: 'ListRestoredBucket', actions: ['s3:ListBucket'], resources: bucket },
    ],
    deleteRestoredBucket: [
      { sid: 'EmptyAndDeleteRestoredBucket', actions: ['s3:ListBucketVersions', 's3:DeleteBucket'], resources: bucket },
      { sid: 'DeleteRestoredObjects', actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: objects },
    ],
    checkCleanup: [{ sid: 'ListCreatedBucket', actions: ['s3:ListBucket'], resources: bucket }],
    markCreated: [
      {
        sid: 'MarkRestoredBuckets',
        why: "S3 evaluates no aws:TagKeys for bucket tagging (Service Authorization Reference): the drill's buckets by name.",
        actions: ['s3:PutBucketTagging', 's3:GetBucketTagging'],
        resources: bucket,
      },
      shared.markUnnamed(['backup:TagResource'], [copy]),
    ],
    sweep: [
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [copy] },
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint'], [copy]),
      {
        sid: 'SweepRestoredBuckets',
        why:
          'EXCEPTION to tag-scoped deletes: S3 evaluates no resource tag for these actions; the drdrill- prefix ' +
          "(never the stack's own dr-drill-<stage>- buckets) and the sweeper's own tag lookup scope them.",
        actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:DeleteBucket'],
        resources: bucket,
      },
      { sid: 'SweepRestoredObjects', actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: objects },
    ],
    restoreTestingValidator: [
      { sid: 'ListRestoreTestBucket', actions: ['s3:ListBucket'], resources: [arns.restoreTestBucket] },
      {
        sid: 'ReadRestoreTestObjects',
        why: 'HeadObject is authorised by s3:GetObject; the code only calls HeadObject on restored buckets.',
        actions: ['s3:GetObject'],
        resources: [arns.restoreTestObjects],
      },
    ],
  },
  backupRestoreRole: {
    statements: [
      {
        sid: 'RestoreS3Buckets',
        why: 'An S3 restore creates the bucket, versioned, and writes every object version.',
        actions: ['s3:CreateBucket', 's3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation', 's3:GetBucketVersioning', 's3:PutBucketVersioning', 's3:GetBucketOwnershipControls', 's3:PutBucketOwnershipControls'],
        resources: [{ 'Fn::Sub': 'arn:aws:s3:::${RestoredPrefix}*' }],
      },
      {
        sid: 'RestoreS3Objects',
        actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectAcl', 's3:GetObjectAcl', 's3:PutObjectVersionAcl', 's3:GetObjectVersionAcl', 's3:ListMultipartUploadParts'],
        resources: [{ 'Fn::Sub': 'arn:aws:s3:::${RestoredPrefix}*/*' }],
      },
    ],
    kmsViaServices: ['s3.${DrRegion}.amazonaws.com'],
  },
};
