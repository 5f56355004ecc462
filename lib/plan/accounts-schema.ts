// Issue 13, "Accounts": a plan may name the accounts of a ransomware-resilient setup (AWS Prescriptive Guidance and
// the AWS Backup Developer Guide, "Logically air-gapped vault" and "Creating backup copies across AWS accounts"):
// dr-drill runs in an isolated RECOVERY account; the protected resources live in WORKLOAD accounts; their recovery
// points are kept where a workload account cannot delete them, either in a central backup account's standard vault
// (a backup plan's copy rule copies there) or in a logically air-gapped vault shared with the recovery account
// through AWS RAM. Without `accounts` a plan is a one-account plan, exactly as before.
import { z } from 'zod';
import { roleArn, vaultArn } from '../resource-types/targets/schema-parts';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id, quoted in YAML ("111122223333")');

// STS AssumeRole's ExternalId: 2 to 1,224 characters of letters, digits and _+=,.@:/- (SDK doc comment of
// AssumeRoleRequest.ExternalId in @aws-sdk/client-sts; AWS STS API Reference, AssumeRole).
export const externalId = z
  .string()
  .min(2)
  .max(1224)
  .regex(/^[\w+=,.@:/-]+$/, 'must use only letters, digits and _+=,.@:/- (what STS AssumeRole accepts as ExternalId)');

/**
 * How dr-drill reaches a STANDARD vault in another account. AWS Backup rejects every cross-account call on a standard
 * vault except backup:CopyIntoBackupVault ("Vault access policies": "cross-account access for any action other than
 * backup:CopyIntoBackupVault will be rejected"), so the copy must be started BY the vault's own account: dr-drill
 * assumes a role there (sts:AssumeRole with this ExternalId) and calls StartCopyJob in that account, passing that
 * account's AWS Backup role; the recovery account's drVault must allow backup:CopyIntoBackupVault from it.
 */
export const crossAccountCopySchema = z.strictObject({
  assumeRoleArn: roleArn.describe(
    "The role in the vault's account that dr-drill assumes to start and watch the copy (resources/central-backup-copy-role.yml): its trust policy names dr-drill's copy function role and the externalId",
  ),
  externalId: externalId.describe("The ExternalId the role's trust policy requires (sts:ExternalId): agreed with the central backup account's owners"),
  backupRoleArn: roleArn.describe("The AWS Backup service role in the vault's account that performs the copy (StartCopyJob's IamRoleArn)"),
});

const standardVault = z.strictObject({
  arn: vaultArn.describe("The standard vault in the other account (a central backup account's vault)"),
  type: z.literal('standard').describe('A standard backup vault: its recovery points are copied into the recovery account before the restore'),
  copy: crossAccountCopySchema.describe("How the copy is started in the vault's own account"),
});

const airGappedVault = z.strictObject({
  arn: vaultArn.describe('The logically air-gapped vault, owned by another account and shared with the recovery account through AWS RAM'),
  type: z
    .literal('logically-air-gapped')
    .describe('A logically air-gapped vault (LOGICALLY_AIR_GAPPED_BACKUP_VAULT) shared through AWS RAM: restored directly in the recovery account, nothing copied'),
});

export const otherAccountVaultSchema = z.discriminatedUnion('type', [standardVault, airGappedVault]);

export const accountsSchema = z.strictObject({
  recovery: accountId.describe(
    'The isolated recovery account dr-drill is deployed in: every restore runs here, and every drVault, backupRoleArn, KMS key and secret of a target is in it',
  ),
  workloads: z
    .array(accountId)
    .min(1)
    .max(50)
    .describe("The workload accounts whose resources the targets name (each target's resourceArn is in one of them)"),
  vaults: z
    .array(otherAccountVaultSchema)
    .max(100)
    .default([])
    .describe('The source vaults in accounts other than the recovery account, and how dr-drill reaches each'),
});

export type Accounts = z.infer<typeof accountsSchema>;
export type OtherAccountVault = z.infer<typeof otherAccountVaultSchema>;
export type CrossAccountCopy = z.infer<typeof crossAccountCopySchema>;
