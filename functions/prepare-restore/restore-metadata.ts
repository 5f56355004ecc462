// Turns the metadata AWS Backup recorded at backup time into a restore request that is safe in the DR region:
//  - the restored resource gets the drill's name, so it never collides with (or replaces) a real one;
//  - the plan's isolated network replaces the source's (without it AWS restores into the default VPC);
//  - settings that name primary-region things (AZs, parameter groups, KMS keys) are dropped: they do not exist
//    in the DR region and would fail the restore;
//  - deletion protection is forced off, or the drill could not clean up after itself.
import type { Target, TargetType } from '../../lib/plan/schema';
import type { TargetNames } from '../../lib/drill/contracts';

export { BACKUP_RESOURCE_TYPES as RESOURCE_TYPES } from '../../lib/drill/resource-types';

const REGION_BOUND_KEYS: Record<TargetType, string[]> = {
  aurora: ['AvailabilityZones', 'DBClusterParameterGroupName', 'OptionGroupName', 'KmsKeyId', 'DBSubnetGroupName', 'VpcSecurityGroupIds'],
  rds: ['AvailabilityZone', 'DBParameterGroupName', 'OptionGroupName', 'KmsKeyId', 'DBSubnetGroupName', 'VpcSecurityGroupIds'],
  dynamodb: ['kmsMasterKeyArn'],
  ebs: ['availabilityZone', 'kmsKeyId'],
  // The source's VPC, zone and key pair do not exist in the DR region. NetworkInterfaces is where a recorded public IP
  // association lives: without it the instance gets only what the isolated subnet hands out (no public IP). The
  // source's instance profile carries production's permissions, so only one the plan names is used.
  ec2: ['AvailabilityZone', 'SubnetId', 'SecurityGroupIds', 'KeyName', 'Placement', 'NetworkInterfaces', 'IamInstanceProfileName'],
  efs: ['KmsKeyId'],
  s3: ['KMSKey'],
};

export function buildRestoreMetadata(
  target: Target,
  names: TargetNames,
  recorded: Record<string, string>,
): Record<string, string> {
  const metadata: Record<string, string> = { ...recorded };
  // AWS Backup reads metadata keys case-insensitively, so a recorded key in another case must go too, or it would
  // collide with the override.
  const dropped = new Set(REGION_BOUND_KEYS[target.type].map((k) => k.toLowerCase()));
  for (const key of Object.keys(metadata)) if (dropped.has(key.toLowerCase())) delete metadata[key];

  switch (target.type) {
    case 'aurora':
      return withDefined(metadata, {
        DBClusterIdentifier: names.restored,
        DBSubnetGroupName: target.restore.dbSubnetGroupName,
        VpcSecurityGroupIds: JSON.stringify(target.restore.vpcSecurityGroupIds),
        KmsKeyId: target.restore.kmsKeyArn,
        DeletionProtection: 'false',
      });
    case 'rds':
      return withDefined(metadata, {
        DBInstanceIdentifier: names.restored,
        DBSubnetGroupName: target.restore.dbSubnetGroupName,
        VpcSecurityGroupIds: JSON.stringify(target.restore.vpcSecurityGroupIds),
        DBInstanceClass: target.restore.instanceClass,
        KmsKeyId: target.restore.kmsKeyArn,
        MultiAZ: 'false',
        PubliclyAccessible: 'false',
        DeletionProtection: 'false',
      });
    case 'dynamodb':
      return withDefined(metadata, {
        targetTableName: names.restored,
        encryptionType: target.restore?.kmsKeyArn ? 'KMS' : 'Default',
        kmsMasterKeyArn: target.restore?.kmsKeyArn,
      });
    case 'ebs':
      return withDefined(metadata, {
        availabilityZone: target.restore.availabilityZone,
        volumeType: target.restore.volumeType,
        encrypted: 'true',
        kmsKeyId: target.restore.kmsKeyArn,
      });
    case 'ec2':
      // Keys as AWS Backup's restore-testing metadata table names them for EC2.
      return withDefined(withoutKeys(metadata, ['instanceType', 'disableApiTermination', 'requireImdsV2']), {
        subnetId: target.restore.subnetId,
        securityGroupIds: JSON.stringify(target.restore.securityGroupIds),
        instanceType: target.restore.instanceType ?? valueOf(recorded, 'instanceType'),
        iamInstanceProfileName: target.restore.iamInstanceProfileName,
        // Termination protection would stop the drill from cleaning up.
        disableApiTermination: 'false',
        // What AWS Backup's own restore tests infer: no instance metadata without a session token.
        requireImdsV2: 'true',
      });
    case 'efs':
      return withDefined(metadata, {
        newFileSystem: 'true',
        CreationToken: names.restored,
        Encrypted: 'true',
        KmsKeyId: target.restore?.kmsKeyArn,
        PerformanceMode: target.restore?.performanceMode,
      });
    case 's3':
      return withDefined(metadata, {
        DestinationBucketName: names.restored,
        NewBucket: 'true',
        Encrypted: 'true',
        EncryptionType: target.restore?.kmsKeyArn ? 'SSE-KMS' : 'SSE-S3',
        KMSKey: target.restore?.kmsKeyArn,
      });
  }
}

/** A recorded value whatever the case of its key. */
function valueOf(recorded: Record<string, string>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.entries(recorded).find(([k]) => k.toLowerCase() === lower)?.[1];
}

function withoutKeys(base: Record<string, string>, keys: string[]): Record<string, string> {
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(base).filter(([k]) => !lower.has(k.toLowerCase())));
}

function withDefined(base: Record<string, string>, overrides: Record<string, string | undefined>): Record<string, string> {
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) out[key] = value;
  return out;
}

const REGION_OR_ZONE = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]?$/;

/**
 * Every region a metadata value names, as an ARN's region field or as a whole value that is a region or an
 * availability zone (alone or in a JSON list): a restore must not reach outside the policy. Free text is not
 * scanned: a name such as "gp-records-2" looks like a region code and is not one.
 */
export function regionsMentioned(metadata: Record<string, string>): { key: string; region: string }[] {
  const found: { key: string; region: string }[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    for (const item of listOrSelf(value)) {
      const region = item.startsWith('arn:') ? item.split(':')[3] : REGION_OR_ZONE.exec(item)?.[1];
      if (region) found.push({ key, region });
    }
  }
  return found;
}

function listOrSelf(value: string): string[] {
  if (!value.startsWith('[')) return [value];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [value];
  } catch {
    return [value];
  }
}
