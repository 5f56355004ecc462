// AWS authorizes AWS Backup's recovery-point actions against the recovery point's own ARN; for EBS and EC2 that is
// the snapshot or AMI (arn:aws:ec2:<region>::snapshot/<id>, ::image/<id>; AWS Backup Developer Guide, "Amazon
// Resource Names"), which the IAM simulator cannot fit to the Service Authorization Reference's template for it,
// `arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}` (iam-data resourceTypes/backup.json),
// and so refuses to evaluate. For backup actions the request ARN and every policy Resource of that shape are
// rewritten alike (the '/' after snapshot or image to ':', the empty account to '*'): a one-to-one rewrite, so a
// Resource matches the rewritten ARN exactly when it matched the real one.
import type { PolicyDocument, Statement } from '../stack/template';

const EC2_RECOVERY_POINT = /^arn:aws:ec2:([^:]*)::(snapshot|image)\/(.*)$/;
// FSx recovery points are FSx backups, arn:aws:fsx:<region>:<account>:backup/<id> ("Restore an FSx file system", AWS
// Backup Developer Guide): the same '/' the template cannot fit, rewritten the same one-to-one way.
const FSX_RECOVERY_POINT = /^arn:aws:fsx:([^:]*):([^:]*):backup\/(.*)$/;

/** An EC2 snapshot or image ARN, or an FSx backup ARN, in the shape of backup's recoveryPoint template. */
export const typed = (arn: string): string => arn.replace(EC2_RECOVERY_POINT, 'arn:aws:ec2:$1:*:$2:$3').replace(FSX_RECOVERY_POINT, 'arn:aws:fsx:$1:$2:backup:$3');

/** The request and policies as the simulator can evaluate them (unchanged unless a backup action names an EC2 recovery point). */
export function asTypedRecoveryPoint(action: string, policies: PolicyDocument[], resource: string): { policies: PolicyDocument[]; resource: string } {
  if (!action.startsWith('backup:') || !(EC2_RECOVERY_POINT.test(resource) || FSX_RECOVERY_POINT.test(resource))) return { policies, resource };
  const retype = (s: Statement): Statement => (s.Resource === undefined ? s : { ...s, Resource: Array.isArray(s.Resource) ? s.Resource.map(typed) : typed(s.Resource) });
  return { policies: policies.map((p) => ({ ...p, Statement: p.Statement.map(retype) })), resource: typed(resource) };
}
