// The Dry Run Lambda against the local simulated account (seeded from the plan and given the stack's drill store, as
// createLocalEnvironment does for `dr-drill run --local`, without its state machine engine) with the NHS example plan: a plan the account supports passes, one naming a vault the account lacks fails on
// that vault, nothing is created or changed (the call log shows reads only, plus the stored result), and a plan of
// 1,000 targets asks each shared question once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { makeHandler } from '../../functions/dry-run/handler';
import type { DryRunSummary } from '../../functions/dry-run/dry-run';
import { AwsClients } from '../../lib/aws/clients';
import { ALL_CLIENTS } from '../../lib/aws/all-clients';
import type { DrillContext } from '../../lib/drill/contracts';
import { drillIdFor, planHash } from '../../lib/drill/names';
import { DrillStore, dryRunKey } from '../../lib/drill/store';
import type { Deps } from '../../lib/lambda/deps';
import { logger } from '../../lib/lambda/wrap';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
/** This unit test builds the dry-run function's dependencies by hand, around its own store bucket. */
const LOCAL_STORE_BUCKET = 'dr-drill-test-drillstorebucket';
import { simulatedClients } from '../../local/runner/sdk-bridge';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';

const NHS_EXAMPLE = join(__dirname, '..', '..', 'examples', 'nhs-patient-platform.yml');
const EXECUTION = 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-local-restore-drill:dry-run';
const READ_ONLY = /^(Describe|Get|List|Test)[A-Za-z]+$/;

function nhsPlan(change: (input: Record<string, unknown>) => void = () => undefined): Plan {
  const input = parse(readFileSync(NHS_EXAMPLE, 'utf8')) as Record<string, unknown>;
  change(input);
  const checked = checkPlan(input);
  if (!checked.ok) throw new Error(`the plan must be valid: ${JSON.stringify(checked.problems)}`);
  return checked.plan;
}

/** The NHS example's four targets repeated to `n`, each naming its own resource (the plan allows 1,000). */
function bigPlan(n: number): Plan {
  return nhsPlan((input) => {
    const base = (input.targets as Record<string, unknown>[]).map((t): Record<string, unknown> => ({ ...t, validation: undefined }));
    input.targets = Array.from({ length: n }, (_, i) => {
      const t = { ...base[i % base.length]! };
      const k = String(i).padStart(4, '0');
      t.id = `${String(t.id)}-${k}`;
      const hex = i.toString(16).padStart(17, '0');
      t.resourceArn = String(t.resourceArn)
        .replace(/cluster:patients-db$/, `cluster:patients-db-${k}`)
        .replace(/table\/appointments$/, `table/appointments-${k}`)
        .replace(/:::nhs-patient-platform-documents$/, `:::nhs-patient-platform-documents-${k}`)
        .replace(/file-system\/fs-[0-9a-f]+$/, `file-system/fs-${hex}`);
      return t;
    });
  });
}

async function setUp(seeded: Plan, stored: Plan = seeded) {
  const clock = new SimClock(Date.UTC(2025, 2, 4, 2));
  // A region outside the policy too, so a call that strayed there would be recorded rather than refused by the simulation.
  const account = new SimAccount({ clock, regions: [...seeded.residency.allowedRegions, 'us-east-1'], seed: seeded.name });
  account.seedFromPlan(seeded);
  account.createBucket(LOCAL_STORE_BUCKET, seeded.regions.dr);
  const deps: Deps = {
    clients: new AwsClients(ALL_CLIENTS, simulatedClients(account, clock)),
    region: stored.regions.dr,
    now: () => new Date(clock.now()),
    storeBucket: LOCAL_STORE_BUCKET,
  };
  const drill: DrillContext = {
    id: drillIdFor(EXECUTION),
    executionArn: EXECUTION,
    planName: stored.name,
    planHash: planHash(stored),
    startedAt: clock.nowIso(),
    sourceRegion: stored.regions.primary,
    drRegion: stored.regions.dr,
    allowedRegions: [...stored.residency.allowedRegions],
    residencyPolicy: stored.residency.policy,
    keepCopies: stored.keepCopies,
    dryRun: true,
  };
  // What Check Plan does before the dry run: the plan goes to the drill store.
  await new DrillStore(deps, LOCAL_STORE_BUCKET).putPlan({ drill, plan: stored });
  const before = account.calls.length;
  const resources = account.resources();
  const run = async (): Promise<DryRunSummary> => makeHandler(deps)({ drill });
  const callsOfRun = () => account.calls.slice(before);
  const result = () => new DrillStore(deps, LOCAL_STORE_BUCKET).getDryRun(drill.id);
  return { account, clock, drill, run, callsOfRun, result, resources };
}

beforeAll(() => logger.setLogLevel('SILENT'));

describe('the Dry Run Lambda on the simulated account', () => {
  it('passes the NHS example plan, creating and changing nothing: reads only, and the stored result', async () => {
    const sim = await setUp(nhsPlan());

    const summary = await sim.run();

    const result = await sim.result();
    expect(summary).toEqual({ ok: true, targets: 5, failed: 0, resultLocation: `s3://${LOCAL_STORE_BUCKET}/${dryRunKey(sim.drill.id)}` });
    expect(result?.targets.flatMap((t) => t.checks.filter((c) => !c.passed))).toEqual([]);
    expect(result?.targets.map((t) => [t.targetId, t.checks.map((c) => c.name)])).toEqual([
      ['patients-db', ['latest recovery point', 'source vault', 'DR vault', 'backup role', 'isolated DB subnet group', 'security groups', 'validation secret', 'residency']],
      ['appointments', ['latest recovery point', 'source vault', 'DR vault', 'backup role', 'residency']],
      ['documents', ['latest recovery point', 'source vault', 'DR vault', 'backup role', 'residency']],
      ['shared-files', ['latest recovery point', 'source vault', 'DR vault', 'backup role', 'residency']],
      ['patients-global', ['global cluster', 'canary secret (primary)', 'canary secret (DR)', 'Route 53 answer', 'residency']],
    ]);
    const writes = sim.callsOfRun().filter((c) => !READ_ONLY.test(c.action));
    expect(writes.map((c) => [c.service, c.action, c.input?.Key])).toEqual([['s3', 'PutObject', dryRunKey(sim.drill.id)]]);
    expect(sim.callsOfRun().every((c) => c.ok)).toBe(true);
    expect(sim.account.resources()).toEqual(sim.resources);
    expect(sim.account.leftovers()).toEqual([]);
  });

  it('fails a plan naming a vault the account does not have, on that vault', async () => {
    const seeded = nhsPlan();
    const stored = nhsPlan((input) => {
      (input.targets as Record<string, unknown>[])[2]!.drVault = 'arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-documents-dr';
    });
    const sim = await setUp(seeded, stored);

    const summary = await sim.run();

    const result = await sim.result();
    expect(summary).toMatchObject({ ok: false, targets: 5, failed: 1 });
    expect(result?.targets.flatMap((t) => t.checks.filter((c) => !c.passed).map((c) => ({ target: t.targetId, ...c })))).toEqual([
      { target: 'documents', name: 'DR vault', passed: false, detail: 'vault nhs-documents-dr not found in eu-west-2' },
    ]);
    expect(sim.callsOfRun().filter((c) => !READ_ONLY.test(c.action)).map((c) => c.action)).toEqual(['PutObject']);
  });

  it('checks a plan of 1,000 targets, asking each shared question once', async () => {
    const sim = await setUp(bigPlan(1000));

    const summary = await sim.run();

    const calls = sim.callsOfRun();
    const count = (action: string) => calls.filter((c) => c.action === action).length;
    expect(summary).toMatchObject({ ok: true, targets: 1001, failed: 0 });
    // Each target's source vault and DR vault (Find Latest Recovery Point's source dr-vault); its backup plan once.
    expect([count('ListRecoveryPointsByBackupVault'), count('GetBackupPlan'), count('DescribeBackupVault'), count('GetRole'), count('DescribeDBSubnetGroups'), count('DescribeSecurityGroups')]).toEqual([
      2000, 1, 2, 1, 1, 1,
    ]);
    // 2,012 calls in all (1,011 before the DR vault was read). Measured: ~3 s with the simulation's instant answers, ~11 s with 100 ms added to every
    // call and ~21 s with 200 ms (ten targets at a time), far inside the 12-minute budget of a 15-minute Lambda.
    expect(calls.length).toBe(2012);
  }, 60_000);
});
