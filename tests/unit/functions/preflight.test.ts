import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { preflight, type PreflightResult } from '../../../functions/preflight/preflight';
import { coverageVaults, listCoverageScope } from '../../../lib/coverage/scope';
import type { Plan } from '../../../lib/plan/schema';
import {
  ALLOWED_REGIONS,
  DRILL_ID,
  DR_REGION,
  EXECUTION_ARN,
  NHS_EXAMPLE,
  STARTED_AT,
  checkedPlan,
  memoryStore,
  nhsPlanInput,
  preflightEvent,
  targetsOf,
} from './fixtures';

/** The restore targets of every restore phase, in the order the drill runs them. */
const restoreIdsOf = (result: PreflightResult) => result.steps.flatMap((s) => s.restorePhases.flat());
/** Each step's parts, as the drill runs them: one entry per step, its parts joined by '+'. */
const partsOf = (result: PreflightResult) => result.steps.map((s) => [...(s.restore ? ['restore'] : []), ...(s.failover ? ['failover'] : [])].join('+'));

/** The one call into preflight: deployed in the DR region unless told otherwise, storing into `store`. */
const check = (event: unknown, region = DR_REGION, store = memoryStore()) => preflight(event, { region }, store);

/** The same plan with every object's keys in reverse order, as another YAML file could write it. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('preflight (Check Plan)', () => {
  describe('the drill context', () => {
    it('describes the drill from the execution and the NHS plan', async () => {
      const result = await check(preflightEvent());

      expect(result).toEqual({
        drill: {
          id: DRILL_ID,
          executionArn: EXECUTION_ARN,
          planName: 'nhs-patient-platform',
          planHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          startedAt: STARTED_AT,
          sourceRegion: 'eu-west-1',
          drRegion: 'eu-west-2',
          allowedRegions: ALLOWED_REGIONS,
          residencyPolicy: 'UK and Ireland',
          keepCopies: false,
          // Started with a plan and no trigger: a person, from the console or the API.
          trigger: { kind: 'console', by: null },
          dryRun: false,
          order: 'restore-first',
        },
        concurrency: 4,
        failoverItems: [expect.objectContaining({ target: expect.objectContaining({ id: 'patients-global' }) })],
        steps: [
          { restore: true, restorePhases: [['patients-db', 'appointments', 'documents', 'shared-files']], failover: false },
          { restore: false, restorePhases: [], failover: true },
        ],
        dryRun: false,
      });
    });

    it('derives the drill id from the execution ARN: "d" and 8 hex digits, the same on a retry', async () => {
      const first = await check(preflightEvent());
      const retry = await check(preflightEvent());
      const other = await check({ ...preflightEvent(), executionArn: `${EXECUTION_ARN}-2` });

      expect(first.drill.id).toMatch(/^d[0-9a-f]{8}$/);
      expect(retry.drill.id).toBe(first.drill.id);
      expect(other.drill.id).not.toBe(first.drill.id);
    });

    it('normalises the execution start time to UTC ISO-8601, the form recovery point dates are compared with', async () => {
      const event = { ...preflightEvent(), startedAt: '2025-03-04T03:00:00+01:00' };

      const result = await check(event);

      expect(result.drill.startedAt).toBe('2025-03-04T02:00:00.000Z');
    });

    it('gives a plan the same hash whatever order its keys are written in', async () => {
      const original = await check(preflightEvent(nhsPlanInput()));
      const reordered = await check(preflightEvent(reverseKeys(nhsPlanInput())));

      expect(reordered.drill.planHash).toBe(original.drill.planHash);
    });

    it('gives a plan a different hash when any value changes', async () => {
      const changed = nhsPlanInput();
      (changed.objectives as Record<string, unknown>).rpoMinutes = 720;

      const original = await check(preflightEvent(nhsPlanInput()));
      const other = await check(preflightEvent(changed));

      expect(other.drill.planHash).not.toBe(original.drill.planHash);
    });

    it('keeps the copies when the plan says so', async () => {
      const plan = { ...nhsPlanInput(), keepCopies: true };

      const result = await check(preflightEvent(plan));

      expect(result.drill.keepCopies).toBe(true);
    });
  });

  describe('the stored plan', () => {
    it('stores the checked plan (defaults applied) with the drill context, under the drill id', async () => {
      const store = memoryStore();

      const result = await check(preflightEvent(), DR_REGION, store);

      expect(store.putPlan).toHaveBeenCalledTimes(1);
      expect(store.plans.get(DRILL_ID)).toEqual({ drill: result.drill, plan: checkedPlan() });
    });

    it("lists the coverage scope of the whole plan's source vaults, even when \"only\" drills part of it, and stores it with the plan", async () => {
      const store = memoryStore();
      const vaultsAsked: string[] = [];
      const listed: unknown[] = [];
      const coverageScope = async (plan: Plan) => {
        const vaults = coverageVaults(plan);
        vaultsAsked.push(...vaults);
        const scope = await listCoverageScope(vaults, plan.regions.primary, STARTED_AT, async (vault) => [
          { ResourceArn: `${vault}-resource`, ResourceType: 'DynamoDB' },
          { ResourceArn: 'arn:aws:redshift:eu-west-1:111122223333:cluster:warehouse', ResourceType: 'Redshift' },
        ]);
        listed.push(scope);
        return scope;
      };

      await preflight(preflightEvent(nhsPlanInput(), ['patients-db']), { region: DR_REGION, coverageScope }, store);

      const sourceVaults = [...new Set(checkedPlan().targets.map((t) => t.sourceVault))].sort();
      expect(vaultsAsked).toEqual(sourceVaults);
      expect(store.plans.get(DRILL_ID)?.coverageScope).toEqual(listed[0]);
      expect(store.plans.get(DRILL_ID)?.coverageScope).toMatchObject({ region: 'eu-west-1', otherTypes: { Redshift: 1 }, error: null });
    });

    it('lists no coverage scope for a dry run: it proves nothing', async () => {
      const store = memoryStore();
      const coverageScope = jest.fn();

      const result = await preflight({ input: { plan: nhsPlanInput(), dryRun: true }, executionArn: EXECUTION_ARN, startedAt: STARTED_AT }, { region: DR_REGION, coverageScope }, store);

      expect(result.dryRun).toBe(true);
      expect(coverageScope).not.toHaveBeenCalled();
      expect(store.plans.get(DRILL_ID)?.coverageScope).toBeUndefined();
    });

    it('stores only the targets "only" selects, so no child can load another', async () => {
      const store = memoryStore();

      await check(preflightEvent(nhsPlanInput(), ['shared-files', 'patients-db']), DR_REGION, store);

      expect(store.plans.get(DRILL_ID)?.plan.targets.map((t) => t.id)).toEqual(['patients-db', 'shared-files']);
    });

    it('stores nothing for a plan it refuses', async () => {
      const store = memoryStore();
      const plan = nhsPlanInput();
      targetsOf(plan)[1]!.id = 'patients-db';

      await check(preflightEvent(plan), DR_REGION, store).catch(() => undefined);
      await check(preflightEvent(), 'eu-west-1', store).catch(() => undefined);

      expect(store.putPlan).not.toHaveBeenCalled();
    });

    it('passes a failure to store the plan on, so the drill does not start without it', async () => {
      const store = memoryStore();
      store.putPlan.mockRejectedValueOnce(Object.assign(new Error('SlowDown: Please reduce your request rate.'), { name: 'TransientAwsError' }));

      const run = check(preflightEvent(), DR_REGION, store);

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError' });
    });
  });

  describe('a plan file in the drill store (planKey)', () => {
    const PLAN_KEY = 'plans/nhs-patient-platform.yml';
    const storeWithPlanFile = (text = readFileSync(NHS_EXAMPLE, 'utf8')) => {
      const store = memoryStore();
      store.texts.set(PLAN_KEY, text);
      return store;
    };
    const keyEvent = (input: Record<string, unknown> = { planKey: PLAN_KEY }) => ({ input, executionArn: EXECUTION_ARN, startedAt: STARTED_AT });

    it('drills the plan file exactly as it would the same plan given inline', async () => {
      // The same plan as preflightEvent() carries: the example as YAML text, less its data checks.
      const fromFile = storeWithPlanFile(stringify(nhsPlanInput()));
      const inline = memoryStore();

      const viaKey = await check(keyEvent(), DR_REGION, fromFile);
      const viaInput = await check(preflightEvent(), DR_REGION, inline);

      expect(viaKey).toEqual(viaInput);
      expect(fromFile.getText).toHaveBeenCalledWith(PLAN_KEY);
      expect(fromFile.plans.get(DRILL_ID)).toEqual(inline.plans.get(DRILL_ID));
    });

    it('refuses a plan file outside the residency policy with ResidencyViolationError', async () => {
      const text = readFileSync(NHS_EXAMPLE, 'utf8').replace('dr: eu-west-2', 'dr: us-east-1');
      const store = storeWithPlanFile(text);

      const run = check(keyEvent(), 'us-east-1', store);

      await expect(run).rejects.toMatchObject({ name: 'ResidencyViolationError' });
      expect(store.putPlan).not.toHaveBeenCalled();
    });

    it('refuses a plan file that is not YAML with PlanInvalidError', async () => {
      const run = check(keyEvent(), DR_REGION, storeWithPlanFile('name: [unclosed'));

      await expect(run).rejects.toMatchObject({ name: 'PlanInvalidError', message: expect.stringMatching(/^1 problem\(s\) in the plan: \(root\): line 1/) });
    });

    it('refuses both a plan and a plan key with DrillInputError', async () => {
      const run = check(keyEvent({ plan: nhsPlanInput(), planKey: PLAN_KEY }), DR_REGION, storeWithPlanFile());

      await expect(run).rejects.toMatchObject({ name: 'DrillInputError', message: expect.stringContaining('not both') });
    });

    it('refuses a key outside plans/ with DrillInputError, without reading the store', async () => {
      const store = storeWithPlanFile();

      const run = check(keyEvent({ planKey: `drills/${DRILL_ID}/plan.json` }), DR_REGION, store);

      await expect(run).rejects.toMatchObject({ name: 'DrillInputError', message: expect.stringContaining('planKey: must be plans/<file>') });
      expect(store.getText).not.toHaveBeenCalled();
    });

    it('passes a failure to read the plan file on', async () => {
      const run = check(keyEvent({ planKey: 'plans/missing.yml' }), DR_REGION, storeWithPlanFile());

      await expect(run).rejects.toThrow('memory store: no object plans/missing.yml');
    });
  });

  describe('the drill input a person or the schedule gives', () => {
    const deployed = { source: 'deployed/plan.yml', text: readFileSync(NHS_EXAMPLE, 'utf8') };
    const withDeps = (input: unknown, extra: Partial<Parameters<typeof preflight>[1]> = {}) =>
      preflight({ input, executionArn: EXECUTION_ARN, startedAt: STARTED_AT }, { region: DR_REGION, deployedPlan: deployed, ...extra }, memoryStore());

    it('runs the deployed plan for {}, and records the schedule as the trigger', async () => {
      const result = await withDeps({ trigger: { kind: 'schedule', by: null } });

      expect(result.drill.planName).toBe('nhs-patient-platform');
      expect(result.drill.trigger).toEqual({ kind: 'schedule', by: null });
      expect(partsOf(result)).toEqual(['restore', 'failover']);
      expect(result.dryRun).toBe(false);
    });

    it('refuses a misspelt option in words, naming the options there are', async () => {
      const run = withDeps({ dryrun: true });

      await expect(run).rejects.toMatchObject({
        name: 'DrillInputError',
        message: expect.stringMatching(/unknown option\(s\) "dryrun" \(allowed: plan, planKey, only, dryRun, skipFailover, approvedBy, trigger\)/),
      });
    });

    it('runs no part for a dry run, and only the restore drill with skipFailover', async () => {
      const dry = await withDeps({ dryRun: true });
      const restoreOnly = await withDeps({ skipFailover: true });

      expect(dry).toMatchObject({ dryRun: true, steps: [] });
      expect(dry.drill.dryRun).toBe(true);
      expect(partsOf(restoreOnly)).toEqual(['restore']);
      expect(restoreOnly.failoverItems).toEqual([]);
    });

    it('runs the failover first when the plan says so', async () => {
      const plan = nhsPlanInput() as Record<string, unknown>;
      plan.order = 'failover-first';

      expect(partsOf(await withDeps({ plan }))).toEqual(['failover', 'restore']);
    });

    it('runs both parts in one step when the plan says parallel, and records the order for the report', async () => {
      const plan = nhsPlanInput() as Record<string, unknown>;
      plan.order = 'parallel';
      const both = await withDeps({ plan });
      const restoreOnly = await withDeps({ plan, skipFailover: true });
      const failoverOnly = await withDeps({ plan, only: ['patients-global'] });

      expect(both.steps).toEqual([{ restore: true, restorePhases: [['patients-db', 'appointments', 'documents', 'shared-files']], failover: true }]);
      expect(both.drill.order).toBe('parallel');
      expect(partsOf(restoreOnly)).toEqual(['restore']);
      expect(partsOf(failoverOnly)).toEqual(['failover']);
    });

    it('refuses a second drill while one runs, naming it, after checking the plan', async () => {
      const running = jest.fn(async () => [{ executionArn: `${EXECUTION_ARN}-other`, startedAt: '2025-03-04T01:00:00.000Z' }]);

      await expect(withDeps({}, { running })).rejects.toMatchObject({
        name: 'DrillAlreadyRunningError',
        message: expect.stringContaining(`${EXECUTION_ARN}-other (started 2025-03-04T01:00:00.000Z)`),
      });
      expect(running).toHaveBeenCalledWith(EXECUTION_ARN);
      // A broken plan is reported as such, whatever runs.
      await expect(withDeps({ plan: { name: 'x' } }, { running })).rejects.toMatchObject({ name: 'PlanInvalidError' });
    });

    it('lets the first of two drills started together run, and refuses only the later one', async () => {
      const later = jest.fn(async () => [{ executionArn: `${EXECUTION_ARN}-later`, startedAt: '2025-03-04T02:00:05.000Z' }]);
      const sameSecond = jest.fn(async () => [{ executionArn: `${EXECUTION_ARN}-b`, startedAt: STARTED_AT }]);

      await expect(withDeps({}, { running: later })).resolves.toMatchObject({ dryRun: false });
      // Same start: the ARN decides, the same way for both of them.
      await expect(withDeps({}, { running: sameSecond })).resolves.toMatchObject({ dryRun: false });
    });
  });

  describe('failover items', () => {
    it('hands each failover target its objectives and the plan\'s minutes in seconds, asking a person by default', async () => {
      const [item] = (await check(preflightEvent())).failoverItems;

      expect(item?.objectives).toEqual({ cutoverSeconds: 90, rtoSeconds: 120, rpoSeconds: 30 });
      expect(item?.settings).toEqual({
        probeIntervalSeconds: 5,
        switchTimeoutSeconds: 900,
        soakSeconds: 600,
        rollbackTimeoutSeconds: 3600,
        approvalTimeoutSeconds: 3600,
        approvalRequired: true,
        approvedBy: null,
      });
      expect([item?.primaryRegion, item?.drRegion]).toEqual(['eu-west-1', 'eu-west-2']);
    });

    it('asks nobody when the plan allows unattended failover, or the starter approved it', async () => {
      const plan = nhsPlanInput() as { failover: Record<string, unknown> };
      plan.failover.unattended = true;
      const unattended = (await check(preflightEvent(plan))).failoverItems[0]?.settings;
      const approvedAtStart = (await check({ ...preflightEvent(), input: { plan: nhsPlanInput(), approvedBy: 'oncall@trust' } })).failoverItems[0]?.settings;

      expect(unattended).toMatchObject({ approvalRequired: false, approvedBy: 'plan (unattended: true)' });
      expect(approvedAtStart).toMatchObject({ approvalRequired: false, approvedBy: 'oncall@trust' });
    });

    it('lets "only" pick the failover drill alone, or skip it', async () => {
      const failoverOnly = await check(preflightEvent(nhsPlanInput(), ['patients-global']));
      const restoreOnly = await check(preflightEvent(nhsPlanInput(), ['appointments']));

      expect(restoreIdsOf(failoverOnly)).toEqual([]);
      expect(failoverOnly.failoverItems.map((i) => i.target.id)).toEqual(['patients-global']);
      expect(restoreOnly.failoverItems).toEqual([]);
    });
  });

  describe('"only"', () => {
    it('drills only the named targets, in plan order', async () => {
      const result = await check(preflightEvent(nhsPlanInput(), ['shared-files', 'patients-db']));

      expect(restoreIdsOf(result)).toEqual(['patients-db', 'shared-files']);
    });

    it('drills every target when "only" is empty', async () => {
      const result = await check(preflightEvent(nhsPlanInput(), []));

      expect(restoreIdsOf(result)).toHaveLength(4);
    });

    it('refuses an unknown target with PlanInvalidError naming it and the known ones', async () => {
      const run = check(preflightEvent(nhsPlanInput(), ['patients-db', 'patient-db']));

      await expect(run).rejects.toMatchObject({
        name: 'PlanInvalidError',
        message: 'only: unknown target(s) patient-db; the plan has patients-db, appointments, documents, shared-files, patients-global',
      });
    });
  });

  describe('refusals', () => {
    it('refuses a plan that names a region outside the residency policy with ResidencyViolationError', async () => {
      const plan = nhsPlanInput();
      targetsOf(plan)[0]!.drVault = 'arn:aws:backup:us-east-1:111122223333:backup-vault:nhs-patient-platform-dr';

      const run = check(preflightEvent(plan));

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message:
          '1 problem(s) in the plan: targets[0].drVault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
    });

    it('names the refusal after residency when residency is one of several problems', async () => {
      const plan = nhsPlanInput();
      targetsOf(plan)[0]!.drVault = 'arn:aws:backup:us-east-1:111122223333:backup-vault:nhs-patient-platform-dr';
      targetsOf(plan)[1]!.id = 'patients-db';

      const run = check(preflightEvent(plan));

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message:
          '2 problem(s) in the plan: targets[0].drVault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]; ' +
          'targets[1].id: duplicate id "patients-db" (also targets[0])',
      });
    });

    it('refuses a plan with other problems with PlanInvalidError listing each', async () => {
      const plan = nhsPlanInput();
      targetsOf(plan)[1]!.id = 'patients-db';

      const run = check(preflightEvent(plan));

      await expect(run).rejects.toMatchObject({
        name: 'PlanInvalidError',
        message: '1 problem(s) in the plan: targets[1].id: duplicate id "patients-db" (also targets[0])',
      });
    });

    it('refuses a plan that breaks the schema with PlanInvalidError naming the path', async () => {
      const plan = nhsPlanInput();
      (plan.objectives as Record<string, unknown>).rtoMinutes = 0;

      const run = check(preflightEvent(plan));

      await expect(run).rejects.toMatchObject({
        name: 'PlanInvalidError',
        message: '1 problem(s) in the plan: objectives.rtoMinutes: must be greater than 0 (got 0)',
      });
    });

    it('refuses to run outside the plan DR region with WrongRegionError', async () => {
      const run = check(preflightEvent(), 'eu-west-1');

      await expect(run).rejects.toMatchObject({
        name: 'WrongRegionError',
        message: 'plan "nhs-patient-platform" restores into eu-west-2 but dr-drill is deployed in eu-west-1: deploy it in the DR region',
      });
    });

    it('runs a plan that names its accounts only in its recovery account, storing nothing elsewhere', async () => {
      const plan = parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'cross-account.yml'), 'utf8')) as Record<string, unknown>;
      const store = memoryStore();
      const elsewhere = { ...preflightEvent(plan), executionArn: EXECUTION_ARN.replace(/:\d{12}:/, ':111122223333:') };

      await expect(preflight(elsewhere, { region: DR_REGION }, store)).rejects.toMatchObject({
        name: 'PlanInvalidError',
        message: 'plan "cross-account" restores in the recovery account 777788889999 but dr-drill is deployed in account 111122223333: deploy it in the recovery account',
      });
      expect(store.plans.size).toBe(0);

      const inRecovery = { ...preflightEvent(plan), executionArn: EXECUTION_ARN.replace(/:\d{12}:/, ':777788889999:') };
      const result = await preflight(inRecovery, { region: DR_REGION }, store);
      expect(restoreIdsOf(result)).toEqual(['patients-db', 'appointments']);
    });

    it("refuses a plan whose residency policy reaches beyond the regions the deployment's IAM allows, storing nothing", async () => {
      const plan = nhsPlanInput();
      plan.residency = { policy: 'UK, Ireland and Frankfurt', allowedRegions: ['eu-west-1', 'eu-west-2', 'eu-central-1'] };
      const store = memoryStore();

      const run = preflight(preflightEvent(plan), { region: DR_REGION, deploymentRegions: ['eu-west-1', 'eu-west-2'] }, store);

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message:
          'plan "nhs-patient-platform" allows eu-central-1, but this deployment\'s IAM denies every request outside [eu-west-1, eu-west-2] ' +
          "(allowedRegions in config/<stage>.yml): narrow the plan's residency.allowedRegions, or widen allowedRegions and deploy again",
      });
      expect(store.plans.size).toBe(0);
    });

    it('runs a plan whose residency policy is inside the deployment\'s regions', async () => {
      const plan = nhsPlanInput();
      plan.residency = { policy: 'UK only', allowedRegions: ['eu-west-2', 'eu-west-1'] };

      const result = await preflight(preflightEvent(plan), { region: DR_REGION, deploymentRegions: ['eu-west-2', 'eu-west-1', 'eu-central-1'] }, memoryStore());

      expect(restoreIdsOf(result)).toHaveLength(4);
    });

    it('reports residency before the deployment region, so the alarm names the breach', async () => {
      const plan = nhsPlanInput();
      plan.regions = { primary: 'eu-west-1', dr: 'us-east-1' };

      const run = check(preflightEvent(plan), 'us-east-1');

      await expect(run).rejects.toMatchObject({ name: 'ResidencyViolationError' });
    });

    it('refuses an event without an execution ARN with BadPayloadError', async () => {
      const { executionArn: _executionArn, ...event } = preflightEvent();

      const run = check(event);

      await expect(run).rejects.toMatchObject({
        name: 'BadPayloadError',
        message: 'Check Plan: executionArn: Invalid input: expected string, received undefined',
      });
    });

    it('refuses {} when the deployment has no deployed plan, saying what to give instead', async () => {
      const run = check({ input: {}, executionArn: EXECUTION_ARN, startedAt: STARTED_AT });

      await expect(run).rejects.toMatchObject({ name: 'DrillInputError', message: expect.stringContaining('no deployed plan') });
    });

    // BUG (lib/plan/schema.ts target id pattern, reached through preflight): a target id may end in "-" or contain
    // "--". The drill then names the restored resource "drdrill-<hex>-patients-" and the Aurora instance
    // "drdrill-<hex>-patients--db": RDS identifiers may neither end with a hyphen nor contain two in a row, and
    // S3 bucket names may not end with one, so the restore fails in AWS after the copy has run.
    it('refuses a target id that cannot end an RDS identifier or bucket name', async () => {
      const plan = nhsPlanInput();
      targetsOf(plan)[0]!.id = 'patients-';

      const run = check(preflightEvent(plan));

      await expect(run).rejects.toMatchObject({ name: 'PlanInvalidError' });
    });
  });
});
