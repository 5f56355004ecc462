// An NHS-trust-like plan with one target of every type, for local runs and tests of the simulated account.
import { planSchema, type Plan, type PlanInput } from '../../lib/plan/schema';

export const EXAMPLE_ACCOUNT = '111122223333';

export function examplePlanInput(account = EXAMPLE_ACCOUNT): PlanInput {
  const vault = (region: string, name: string) => `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
  const common = {
    sourceVault: vault('eu-west-2', 'trust-prod-vault'),
    drVault: vault('eu-west-1', 'trust-dr-vault'),
    backupRoleArn: `arn:aws:iam::${account}:role/dr-drill-backup`,
  };
  const network = { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f60718'] };
  return {
    name: 'trust-dr-drill',
    description: 'Quarterly restore drill of patient-facing systems into Ireland',
    residency: { policy: 'UK and Ireland', allowedRegions: ['eu-west-2', 'eu-west-1'] },
    regions: { primary: 'eu-west-2', dr: 'eu-west-1' },
    objectives: { rtoMinutes: 240, rpoMinutes: 1440 },
    targets: [
      { ...common, id: 'appointments', type: 'aurora', resourceArn: `arn:aws:rds:eu-west-2:${account}:cluster:appointments-prod`, restore: { ...network, instanceClass: 'db.r6g.large' } },
      { ...common, id: 'pharmacy', type: 'rds', resourceArn: `arn:aws:rds:eu-west-2:${account}:db:pharmacy-prod`, restore: { ...network } },
      { ...common, id: 'referrals', type: 'dynamodb', resourceArn: `arn:aws:dynamodb:eu-west-2:${account}:table/referrals` },
      { ...common, id: 'pacs-cache', type: 'ebs', resourceArn: `arn:aws:ec2:eu-west-2:${account}:volume/vol-0123456789abcdef0`, restore: { availabilityZone: 'eu-west-1a' } },
      { ...common, id: 'letters', type: 'efs', resourceArn: `arn:aws:elasticfilesystem:eu-west-2:${account}:file-system/fs-0123456789abcdef0` },
      { ...common, id: 'discharge-exports', type: 's3', resourceArn: 'arn:aws:s3:::trust-discharge-exports-prod' },
    ],
  };
}

export function examplePlan(account = EXAMPLE_ACCOUNT): Plan {
  return planSchema.parse(examplePlanInput(account));
}
