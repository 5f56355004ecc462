// Scenario: examples/fhir-imaging.yml (a DocumentDB FHIR store, a Neptune terminology graph and the PACS's FSx for
// Windows share, the three types added together) drilled end to end on
// the REAL definitions and the local simulation, IAM enforced against the packaged roles. Both clusters are restored
// by AWS Backup without an instance, so the restore-target machine adds one with the recovery point's engine (docdb,
// neptune) before the data checks, which reach the restored clusters through their types' data ports (the sims').
import type { SweeperOutput } from '../../functions/sweeper/sweeper';
import { checkPlan } from '../../lib/plan/load';
import { createLocalEnvironment, runLocalDrill, type LocalDrillResult, type LocalEnvironment } from '../../local/run-drill';
import type { Json } from '../../local/runner/definitions';
import type { ExecutionRecord } from '../../local/runner/engine';
import { statusChangeEvent } from '../../local/runner/status-change-event';
import { examplePlanInput, withRecoveryPoint } from './example-plans';

jest.setTimeout(120_000);

type Ran = Extract<LocalDrillResult, { refused: false }>;
const ALLOWED = ['eu-central-1', 'eu-west-1'];

async function drill(faults: string[] = []): Promise<Ran> {
  const result = await runLocalDrill({ plan: examplePlanInput('fhir-imaging.yml'), faults });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return result;
}

const target = (r: Ran, id: string) => r.report?.targets.find((t) => t.targetId === id);
const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.action === action);

function expectResidentAndClean(r: Ran): void {
  expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
  expect(r.account.leftovers()).toEqual([]);
}

describe('restore drill of a DocumentDB, a Neptune and an FSx for Windows target (the imaging example)', () => {
  let passed: Ran;
  beforeAll(async () => {
    passed = await drill();
  });

  it('recovers both clusters and the file system, with every check passing, and leaves nothing behind', () => {
    const r = passed;
    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.targets.map((t) => [t.targetId, t.verdict])).toEqual([
      ['fhir-store', 'PASSED'],
      ['terminology-graph', 'PASSED'],
      ['imaging-studies', 'PASSED'],
    ]);
    expect(target(r, 'imaging-studies')?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['file system available', true],
      ['storage capacity', true],
      ['used storage', true],
    ]);
    expect(target(r, 'fhir-store')?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['cluster available', true],
      ['cluster endpoint', true],
      ['instance available', true],
      ['instance endpoint', true],
      ['fhir.Patient documents', true],
      ['fhir.ImagingStudy documents', true],
      ['fhir.DiagnosticReport documents', true],
    ]);
    expect(target(r, 'terminology-graph')?.checks.map((c) => [c.name, c.passed, c.expected])).toEqual([
      ['cluster available', true, 'available'],
      ['cluster endpoint', true, 'present'],
      ['instance available', true, 'available'],
      ['instance endpoint', true, 'present'],
      ['all nodes', true, '>= 400000'],
      ['Concept nodes', true, '>= 350000'],
      ['ImagingStudy nodes', true, '>= 25000'],
    ]);
    expectResidentAndClean(r);
  });

  it('restores each as a cluster in the DR region, adds one instance with its engine, and deletes the instance before the cluster', () => {
    const r = passed;
    const restores = callsOf(r, 'StartRestoreJob').filter((c) => c.ok);
    expect(restores.map((c) => [c.region, (c.input as { ResourceType?: string }).ResourceType])).toEqual(
      expect.arrayContaining([
        ['eu-west-1', 'DocumentDB'],
        ['eu-west-1', 'Neptune'],
      ]),
    );
    const created = callsOf(r, 'CreateDBInstance').filter((c) => c.ok).map((c) => c.input as { Engine: string; DBInstanceClass: string; DBClusterIdentifier: string; PubliclyAccessible: boolean });
    expect(created.map((i) => [i.Engine, i.DBInstanceClass, i.PubliclyAccessible]).sort()).toEqual([
      ['docdb', 'db.t4g.medium', false],
      ['neptune', 'db.r6g.large', false],
    ]);
    for (const targetId of ['fhir-store', 'terminology-graph']) {
      const deletes = r.account.calls.filter((c) => c.ok && c.targetId === targetId && ['DeleteDBInstance', 'DeleteDBCluster'].includes(c.action)).map((c) => c.action);
      expect(deletes).toEqual(['DeleteDBInstance', 'DeleteDBCluster']);
    }
    const clusterDeletes = callsOf(r, 'DeleteDBCluster').filter((c) => c.ok).map((c) => c.input as { SkipFinalSnapshot?: boolean });
    expect(clusterDeletes.every((d) => d.SkipFinalSnapshot === true)).toBe(true);
  });

  it("checks the data through the types' data ports: the DocumentDB login with the plan's secret, signed openCypher counts for Neptune", () => {
    const r = passed;
    const docdb = r.account.calls.filter((c) => c.service === 'docdb-data');
    expect(docdb.map((c) => [c.action, c.ok, c.region, c.targetId])).toEqual([
      ['Connect', true, 'eu-west-1', 'fhir-store'],
      ['CountDocuments', true, 'eu-west-1', 'fhir-store'],
      ['CountDocuments', true, 'eu-west-1', 'fhir-store'],
      ['CountDocuments', true, 'eu-west-1', 'fhir-store'],
    ]);
    const secretReads = callsOf(r, 'GetSecretValue').filter((c) => c.targetId === undefined || c.targetId === 'fhir-store');
    expect(secretReads.filter((c) => c.ok && c.region === 'eu-west-1').length).toBeGreaterThanOrEqual(1);
    expect(secretReads[0]!.seq).toBeLessThan(docdb[0]!.seq);
    const neptune = r.account.calls.filter((c) => c.service === 'neptune-db');
    expect(neptune.map((c) => [c.action, c.ok, c.targetId])).toEqual(Array(3).fill(['OpenCypher', true, 'terminology-graph']));
  });
});

describe.each([
  ['fhir-store', 'fhir.Patient documents', /^fhir\.Patient holds \d+ documents, fewer than 250000$/],
  ['terminology-graph', 'Concept nodes', /^the graph holds \d+ nodes labelled Concept, fewer than 350000$/],
])('validation-failed on %s', (targetId, checkName, reason) => {
  it('shows in the data the checks read: the target fails on its counts, the other passes, and nothing is left', async () => {
    const r = await drill([`validation-failed:${targetId}`]);

    expect(r.report?.verdict).toBe('FAILED');
    const failed = target(r, targetId)!;
    expect(failed.verdict).toBe('FAILED');
    // The instance is healthy: the fault is in the data, and the data checks say so.
    expect(failed.checks.filter((c) => c.name.startsWith('instance') || c.name.startsWith('cluster')).every((c) => c.passed)).toBe(true);
    const check = failed.checks.find((c) => c.name === checkName)!;
    expect(check.passed).toBe(false);
    expect(check.reason).toMatch(reason);
    const other = r.report?.targets.find((t) => t.targetId !== targetId);
    expect(other?.verdict).toBe('PASSED');
    expectResidentAndClean(r);
  });
});

describe('a drill of both stopped once their instances exist', () => {
  it('leaves the clusters and instances, and the sweeper deletes them (instances first) through the existing db-cluster and db-instance kinds', async () => {
    // Through the drill's own copies (recoveryPoint.source: copy): the sweeper deletes those too.
    const viaCopy = () => withRecoveryPoint(examplePlanInput('fhir-imaging.yml'), { source: 'copy' });
    const checked = checkPlan(viaCopy());
    if (!checked.ok) throw new Error('examples/fhir-imaging.yml must be valid');
    let drillArn = '';
    const created = new Set<string>();
    const env: LocalEnvironment = createLocalEnvironment(checked.plan, {
      onEvent: ({ execution, event }: { execution: ExecutionRecord; event: { type: string; state?: { name: string } } }) => {
        const id = (execution.input as { targetId?: string }).targetId;
        if (id && event.type === 'StateExited' && event.state?.name === 'Create DB Instance') created.add(id);
        if (created.size === 2 && drillArn) env.engine.stop(drillArn);
      },
    });
    const name = 'stopped-with-instances';
    drillArn = `${env.engine.machineArn('drill').replace(':stateMachine:', ':execution:')}:${name}`;

    const execution = await env.engine.run(env.engine.machineArn('drill'), { plan: viaCopy() as Json, trigger: { kind: 'local', by: null } }, name);

    expect(execution.status).toBe('ABORTED');
    expect(env.account.leftovers().map((l) => l.kind).sort()).toEqual(['db-cluster', 'db-cluster', 'db-instance', 'db-instance', 'recovery-point', 'recovery-point']);
    const out = (await env.engine.invokeFunction('sweeper', statusChangeEvent(execution, env.account.accountId, 'eu-west-1'))) as SweeperOutput;
    await env.clock.sleep(60 * 60_000);

    if (out.trigger !== 'status-change' || !out.handled) throw new Error('the sweeper did not handle the status change');
    expect(out.report.failed).toEqual([]);
    const kinds = out.report.removed.map((r) => r.kind);
    expect(kinds.sort()).toEqual(['db-cluster', 'db-cluster', 'db-instance', 'db-instance', 'recovery-point', 'recovery-point']);
    const order = env.account.calls.filter((c) => c.ok && ['DeleteDBInstance', 'DeleteDBCluster'].includes(c.action)).map((c) => c.action);
    expect(order.indexOf('DeleteDBCluster')).toBeGreaterThan(order.lastIndexOf('DeleteDBInstance'));
    expect(env.account.leftovers()).toEqual([]);
  });
});
