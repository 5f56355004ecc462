// The reads only a dry run makes, on the simulated account through the real SDK v3 clients: each answers for what
// the NHS example plan names, in the SDK's output shape, and a name the account lacks gets AWS's own error.
import { DescribeBackupVaultCommand } from '@aws-sdk/client-backup';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeDBSubnetGroupsCommand } from '@aws-sdk/client-rds';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DRY_RUN_OPERATIONS, SIMULATED_OPERATIONS } from '../../local/sim/account';
import { DR, nhsSimAccount, PRIMARY } from './sim-nhs-account';
import { errorOf } from '../../local/sim/drive';

const ACCOUNT = '111122223333';

describe('the dry run reads of the simulated account', () => {
  it('keeps them apart from the restore drill operations, so that list stays what a drill uses', () => {
    expect(DRY_RUN_OPERATIONS).toEqual({
      backup: ['DescribeBackupVault'],
      iam: ['GetRole'],
      rds: ['DescribeDBSubnetGroups'],
      ec2: ['DescribeSecurityGroups', 'DescribeSubnets'],
      secretsmanager: ['DescribeSecret'],
    });
    for (const [service, ops] of Object.entries(DRY_RUN_OPERATIONS)) {
      for (const op of ops) expect(SIMULATED_OPERATIONS[service] ?? []).not.toContain(op);
    }
  });

  it('describes the vaults the plan names, each in its own region only', async () => {
    const { clients } = nhsSimAccount();

    const source = await clients.get('backup', PRIMARY).send(new DescribeBackupVaultCommand({ BackupVaultName: 'nhs-patient-platform' }));
    const elsewhere = errorOf(clients.get('backup', DR).send(new DescribeBackupVaultCommand({ BackupVaultName: 'nhs-patient-platform' })));

    expect(source).toMatchObject({
      BackupVaultArn: `arn:aws:backup:${PRIMARY}:${ACCOUNT}:backup-vault:nhs-patient-platform`,
      // Three snapshots of each of the four targets, and a continuous recovery point of the Aurora cluster and the bucket.
      NumberOfRecoveryPoints: 14,
      Locked: false,
    });
    expect(await elsewhere).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers GetRole for the backup role by name from any region, with its trust policy URL-encoded', async () => {
    const { clients } = nhsSimAccount();

    const { Role } = await clients.get('iam', DR).send(new GetRoleCommand({ RoleName: 'AWSBackupDefaultServiceRole' }));
    const missing = await errorOf(clients.get('iam', DR).send(new GetRoleCommand({ RoleName: 'service-role/AWSBackupDefaultServiceRole' })));

    expect(Role).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`, Path: '/service-role/' });
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toMatchObject({
      Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(missing).toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
  });

  it('describes the isolated DB subnet group and security groups in the DR region, and refuses unknown ones by name', async () => {
    const { clients } = nhsSimAccount();

    const groups = await clients.get('rds', DR).send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'dr-isolated-db' }));
    const sgs = await clients.get('ec2', DR).send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0a1b2c3d4e5f67890'] }));
    const noGroup = errorOf(clients.get('rds', DR).send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: 'dr-isolated-dbx' })));
    const noSg = errorOf(clients.get('ec2', DR).send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0a1b2c3d4e5f67890', 'sg-0000000000000000f'] })));
    const noSubnet = errorOf(clients.get('ec2', DR).send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0000000000000000f'] })));

    expect(groups.DBSubnetGroups).toEqual([expect.objectContaining({ DBSubnetGroupName: 'dr-isolated-db', SubnetGroupStatus: 'Complete', VpcId: expect.stringMatching(/^vpc-/) })]);
    expect(sgs.SecurityGroups?.map((g) => g.GroupId)).toEqual(['sg-0a1b2c3d4e5f67890']);
    expect(await noGroup).toMatchObject({ name: 'DBSubnetGroupNotFoundFault' });
    expect(await noSg).toMatchObject({ name: 'InvalidGroup.NotFound', message: "The security group 'sg-0000000000000000f' does not exist" });
    expect(await noSubnet).toMatchObject({ name: 'InvalidSubnetID.NotFound' });
  });

  it('describes the validation and canary secrets in their own regions, never another', async () => {
    const { clients } = nhsSimAccount();
    const validation = `arn:aws:secretsmanager:${DR}:${ACCOUNT}:secret:nhs-patient-platform/patients-db/drill-readonly-Xy12Ab`;
    const canary = `arn:aws:secretsmanager:${PRIMARY}:${ACCOUNT}:secret:nhs-patient-platform/patients-db/drill-canary-Ab12Cd`;

    const found = await clients.get('secretsmanager', DR).send(new DescribeSecretCommand({ SecretId: validation }));
    const primaryCanary = await clients.get('secretsmanager', PRIMARY).send(new DescribeSecretCommand({ SecretId: canary }));
    const wrongRegion = await errorOf(clients.get('secretsmanager', DR).send(new DescribeSecretCommand({ SecretId: canary })));

    expect(found).toMatchObject({ ARN: validation, Name: 'nhs-patient-platform/patients-db/drill-readonly' });
    expect(primaryCanary.ARN).toBe(canary);
    expect(wrongRegion).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
