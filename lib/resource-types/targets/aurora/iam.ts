// The IAM an Aurora target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it
// into iam/generated/. The cluster, its added instance, their deletes and the AWS Backup role's statements are those
// every RDS-family cluster type shares (../rds-family-cluster-iam.ts); Aurora adds the RDS Data API.
import { arns } from '../iam-statements';
import { clusterIam } from '../rds-family-cluster-iam';

export const auroraIam = clusterIam({
  validateRestore: [
    { sid: 'ValidateThroughDataApi', actions: ['rds-data:BeginTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'], resources: [arns.createdCluster] },
  ],
  prepareRestored: [
    {
      sid: 'EnableDataApiOnRestoredCluster',
      why:
        'Checks through the RDS Data API need its HTTP endpoint, which a restored cluster lacks. EnableHttpEndpoint ' +
        "is authorized against the cluster and takes no condition key (Service Authorization Reference): the drill's " +
        'name prefix is the scope.',
      actions: ['rds:EnableHttpEndpoint'],
      resources: [arns.createdCluster],
    },
  ],
});
