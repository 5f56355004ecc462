// The drill plan: the one schema every entry point (CLI, preflight Lambda, local runs) validates against.
// Types are inferred from it; `npx tsx scripts/export-plan-schema.ts` exports it as JSON Schema for editors.
// The `.describe()` texts are what editors show on hover, so they speak to someone writing a plan.
import { z } from 'zod';
import {
  databaseValidationSchema,
  dynamodbValidationSchema,
  ec2ValidationSchema,
  s3ValidationSchema,
  volumeValidationSchema,
} from './validation-schema';
import { failoverSchema } from './failover-schema';

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const region = z.string().regex(REGION_PATTERN, 'must be an AWS region code such as eu-west-2').describe('An AWS region code such as eu-west-2');

// Lower-case ids because they become parts of resource names (S3 buckets, RDS identifiers) in the DR region, which
// refuse a trailing hyphen or two in a row.
const targetId = z
  .string()
  .regex(
    /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,39}$/,
    'must start with a letter, use only a-z, 0-9 and single "-" between them, and end with a letter or digit (at most 40 characters)',
  )
  .describe('A short name for the target, unique in the plan; it appears in restored resource names and in reports');

// One full pattern per ARN, not a prefix check plus a resource check: a wrong value then gets one message, not two,
// and region and account are required because the residency and same-account checks read them.
const resourceArn = (service: string, resource: string, what: string, shape: string) =>
  z
    .string()
    .regex(new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}$`), `must be ${what} ARN (arn:aws:${service}:<region>:<account>:${shape})`)
    .describe(`The ${what.replace(/^an? /, '')} to drill, in the primary region`);

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
  copyMinutes: minutes(24 * 60).default(180).describe('Give up on the cross-region copy after this many minutes'),
  restoreMinutes: minutes(24 * 60).default(360).describe('Give up on the restore job after this many minutes'),
  instanceMinutes: minutes(6 * 60).default(90).describe('Give up waiting for a restored DB instance to be available'),
  // The validation Lambda runs at most 15 minutes and must stop its checks before that to report them.
  validationMinutes: minutes(14).default(10).describe('Give up on data validation after this many minutes (at most 14)'),
  cleanupMinutes: minutes(6 * 60).default(120).describe('Give up deleting the restored resources after this many minutes'),
});

const securityGroupIds = z
  .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id (sg-...)'))
  .min(1)
  .describe('Security groups in the DR region for the restored database: at least one');
// Spelled out case by case, not with the `i` flag: JSON Schema patterns carry no flags, and RDS lower-cases the name,
// so "Default" is the default group too. The character set is what CreateDBSubnetGroup accepts.
const dbSubnetGroupName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?![Dd][Ee][Ff][Aa][Uu][Ll][Tt]$)[\w. -]+$/, 'must name an isolated DB subnet group (letters, digits, ".", "_", " ", "-"), not "default"')
  .describe('The DB subnet group in the DR region to restore into: isolated, so the restored copy cannot reach production');
const kmsKeyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)')
  .describe('A KMS key in the DR region to encrypt the restored copy with');
// Aurora Serverless v2 instances use the class "db.serverless".
const auroraInstanceClass = z
  .string()
  .regex(/^db\.(serverless|[a-z0-9]+\.[a-z0-9]+)$/, 'must be a DB instance class such as db.r6g.large or db.serverless')
  .describe('The class of the instance created in the restored cluster');


const targetBase = {
  id: targetId,
  sourceVault: vaultArn.describe('The vault in the primary region that holds the recovery points'),
  drVault: vaultArn.describe('The vault in the DR region the drill copies into and restores from'),
  backupRoleArn: roleArn.describe('The IAM role AWS Backup assumes to copy and restore'),
  objectives: objectivesSchema.partial().optional().describe("Overrides the plan's objectives for this target"),
};

export const auroraTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('aurora'),
  validation: databaseValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('rds', 'cluster:[A-Za-z][A-Za-z0-9-]{0,62}', 'an Aurora DB cluster', 'cluster:<name>'),
  restore: z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass: auroraInstanceClass,
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});

/**
 * The RDS Data API is an Aurora feature: its HTTP endpoint is enabled on a DB cluster (EnableHttpEndpoint "applies
 * only to Aurora Serverless v2 and provisioned DB clusters", SDK doc comment), so an RDS instance cannot have one.
 */
const rdsValidationSchema = databaseValidationSchema.extend({
  dataApi: z
    .boolean()
    .refine((v) => !v, 'the RDS Data API exists only on Aurora DB clusters (EnableHttpEndpoint); run the checks of an RDS DB instance over a connection (remove dataApi)')
    .optional()
    .describe('Not for RDS DB instances: the RDS Data API exists only on Aurora DB clusters'),
});

export const rdsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('rds'),
  validation: rdsValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('rds', 'db:[A-Za-z][A-Za-z0-9-]{0,62}', 'an RDS DB instance', 'db:<name>'),
  restore: z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a DB instance class such as db.t4g.medium')
      .optional()
      .describe('The class of the restored instance (optional)'),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});

export const dynamodbTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('dynamodb'),
  validation: dynamodbValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('dynamodb', 'table/[A-Za-z0-9_.-]{3,255}', 'a DynamoDB table', 'table/<name>'),
  restore: z.strictObject({ kmsKeyArn: kmsKeyArn.optional() }).optional(),
});

export const ebsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('ebs'),
  validation: volumeValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('ec2', 'volume/vol-[0-9a-f]{8,17}', 'an EBS volume', 'volume/vol-...'),
  restore: z.strictObject({
    availabilityZone: z
      .string()
      .regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-2a')
      .describe('The availability zone in the DR region for the restored volume'),
    volumeType: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1']).optional(),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});

export const ec2TargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('ec2'),
  validation: ec2ValidationSchema.optional().describe('Checks on the restored instance, beyond its state (status checks, an HTTP health URL)'),
  resourceArn: resourceArn('ec2', 'instance/i-[0-9a-f]{8,17}', 'an EC2 instance', 'instance/i-...'),
  restore: z.strictObject({
    subnetId: z
      .string()
      .regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id (subnet-...)')
      .describe('The subnet in the DR region to launch the restored instance in: isolated, so it cannot reach production'),
    securityGroupIds: securityGroupIds.describe('Security groups in the DR region for the restored instance: at least one'),
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an instance type such as t3.micro')
      .optional()
      .describe("The restored instance's type (default: the backed-up instance's)"),
    iamInstanceProfileName: z
      .string()
      .regex(/^[\w+=,.@-]{1,128}$/, 'must be an instance profile name')
      .optional()
      .describe('An instance profile for the restored instance (default: none)'),
  }),
});

export const efsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('efs'),
  validation: volumeValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('elasticfilesystem', 'file-system/fs-[0-9a-f]{8,17}', 'an EFS file system', 'file-system/fs-...'),
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
  validation: s3ValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket ARN (arn:aws:s3:::<bucket>)')
    .describe('The S3 bucket to drill (bucket ARNs name no region or account)'),
  restore: z.strictObject({ kmsKeyArn: kmsKeyArn.optional() }).optional(),
});

export const targetSchema = z.discriminatedUnion('type', [
  auroraTargetSchema,
  rdsTargetSchema,
  dynamodbTargetSchema,
  ebsTargetSchema,
  ec2TargetSchema,
  efsTargetSchema,
  s3TargetSchema,
]);

export const MAX_TARGETS = 1000;

export const planSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must start with a letter and use only a-z, 0-9 and "-"')
      .describe('The plan name, shown in reports and in the names of the drill executions'),
    description: z.string().max(1000).optional().describe('Free text for the people who read the reports'),
    residency: z
      .strictObject({
        policy: z.string().min(1).max(200).describe('A name for the policy, shown in reports: "UK and Ireland"'),
        allowedRegions: z
          .array(region)
          .min(1)
          .max(30)
          .describe('The only regions the drill may touch; every region and ARN in the plan is checked against them'),
      })
      .describe('Where the data may live: dr-drill refuses a plan that would copy or restore it anywhere else'),
    regions: z.strictObject({
      primary: region.describe('Where the protected resources and their source vaults live'),
      dr: region.describe('Where the drill restores; dr-drill is deployed in this region'),
    }),
    objectives: objectivesSchema.describe('What every target must meet unless it sets its own objectives'),
    timeouts: timeoutsSchema.prefault({}).describe('How long each step may take before the drill gives up on a target'),
    concurrency: z.number().int().min(1).max(40).default(10).describe('Targets drilled at once (inline Map limit: 40)'),
    keepCopies: z.boolean().default(false).describe('Keep the recovery points copied into the DR vault after the drill'),
    targets: z
      .array(targetSchema)
      .min(1)
      .max(MAX_TARGETS, `at most ${MAX_TARGETS} targets per plan`)
      .describe('The resources to restore in the DR region, one entry each; `type` decides which fields apply'),
    schedule: z
      .strictObject({
        cron: z
          .string()
          .regex(/^cron\(\S+( \S+){5}\)$/, 'must be an EventBridge Scheduler cron expression with six fields, e.g. "cron(0 2 ? * SUN#1 *)"')
          .default('cron(0 2 ? * SUN#1 *)')
          .describe('When the deployed plan runs: EventBridge Scheduler cron (minutes hours day-of-month month day-of-week year). Default: the first Sunday of the month, 02:00'),
        timezone: z
          .string()
          .regex(/^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/, 'must be an IANA time zone such as Europe/London')
          .default('Europe/London')
          .describe('The time zone the cron is read in, so 02:00 stays 02:00 across summer time (IANA name)'),
        enabled: z.boolean().default(true).describe('Turn the monthly schedule off without removing it'),
      })
      .prefault({})
      .describe('The schedule of the deployed plan (read when the stack is packaged)'),
    order: z
      .enum(['restore-first', 'failover-first'])
      .default('restore-first')
      .describe('Which part of the drill runs first when the plan has both'),
    failover: failoverSchema
      .optional()
      .describe('Optional: after the restore drill, switch Aurora global databases to the DR region, measure it, and fail back. This changes production'),
  })
  .describe('A dr-drill plan: which backed-up resources to restore in the DR region, and the objectives they must meet');

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type Target = z.infer<typeof targetSchema>;
export type TargetType = Target['type'];
export type Objectives = z.infer<typeof objectivesSchema>;
export type Timeouts = z.infer<typeof timeoutsSchema>;
export const TARGET_TYPES = ['aurora', 'rds', 'dynamodb', 'ebs', 'ec2', 'efs', 's3'] as const satisfies readonly TargetType[];
