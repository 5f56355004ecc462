// The IAM a Neptune target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it
// into iam/generated/. Neptune's "administrative actions in Neptune have the prefix rds:"
// (https://docs.aws.amazon.com/neptune/latest/userguide/iam-dp-actions.html), so its statements are the RDS-family
// cluster's (../rds-family-cluster-iam.ts); its data checks add Neptune's data-plane read.
import { clusterIam } from '../rds-family-cluster-iam';

export const neptuneIam = clusterIam({
  validateRestore: [
    {
      sid: 'QueryRestoredGraphs',
      why:
        "Node counts on a restored cluster with IAM database authentication. ReadDataViaQuery is all a count needs (\"g.V() and count() only require read access\", Neptune User Guide, iam-data-access-policies). " +
        "Its resource is the cluster's resource id (arn:aws:neptune-db:<region>:<account>:<cluster-resource-id>/*), new at each restore, and policy changes take up to 10 minutes to reach Neptune: the DR region's clusters of this account, read-only.",
      actions: ['neptune-db:ReadDataViaQuery'],
      resources: [{ 'Fn::Sub': 'arn:aws:neptune-db:${AWS::Region}:${AWS::AccountId}:*/*' }],
    },
  ],
});
