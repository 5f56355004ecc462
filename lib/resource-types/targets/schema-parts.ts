// The pieces of the plan schema that more than one target type uses: the fields every target has (targetBase) and
// the DR-region settings several restore into. Each type's definition.ts builds its target schema from them.
import { z } from 'zod';
import { objectivesSchema } from '../../plan/objectives-schema';
import { recoveryPointSchema } from '../../plan/recovery-point-schema';

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
export const resourceArn = (service: string, resource: string, what: string, shape: string) =>
  z
    .string()
    .regex(new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}$`), `must be ${what} ARN (arn:aws:${service}:<region>:<account>:${shape})`)
    .describe(`The ${what.replace(/^an? /, '')} to drill, in the primary region`);

export const vaultArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$/,
    'must be a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)',
  );
export const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');

export const securityGroupIds = z
  .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id (sg-...)'))
  .min(1)
  .describe('Security groups in the DR region for the restored database: at least one');
// Spelled out case by case, not with the `i` flag: JSON Schema patterns carry no flags, and RDS lower-cases the name,
// so "Default" is the default group too. The character set is what CreateDBSubnetGroup accepts.
export const dbSubnetGroupName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?![Dd][Ee][Ff][Aa][Uu][Ll][Tt]$)[\w. -]+$/, 'must name an isolated DB subnet group (letters, digits, ".", "_", " ", "-"), not "default"')
  .describe('The DB subnet group in the DR region to restore into: isolated, so the restored copy cannot reach production');
export const kmsKeyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)')
  .describe('A KMS key in the DR region to encrypt the restored copy with');

/** The fields every target has, whatever its type; spread first into each type's strictObject. */
export const targetBase = {
  id: targetId,
  sourceVault: vaultArn.describe('The vault in the primary region that holds the recovery points'),
  drVault: vaultArn.describe('The vault in the DR region the drill copies into and restores from'),
  backupRoleArn: roleArn.describe('The IAM role AWS Backup assumes to copy and restore'),
  objectives: objectivesSchema.partial().optional().describe("Overrides the plan's objectives for this target"),
  recoveryPoint: recoveryPointSchema.optional().describe("Overrides the plan's recoveryPoint settings for this target, field by field"),
};
