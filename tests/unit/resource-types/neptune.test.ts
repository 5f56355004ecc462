// The neptune target type (lib/resource-types/targets/neptune/): its plan schema and restore metadata, its checks with
// the HTTPS client behind the data port replaced by fakes, and its simulated behaviour. The real client (SigV4 over
// HTTP) runs against a local server in tests/integration/neptune-client.test.ts.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AURORA } from '../../../lib/resource-types/targets/aurora/definition';
import { NEPTUNE_CHECKS, NEPTUNE_NOT_RUN } from '../../../lib/resource-types/targets/neptune/checks';
import { NEPTUNE, neptuneTargetSchema, nodeCountQuery } from '../../../lib/resource-types/targets/neptune/definition';
import { NeptuneQueryError, type NeptunePort, type OpenCypherRequest } from '../../../lib/resource-types/targets/neptune/port';
import type { DataCheckInput } from '../../../lib/resource-types/targets/target-checks';
import { EXTRA_TARGETS, testDeps } from '../functions/fixtures';
import { restoredCluster } from './cluster-sim-fixture';

const rds = mockClient(RDSClient);
beforeEach(() => rds.reset());

type Target = ReturnType<typeof target>;
const target = () => neptuneTargetSchema.parse(structuredClone(EXTRA_TARGETS.neptune));
const names = { sourceVault: 'src', drVault: 'dr', restored: 'drdrill-abc-terminology-graph', instance: 'drdrill-abc-terminology-graph-1' };
const HOST = 'drdrill-abc-terminology-graph.cluster-abc.eu-west-2.neptune.amazonaws.com';

describe('neptune definition', () => {
  it('takes a Neptune cluster ARN (an rds cluster ARN), an isolated network and a Neptune instance class', () => {
    for (const instanceClass of ['db.t3.medium', 'db.t4g.medium', 'db.r6g.large', 'db.r5d.2xlarge', 'db.x2iedn.xlarge']) {
      expect(neptuneTargetSchema.safeParse({ ...EXTRA_TARGETS.neptune, restore: { ...EXTRA_TARGETS.neptune.restore, instanceClass } }).success).toBe(true);
    }
  });

  it.each(['db.serverless', 'db.t3.small', 'db.m5.large'])('refuses the instance class %s', (instanceClass) => {
    const parsed = neptuneTargetSchema.safeParse({ ...EXTRA_TARGETS.neptune, restore: { ...EXTRA_TARGETS.neptune.restore, instanceClass } });
    expect(parsed.error?.issues[0]?.message).toMatch(/Neptune instance class/);
  });

  it('keeps a label a name, so it cannot change the query', () => {
    const bad = { ...EXTRA_TARGETS.neptune.validation, graph: [{ label: 'Concept`) DETACH DELETE n //', minNodes: 1 }] };
    expect(neptuneTargetSchema.safeParse({ ...EXTRA_TARGETS.neptune, validation: bad }).success).toBe(false);
    expect(nodeCountQuery('Concept')).toBe('MATCH (n:`Concept`) RETURN count(n) AS c');
    expect(nodeCountQuery(undefined)).toBe('MATCH (n) RETURN count(n) AS c');
  });

  it('defaults to unsigned queries, and has a hover text on every field of its own', () => {
    const { iamAuth: _i, ...unsigned } = EXTRA_TARGETS.neptune.validation;
    expect(neptuneTargetSchema.parse({ ...EXTRA_TARGETS.neptune, validation: unsigned }).validation?.iamAuth).toBe(false);
    for (const key of ['resourceArn', 'restore', 'validation'] as const) expect(neptuneTargetSchema.shape[key].description).toBeTruthy();
    const json = readFileSync(join(__dirname, '../../../schema/drill-plan.schema.json'), 'utf8');
    expect(json).toContain('Count only the nodes with this label');
    expect(json).toContain('Signature Version 4 (service neptune-db)');
  });

  it("restores a cluster like Aurora's and adds an instance with the recorded engine", () => {
    const metadata = NEPTUNE.restoreMetadata(target(), names, { Engine: 'neptune' }, {});
    expect(metadata).toMatchObject({ Engine: 'neptune', DBClusterIdentifier: names.restored, DBSubnetGroupName: 'dr-isolated-db', DeletionProtection: 'false' });
    expect(NEPTUNE.addsDbInstance?.engine({ Engine: 'neptune' })).toBe('neptune');
    expect(NEPTUNE.regionBoundKeys).toEqual(AURORA.regionBoundKeys);
    expect(NEPTUNE.wouldDo.dataChecks(target())).toEqual({ count: 2, how: ' (openCypher node counts over HTTPS, signed for IAM auth, read-only)' });
  });
});

function fakePort(counts: Record<string, number>, opts: { refuse?: Error } = {}) {
  const asked: OpenCypherRequest[] = [];
  const port: NeptunePort = {
    async openCypher(request) {
      asked.push(request);
      if (opts.refuse) throw opts.refuse;
      const label = /MATCH \(n(?::`(\w+)`)?\)/.exec(request.query)?.[1] ?? '*';
      return { results: [{ c: counts[label] ?? 0 }] };
    },
  };
  return { port, asked };
}

const input = (port: NeptunePort | undefined, t: Target = target()): DataCheckInput<Target> => ({
  target: t,
  names,
  restoredResourceArn: `arn:aws:rds:eu-west-2:111122223333:cluster:${names.restored}`,
  region: 'eu-west-2',
  clients: testDeps().clients,
  ports: port ? { neptune: port } : {},
  now: new Date(),
});

const withCluster = (iam = true) =>
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', Endpoint: HOST, Port: 8182, IAMDatabaseAuthenticationEnabled: iam }] });

describe('neptune checks', () => {
  it('is ready when the restored cluster and the added instance are available', async () => {
    withCluster();
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'creating' }] });
    const checks = await NEPTUNE_CHECKS.readiness(input(undefined));
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['cluster available', true],
      ['cluster endpoint', true],
      ['instance available', false],
      ['instance endpoint', false],
    ]);
  });

  it("counts nodes on the restored cluster's endpoint, signed as the plan says, one query per check", async () => {
    withCluster();
    const { port, asked } = fakePort({ '*': 150, Concept: 50 });
    const { checks } = await NEPTUNE_CHECKS.dataChecks(input(port));
    expect(asked.map((a) => [a.host, a.port, a.region, a.iamAuth, a.query])).toEqual([
      [HOST, 8182, 'eu-west-2', true, 'MATCH (n) RETURN count(n) AS c'],
      [HOST, 8182, 'eu-west-2', true, 'MATCH (n:`Concept`) RETURN count(n) AS c'],
    ]);
    expect(checks).toEqual([
      { name: 'all nodes', passed: true, value: 150, expected: '>= 100', reason: 'the graph holds 150 nodes' },
      { name: 'Concept nodes', passed: true, value: 50, expected: '>= 50', reason: 'the graph holds 50 nodes labelled Concept' },
    ]);
  });

  it('fails a count below the minimum', async () => {
    withCluster();
    const { checks } = await NEPTUNE_CHECKS.dataChecks(input(fakePort({ '*': 99, Concept: 50 }).port));
    expect(checks[0]).toMatchObject({ passed: false, value: 99, reason: 'the graph holds 99 nodes, fewer than 100' });
  });

  it("explains Neptune's refusal when the cluster uses IAM auth and the plan does not sign", async () => {
    withCluster(true);
    const unsigned = { ...target(), validation: { ...target().validation!, iamAuth: false } };
    const refusal = new NeptuneQueryError(403, 'AccessDeniedException', 'Neptune answered 403 AccessDeniedException: Missing Authentication Token');
    const { checks } = await NEPTUNE_CHECKS.dataChecks(input(fakePort({}, { refuse: refusal }).port, unsigned));
    expect(checks[0]!.reason).toBe(
      'query failed: Neptune answered 403 AccessDeniedException: Missing Authentication Token (the restored cluster uses IAM database authentication: set validation.iamAuth: true)',
    );
  });

  it('does not query a cluster without an endpoint, and says why', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available' }] });
    const { port, asked } = fakePort({});
    const { checks } = await NEPTUNE_CHECKS.dataChecks(input(port));
    expect(asked).toEqual([]);
    expect(checks.every((c) => !c.passed && c.reason === `not run: cluster ${names.restored} has no endpoint to query`)).toBe(true);
  });

  it('shows a restore test the cluster only, and says the counts were not run', async () => {
    withCluster();
    const outcome = await NEPTUNE_CHECKS.restoreTestingChecks({ ...input(undefined), id: 'awsbackup-restore-test-1', names: { ...names, restored: 'awsbackup-restore-test-1' } });
    expect(outcome.checks.map((c) => c.name)).toEqual(['cluster available', 'cluster endpoint']);
    expect(outcome.notChecked).toBe(NEPTUNE_NOT_RUN);
  });
});

describe('neptune sim', () => {
  jest.setTimeout(30_000);

  it('restores the cluster without an instance, keeping IAM auth, and its data port answers node counts to signed requests only', async () => {
    const r = await restoredCluster('terminology-graph');
    expect(r.restoreJob.Status).toBe('COMPLETED');
    expect(r.cluster).toMatchObject({ Engine: 'neptune', Port: 8182, Status: 'available', IAMDatabaseAuthenticationEnabled: true });
    const port = r.account.dataPorts.neptune!;
    const request = { host: String(r.cluster.Endpoint), port: 8182, region: 'eu-west-1', iamAuth: true, timeoutMs: 1000 };
    const all = await port.openCypher({ ...request, query: nodeCountQuery(undefined) });
    const concepts = await port.openCypher({ ...request, query: nodeCountQuery('Concept') });
    expect(all.results[0]!.c).toBeGreaterThanOrEqual(400_000);
    expect(concepts.results[0]!.c).toBeGreaterThanOrEqual(350_000);
    await expect(port.openCypher({ ...request, iamAuth: false, query: nodeCountQuery(undefined) })).rejects.toMatchObject({ status: 403, code: 'AccessDeniedException' });
    await expect(port.openCypher({ ...request, query: 'MATCH (n) DETACH DELETE n' })).rejects.toMatchObject({ status: 400 });
    expect(r.account.calls.filter((c) => c.service === 'neptune-db').map((c) => [c.action, c.ok, c.region, c.targetId])).toEqual([
      ['OpenCypher', true, 'eu-west-1', 'terminology-graph'],
      ['OpenCypher', true, 'eu-west-1', 'terminology-graph'],
      ['OpenCypher', false, 'eu-west-1', 'terminology-graph'],
      ['OpenCypher', false, 'eu-west-1', 'terminology-graph'],
    ]);
  });

  it('shows the validation-failed fault in the data: fewer nodes than the minimums', async () => {
    const r = await restoredCluster('terminology-graph', ['validation-failed:terminology-graph']);
    const request = { host: String(r.cluster.Endpoint), port: 8182, region: 'eu-west-1', iamAuth: true, timeoutMs: 1000 };
    const concepts = await r.account.dataPorts.neptune!.openCypher({ ...request, query: nodeCountQuery('Concept') });
    expect(concepts.results[0]!.c).toBeLessThan(350_000);
  });
});
