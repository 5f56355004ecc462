// The created-kind registry is data: each kind says which ARNs are its own, where it comes in the sweeper's order,
// whether the drill names it and which SDK clients it calls. These pin what the registry derives from that.
import { CREATED_KIND_CLIENTS, DELETE_ORDER, NAMED_KINDS, RESOURCE_TYPES, classifyArn } from '../../../lib/resource-types/registry';
import { TARGET_CHECK_CLIENTS, TARGET_CHECKS } from '../../../lib/resource-types/targets/checks-registry';

describe('created-kind registry', () => {
  it.each([
    ['arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-x', 'db-cluster', 'drdrill-x'],
    ['arn:aws:rds:eu-west-2:111122223333:db:drdrill-x-1', 'db-instance', 'drdrill-x-1'],
    ['arn:aws:dynamodb:eu-west-2:111122223333:table/drdrill-t', 'dynamodb-table', 'drdrill-t'],
    ['arn:aws:elasticfilesystem:eu-west-2:111122223333:file-system/fs-0123456789abcdef0', 'efs-file-system', 'fs-0123456789abcdef0'],
    ['arn:aws:fsx:eu-west-2:111122223333:file-system/fs-0123456789abcdef0', 'fsx-file-system', 'fs-0123456789abcdef0'],
    ['arn:aws:ec2:eu-west-2:111122223333:volume/vol-0123456789abcdef0', 'ebs-volume', 'vol-0123456789abcdef0'],
    ['arn:aws:ec2:eu-west-2:111122223333:instance/i-0123456789abcdef0', 'ec2-instance', 'i-0123456789abcdef0'],
    ['arn:aws:s3:::drdrill-bucket', 's3-bucket', 'drdrill-bucket'],
    // Copies: a backup recovery point, or the snapshot / AMI AWS Backup names a snapshot-based copy by (the ARN is the id).
    ['arn:aws:backup:eu-west-2:111122223333:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45', 'recovery-point', null],
    ['arn:aws:rds:eu-west-2:111122223333:cluster-snapshot:awsbackup:job-abc', 'recovery-point', null],
    ['arn:aws:rds:eu-west-2:111122223333:snapshot:awsbackup:job-abc', 'recovery-point', null],
    ['arn:aws:ec2:eu-west-2::snapshot/snap-0123456789abcdef0', 'recovery-point', null],
    ['arn:aws:ec2:eu-west-2::image/ami-0123456789abcdef0', 'recovery-point', null],
    // FSx recovery points (and their copies) are FSx backups.
    ['arn:aws:fsx:eu-west-2:111122223333:backup/backup-0123456789abcdef0', 'recovery-point', null],
    // An ONTAP volume a restore created (Service Authorization Reference: volume/${FileSystemId}/${VolumeId}): its calls take the volume id.
    ['arn:aws:fsx:eu-west-2:111122223333:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0', 'fsx-volume', 'fsvol-0123456789abcdef0'],
  ])('classifies %s as a %s', (arn, kind, id) => {
    expect(classifyArn(arn)).toEqual({ kind, id: id ?? arn });
  });

  it.each([
    'arn:aws:rds:eu-west-2:111122223333:cluster-snapshot:rds:manual-1',
    'arn:aws:dynamodb:eu-west-2:111122223333:table/drdrill-t/stream/2026-01-01T00:00:00.000',
    'arn:aws:s3:::drdrill-bucket/key',
    'arn:aws:sns:eu-west-2:111122223333:topic',
    'not-an-arn',
  ])('is nothing a drill makes: %s', (arn) => {
    expect(classifyArn(arn)).toBeNull();
  });

  it('deletes what holds others first and recovery points last', () => {
    const at = (kind: string) => DELETE_ORDER.indexOf(kind as never);
    expect(DELETE_ORDER).toHaveLength(Object.keys(RESOURCE_TYPES).length);
    expect(at('ec2-instance')).toBeLessThan(at('ebs-volume'));
    expect(at('db-instance')).toBeLessThan(at('db-cluster'));
    expect(DELETE_ORDER[DELETE_ORDER.length - 1]).toBe('recovery-point');
  });

  it('knows which kinds the drill names', () => {
    expect([...NAMED_KINDS].sort()).toEqual(['db-cluster', 'db-instance', 'dynamodb-table', 's3-bucket']);
  });

  it("gives the functions that ask through the registries every kind's and every type's clients", () => {
    for (const type of Object.values(RESOURCE_TYPES)) for (const service of Object.keys(type.clients)) expect(CREATED_KIND_CLIENTS).toHaveProperty(service);
    for (const checks of Object.values(TARGET_CHECKS)) for (const service of Object.keys(checks.clients)) expect(TARGET_CHECK_CLIENTS).toHaveProperty(service);
    expect(Object.keys(CREATED_KIND_CLIENTS).sort()).toEqual(['backup', 'dynamodb', 'ec2', 'efs', 'fsx', 'rds', 's3']);
  });
});
