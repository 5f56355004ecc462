// The selection resolver at Check Plan: AWS Backup's protected resources of the vault, filtered by type, form, ARNs
// and tag conditions as AWS Backup restore testing filters them; ids from the resource names (aws-sdk-client-mock).
import { mockClient } from 'aws-sdk-client-mock';
import { BackupClient, ListProtectedResourcesByBackupVaultCommand } from '@aws-sdk/client-backup';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { idFor, listProtectedResources, resolveSelections } from '../../lib/drill/resolve-selections';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { regionOf, testDeps } from './functions/fixtures';
import { ukOnlyWith } from './plan-fixtures';

const backup = mockClient(BackupClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

const VAULT = 'arn:aws:backup:eu-west-2:222233334444:backup-vault:clinical-messaging';
const table = (name: string) => `arn:aws:dynamodb:eu-west-2:222233334444:table/${name}`;
const db = (name: string) => `arn:aws:rds:eu-west-2:222233334444:db:${name}`;

function planWith(selection: Record<string, unknown>): Plan {
  const checked = checkPlan(ukOnlyWith({ selections: [{ sourceVault: VAULT, drVault: VAULT, backupRoleArn: 'arn:aws:iam::222233334444:role/backup', ...selection }] }));
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.plan;
}

beforeEach(() => {
  backup.reset();
  tagging.reset();
  backup
    .on(ListProtectedResourcesByBackupVaultCommand)
    .resolvesOnce({
      Results: [
        { ResourceArn: table('orders'), ResourceType: 'DynamoDB', ResourceName: 'orders' },
        { ResourceArn: db('messages-db'), ResourceType: 'RDS', ResourceName: 'messages-db' },
      ],
      NextToken: 'page-2',
    })
    .resolvesOnce({ Results: [{ ResourceArn: table('Invoices_2024'), ResourceType: 'DynamoDB' }, { ResourceArn: table('scratch'), ResourceType: 'DynamoDB' }] });
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: [
      { ResourceARN: table('orders'), Tags: [{ Key: 'env', Value: 'prod' }] },
      { ResourceARN: table('Invoices_2024'), Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'tier', Value: 'archive' }] },
      // scratch was never tagged: GetResources leaves it out.
    ],
  });
});

describe('resolving selections', () => {
  it('keeps the vault\'s resources of the type (every page) whose tags match, with ids from their names', async () => {
    const { targets, selections } = await resolveSelections(planWith({ name: 'prod-tables', type: 'dynamodb', conditions: { stringEquals: { env: 'prod' } } }), testDeps());

    expect(targets.map((t) => [t.id, t.resourceArn, t.type, t.sourceVault])).toEqual([
      ['prod-tables-invoices-2024', table('Invoices_2024'), 'dynamodb', VAULT],
      ['prod-tables-orders', table('orders'), 'dynamodb', VAULT],
    ]);
    expect(selections[0]?.resources.map((r) => r.id)).toEqual(['prod-tables-invoices-2024', 'prod-tables-orders']);
    const list = backup.commandCalls(ListProtectedResourcesByBackupVaultCommand);
    expect(list.map((c) => c.args[0].input)).toEqual([
      { BackupVaultName: 'clinical-messaging', BackupVaultAccountId: '222233334444', NextToken: undefined },
      { BackupVaultName: 'clinical-messaging', BackupVaultAccountId: '222233334444', NextToken: 'page-2' },
    ]);
    expect(await regionOf(list[0]!)).toBe('eu-west-2');
    expect(tagging.commandCalls(GetResourcesCommand)[0]?.args[0].input).toEqual({ ResourceARNList: [table('Invoices_2024'), table('orders'), table('scratch')] });
  });

  it('lists a vault in its own region and account: a shared air-gapped vault of the DR region from a primary-region plan', async () => {
    const shared = 'arn:aws:backup:eu-west-1:444455556666:backup-vault:central-air-gapped';
    await listProtectedResources(shared, 'eu-west-2', testDeps());
    const [call] = backup.commandCalls(ListProtectedResourcesByBackupVaultCommand);
    expect(call?.args[0].input).toMatchObject({ BackupVaultName: 'central-air-gapped', BackupVaultAccountId: '444455556666' });
    expect(await regionOf(call!)).toBe('eu-west-1');
  });

  it('matches StringNotEquals on a resource without the tag, as a negated match does', async () => {
    const { targets } = await resolveSelections(planWith({ name: 'live', type: 'dynamodb', conditions: { stringNotEquals: { tier: 'archive' } } }), testDeps());

    expect(targets.map((t) => t.id)).toEqual(['live-orders', 'live-scratch']);
  });

  it('takes only the listed ARNs when the selection names them, and reads no tags without conditions', async () => {
    const { targets, unprotected } = await resolveSelections(planWith({ name: 'two', type: 'dynamodb', resourceArns: [table('scratch'), table('orders')] }), testDeps());

    expect(targets.map((t) => t.id)).toEqual(['two-orders', 'two-scratch']);
    expect(unprotected).toEqual([]);
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(0);
  });

  it('returns a named resource the vault does not protect, with the vault, instead of dropping it', async () => {
    const { targets, unprotected } = await resolveSelections(planWith({ name: 'two', type: 'dynamodb', resourceArns: [table('scratch'), table('missing')] }), testDeps());

    expect(targets.map((t) => t.id)).toEqual(['two-scratch']);
    expect(unprotected).toEqual([
      { selection: 'two', vault: VAULT, resourceArn: table('missing'), why: expect.stringMatching(/^not protected in vault arn:aws:backup:eu-west-2:222233334444:backup-vault:clinical-messaging /) },
    ]);
  });

  it('keeps the named resources of its own type from a vault of many types, and returns only the unprotected one', async () => {
    const { targets, unprotected } = await resolveSelections(planWith({ name: 'dbs', type: 'rds', resourceArns: [db('messages-db'), db('orders')], restore: { dbSubnetGroupName: 'dr-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890'] } }), testDeps());
    expect(targets.map((t) => t.id)).toEqual(['dbs-messages-db']);
    expect(unprotected.map((u) => u.resourceArn)).toEqual([db('orders')]);
  });

  it('names the type a named resource is protected as, when that is not the selection\'s', async () => {
    backup.reset();
    backup.on(ListProtectedResourcesByBackupVaultCommand).resolves({ Results: [{ ResourceArn: table('orders'), ResourceType: 'EFS' }] });

    const { unprotected } = await resolveSelections(planWith({ name: 'one', type: 'dynamodb', resourceArns: [table('orders')] }), testDeps());

    expect(unprotected).toEqual([{ selection: 'one', vault: VAULT, resourceArn: table('orders'), why: `protected in vault ${VAULT} as EFS, not as DynamoDB (type dynamodb)` }]);
  });

  it('finds nothing unprotected with the wildcard: a vault is not expected to protect every resource of a type', async () => {
    const { unprotected } = await resolveSelections(planWith({ name: 'all', type: 'dynamodb' }), testDeps());

    expect(unprotected).toEqual([]);
  });

  it('resolves to nothing when no resource matches (Check Plan then refuses the drill)', async () => {
    const { targets, selections } = await resolveSelections(planWith({ name: 'none', type: 'dynamodb', conditions: { stringEquals: { env: 'staging' } } }), testDeps());

    expect(targets).toEqual([]);
    expect(selections[0]?.resources).toEqual([]);
  });

  it('gives the same id to the same resource, and a hashed one when the name is too long or taken', () => {
    const long = table('a-very-long-table-name-that-goes-on-and-on');
    const first = idFor('sel', long, new Set());

    expect(first).toBe(idFor('sel', long, new Set()));
    expect(first).toMatch(/^sel-a-very-long-table-name-that-g[a-z0-9-]*-[0-9a-f]{6}$/);
    expect(first.length).toBeLessThanOrEqual(40);
    expect(idFor('sel', table('orders'), new Set(['sel-orders']))).toMatch(/^sel-orders-[0-9a-f]{6}$/);
  });
});

describe('selections in the plan check (offline)', () => {
  it('refuses tag conditions with named ARNs, as AWS Backup restore testing does', () => {
    const checked = checkPlan(ukOnlyWith({ selections: [{ name: 'x', type: 'dynamodb', sourceVault: VAULT, drVault: VAULT, backupRoleArn: 'arn:aws:iam::222233334444:role/backup', resourceArns: [table('alpha')], conditions: { stringEquals: { env: 'prod' } } }] }));

    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => p.path)).toEqual(['selections[0].conditions']);
  });

  it('refuses a named resource that is not of the selection\'s type, at its path, before any AWS call', () => {
    const checked = checkPlan(ukOnlyWith({ selections: [{ name: 'x', type: 'dynamodb', sourceVault: VAULT, drVault: VAULT, backupRoleArn: 'arn:aws:iam::222233334444:role/backup', resourceArns: [table('a-table'), db('messages-db')] }] }));

    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([{ path: 'selections[0].resourceArns[1]', message: expect.stringMatching(/^not a dynamodb resource: must be a DynamoDB table ARN/) }]);
  });

  it('refuses "*" beside named resources, as AWS Backup restore testing does', () => {
    const checked = checkPlan(ukOnlyWith({ selections: [{ name: 'x', type: 'dynamodb', sourceVault: VAULT, drVault: VAULT, backupRoleArn: 'arn:aws:iam::222233334444:role/backup', resourceArns: ['*', table('a-table')] }] }));

    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => p.path)).toEqual(['selections[0].resourceArns']);
  });

  it('says a setting missing from a selection is missing from defaults too, at the selection path', () => {
    const checked = checkPlan(ukOnlyWith({ defaults: { sourceVault: VAULT }, selections: [{ name: 'x', type: 'dynamodb', drVault: VAULT }] }));

    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([{ path: 'selections[0].backupRoleArn', message: 'missing from the selection and from defaults: set it here or in defaults.backupRoleArn' }]);
  });
});
