// The drill plan: the one schema every entry point (CLI, preflight Lambda, local runs) validates against.
// Types are inferred from it; `npm run schema` exports it as JSON Schema for editors.
import { z } from 'zod';

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const region = z.string().regex(REGION_PATTERN, 'must be an AWS region code such as eu-west-2');

// Lower-case ids because they become parts of resource names (S3 buckets, RDS identifiers) in the DR region.
const targetId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must start with a letter and use only a-z, 0-9 and "-" (at most 40 characters)');

const arn = (service: string, what: string) =>
  z
    .string()
    .regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be ${what} ARN (arn:aws:${service}:...)`);

const vaultArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$/,
    'must be a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)',
  );
const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');

const minutes = (max: number) => z.number().int().positive().max(max);

export const objectivesSchema = z.strictObject({
  rtoMinutes: minutes(7 * 24 * 60).describe('Recovery time objective: restore start to data validated, in minutes'),
  rpoMinutes: minutes(31 * 24 * 60).describe('Recovery point objective: the oldest acceptable recovery point, in minutes'),
});

export const timeoutsSchema = z.strictObject({
  copyMinutes: minutes(24 * 60).default(180),
  restoreMinutes: minutes(24 * 60).default(360),
  instanceMinutes: minutes(6 * 60).default(90),
  validationMinutes: minutes(60).default(15),
  cleanupMinutes: minutes(6 * 60).default(120),
});

const securityGroupIds = z.array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id (sg-...)')).min(1);
const dbSubnetGroupName = z.string().min(1).max(255).regex(/^(?!default$)/i, 'must name an isolated DB subnet group, not "default"');
const kmsKeyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN');

// Validation settings: readiness always runs; data checks per resource type are declared here (see README).
export const validationSchema = z.strictObject({
  timeoutSeconds: z.number().int().positive().max(900).optional(),
});

const targetBase = {
  id: targetId,
  sourceVault: vaultArn.describe('The vault in the primary region that holds the recovery points'),
  drVault: vaultArn.describe('The vault in the DR region the drill copies into and restores from'),
  backupRoleArn: roleArn.describe('The IAM role AWS Backup assumes to copy and restore'),
  objectives: objectivesSchema.partial().optional(),
  validation: validationSchema.optional(),
};

export const auroraTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('aurora'),
  resourceArn: arn('rds', 'an Aurora DB cluster').regex(/:cluster:/, 'must be an Aurora cluster ARN (...:cluster:<name>)'),
  restore: z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a DB instance class such as db.r6g.large'),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});

export const rdsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('rds'),
  resourceArn: arn('rds', 'an RDS DB instance').regex(/:db:/, 'must be an RDS instance ARN (...:db:<name>)'),
  restore: z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a DB instance class such as db.t4g.medium').optional(),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});

export const dynamodbTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('dynamodb'),
  resourceArn: arn('dynamodb', 'a DynamoDB table').regex(/:table\//, 'must be a DynamoDB table ARN (...:table/<name>)'),
  restore: z.strictObject({ kmsKeyArn: kmsKeyArn.optional() }).optional(),
});

export const ebsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('ebs'),
  resourceArn: arn('ec2', 'an EBS volume').regex(/:volume\/vol-/, 'must be an EBS volume ARN (...:volume/vol-...)'),
  restore: z.strictObject({
    availabilityZone: z.string().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-2a'),
    volumeType: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1']).optional(),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});

export const efsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('efs'),
  resourceArn: arn('elasticfilesystem', 'an EFS file system').regex(/:file-system\/fs-/, 'must be an EFS ARN (...:file-system/fs-...)'),
  restore: z
    .strictObject({
      performanceMode: z.enum(['generalPurpose', 'maxIO']).optional(),
      kmsKeyArn: kmsKeyArn.optional(),
    })
    .optional(),
});

export const s3TargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('s3'),
  resourceArn: z.string().regex(/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket ARN (arn:aws:s3:::<bucket>)'),
  restore: z.strictObject({ kmsKeyArn: kmsKeyArn.optional() }).optional(),
});

export const targetSchema = z.discriminatedUnion('type', [
  auroraTargetSchema,
  rdsTargetSchema,
  dynamodbTargetSchema,
  ebsTargetSchema,
  efsTargetSchema,
  s3TargetSchema,
]);

export const MAX_TARGETS = 1000;

export const planSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must start with a letter and use only a-z, 0-9 and "-"'),
  description: z.string().max(1000).optional(),
  residency: z.strictObject({
    policy: z.string().min(1).max(200).describe('A name for the policy, shown in reports: "UK and Ireland"'),
    allowedRegions: z.array(region).min(1).max(30),
  }),
  regions: z.strictObject({
    primary: region.describe('Where the protected resources and their source vaults live'),
    dr: region.describe('Where the drill restores; dr-drill is deployed in this region'),
  }),
  objectives: objectivesSchema,
  timeouts: timeoutsSchema.prefault({}),
  concurrency: z.number().int().min(1).max(40).default(10).describe('Targets drilled at once (inline Map limit: 40)'),
  keepCopies: z.boolean().default(false).describe('Keep the recovery points copied into the DR vault after the drill'),
  targets: z.array(targetSchema).min(1).max(MAX_TARGETS, `at most ${MAX_TARGETS} targets per plan`),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type Target = z.infer<typeof targetSchema>;
export type TargetType = Target['type'];
export type Objectives = z.infer<typeof objectivesSchema>;
export type Timeouts = z.infer<typeof timeoutsSchema>;
export const TARGET_TYPES = ['aurora', 'rds', 'dynamodb', 'ebs', 'efs', 's3'] as const satisfies readonly TargetType[];
