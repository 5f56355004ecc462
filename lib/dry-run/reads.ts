// The AWS reads of a dry run, each made once per dry run: 1,000 targets usually share a handful of vaults, one
// backup role and one isolated network, and asking IAM or AWS Backup the same question 1,000 times would only buy
// throttling. Every read is read-only, and each goes through the residency guard before a client is built.
import { DescribeBackupVaultCommand, type DescribeBackupVaultCommandOutput } from '@aws-sdk/client-backup';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, type SecurityGroup, type Subnet } from '@aws-sdk/client-ec2';
import { GetRoleCommand, type Role } from '@aws-sdk/client-iam';
import { DescribeDBSubnetGroupsCommand, type DBSubnetGroup } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, type DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { DrillContext } from '../drill/contracts';
import { assertRegionAllowed } from '../drill/residency-guard';
import type { Deps } from '../lambda/deps';
import { regionOfArn } from '../plan/residency';

/** A settled read: the answer, or the error that stands for it (not found, access denied, refused by residency). */
export type Read<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(read: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error };
  }
}

export class DryRunReads {
  private readonly memo = new Map<string, Promise<Read<unknown>>>();

  constructor(
    private readonly deps: Pick<Deps, 'clients'>,
    private readonly drill: Pick<DrillContext, 'allowedRegions' | 'drRegion'>,
  ) {}

  /** `ownerAccount`: the owner of a vault of another account shared with this one (BackupVaultAccountId). */
  vault(vaultArn: string, name: string, ownerAccount?: string): Promise<Read<DescribeBackupVaultCommandOutput>> {
    const region = regionOfArn(vaultArn) ?? '';
    return this.once(`vault ${vaultArn}`, () =>
      this.deps.clients
        .get('backup', this.allowed(region, `vault ${name}`))
        .send(new DescribeBackupVaultCommand({ BackupVaultName: name, ...(ownerAccount ? { BackupVaultAccountId: ownerAccount } : {}) })),
    );
  }

  /** IAM is global: its client is built for the DR region, which the policy always allows, and no other is named. */
  role(roleArn: string): Promise<Read<Role | undefined>> {
    const name = roleArn.split('/').pop() ?? roleArn;
    return this.once(`role ${roleArn}`, async () => (await this.deps.clients.get('iam', this.allowed(this.drill.drRegion, 'backup role')).send(new GetRoleCommand({ RoleName: name }))).Role);
  }

  dbSubnetGroup(name: string): Promise<Read<DBSubnetGroup | undefined>> {
    return this.once(`subnet group ${name}`, async () => {
      const out = await this.deps.clients.get('rds', this.allowed(this.drill.drRegion, 'DB subnet group')).send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name }));
      return out.DBSubnetGroups?.[0];
    });
  }

  /** One call for the set: EC2 fails it naming the first group it does not know. */
  securityGroups(ids: readonly string[]): Promise<Read<SecurityGroup[]>> {
    const sorted = [...new Set(ids)].sort();
    return this.once(`security groups ${sorted.join(',')}`, async () => {
      const out = await this.deps.clients.get('ec2', this.allowed(this.drill.drRegion, 'security groups')).send(new DescribeSecurityGroupsCommand({ GroupIds: sorted }));
      return out.SecurityGroups ?? [];
    });
  }

  subnet(id: string): Promise<Read<Subnet | undefined>> {
    return this.once(`subnet ${id}`, async () => {
      const out = await this.deps.clients.get('ec2', this.allowed(this.drill.drRegion, 'subnet')).send(new DescribeSubnetsCommand({ SubnetIds: [id] }));
      return out.Subnets?.[0];
    });
  }

  /** A secret is read in the region its ARN names, as the functions that use it read it. */
  secret(secretArn: string): Promise<Read<DescribeSecretCommandOutput>> {
    const region = regionOfArn(secretArn) ?? '';
    return this.once(`secret ${secretArn}`, () => this.deps.clients.get('secretsmanager', this.allowed(region, 'secret')).send(new DescribeSecretCommand({ SecretId: secretArn })));
  }

  /**
   * A read a type's own dry-run check makes of its own service in the DR region (FSx's SVMs), with the clients the
   * dry run's handler has for every type's checks (targets/checks-registry.ts).
   */
  inDrRegion<T>(key: string, purpose: string, read: (clients: Deps['clients'], region: string) => Promise<T>): Promise<Read<T>> {
    return this.once(`${purpose} ${key}`, () => read(this.deps.clients, this.allowed(this.drill.drRegion, purpose)));
  }

  /** Throws ResidencyViolationError before any client exists for a region outside the policy. */
  private allowed(region: string, purpose: string): string {
    return assertRegionAllowed(region, this.drill, `dry run: ${purpose}`);
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<Read<T>> {
    let pending = this.memo.get(key);
    if (!pending) {
      pending = settle(read);
      this.memo.set(key, pending);
    }
    return pending as Promise<Read<T>>;
  }
}
