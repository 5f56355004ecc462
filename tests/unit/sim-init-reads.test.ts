// The reads only `dr-drill plan init` makes, on the simulated account of the NHS example through the real SDK v3
// clients (local/sim/init-reads.ts): paged as AWS pages them, in the SDK's output shapes, and the VPCs' route tables
// telling the isolated DR network (a main table with the local route only) from production's (NAT and internet).
import { ListBackupVaultsCommand, ListProtectedResourcesCommand, ListRecoveryPointsByResourceCommand } from '@aws-sdk/client-backup';
import { DescribeRouteTablesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { INIT_OPERATIONS } from '../../local/sim/account';
import { DR, nhsPlan, nhsSimAccount, PRIMARY } from './sim-nhs-account';


describe("plan init's reads of the simulated account", () => {
  it('are kept apart, so the drill operations stay what a drill uses', () => {
    expect(INIT_OPERATIONS).toEqual({ backup: ['ListProtectedResources', 'ListRecoveryPointsByResource', 'ListBackupVaults'], ec2: ['DescribeRouteTables'] });
  });

  it('list the protected resources of the primary region page by page', async () => {
    const { clients } = nhsSimAccount();
    const backup = clients.get('backup', PRIMARY);
    const first = await backup.send(new ListProtectedResourcesCommand({ MaxResults: 3 }));
    const second = await backup.send(new ListProtectedResourcesCommand({ MaxResults: 3, NextToken: first.NextToken }));
    expect(first.NextToken).toBeDefined();
    expect(second.NextToken).toBeUndefined();
    const all = [...(first.Results ?? []), ...(second.Results ?? [])];
    expect(all.map((r) => r.ResourceArn).sort()).toEqual(nhsPlan().targets.map((t) => t.resourceArn).sort());
    expect(all.every((r) => r.LastBackupVaultArn === 'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform')).toBe(true);
    expect(all.find((r) => r.ResourceArn?.includes(':cluster:'))?.ResourceType).toBe('Aurora');
  });

  it("list a resource's recovery points with their vault, newest first", async () => {
    const { clients } = nhsSimAccount();
    const out = await clients.get('backup', PRIMARY).send(new ListRecoveryPointsByResourceCommand({ ResourceArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/appointments' }));
    const points = out.RecoveryPoints ?? [];
    expect(points).toHaveLength(3);
    expect(points.every((p) => p.BackupVaultName === 'nhs-patient-platform' && p.Status === 'COMPLETED')).toBe(true);
    expect([...points].sort((a, b) => b.CreationDate!.getTime() - a.CreationDate!.getTime())).toEqual(points);
  });

  it('list the DR region\'s vaults', async () => {
    const { clients } = nhsSimAccount();
    const out = await clients.get('backup', DR).send(new ListBackupVaultsCommand({}));
    expect(out.BackupVaultList?.map((v) => v.BackupVaultArn)).toEqual(['arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-patient-platform-dr']);
  });

  it("describe the isolated DR network's main route table, and production's NAT and internet routes", async () => {
    const { clients } = nhsSimAccount();
    const ec2 = clients.get('ec2', DR);
    const tables = (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [];
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0a1b2c3d4e5f67890'] }))).SecurityGroups ?? [];
    const isolatedVpc = groups[0]?.VpcId;
    const isolated = tables.filter((t) => t.VpcId === isolatedVpc);
    expect(isolated).toHaveLength(1);
    expect(isolated[0]?.Associations).toEqual([expect.objectContaining({ Main: true })]);
    expect(isolated[0]?.Routes).toEqual([expect.objectContaining({ GatewayId: 'local', State: 'active' })]);
    // The London member of the global database lives in a production VPC: a NAT route in its main table, and a public subnet.
    const production = tables.filter((t) => t.VpcId !== isolatedVpc);
    expect(production.flatMap((t) => t.Routes ?? []).map((r) => (r.NatGatewayId ?? r.GatewayId ?? '').replace(/-\w+$/, ''))).toEqual(expect.arrayContaining(['nat', 'igw']));
    expect(production.find((t) => t.Routes?.some((r) => r.GatewayId?.startsWith('igw-')))?.Associations).toEqual([expect.objectContaining({ Main: false, SubnetId: expect.stringMatching(/^subnet-/) })]);
  });
});
