// Every Lambda entry point: importing it outside Lambda (local runs, tests, the CLI) must do nothing but define the
// handler, and inside Lambda a missing AWS_REGION must fail the cold start with a message that names it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { OUTSIDE_REGION, childState, restoredName } from './fixtures';

const FUNCTIONS_DIR = join(__dirname, '..', '..', '..', 'functions');
const FUNCTIONS = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Functions whose use case needs no AWS client and so builds no dependencies. */
const WITHOUT_DEPS = ['prepare-restore'];
/** Functions that read or record the drill in the drill store bucket. */
const WITH_STORE = ['build-report', 'dry-run', 'evaluate-failover', 'evaluate-target', 'load-target', 'preflight'];

type HandlerModule = { makeHandler?: unknown; handler?: unknown };

/** Imports a handler in a fresh module registry, so each import is a cold start. */
async function importHandler(name: string, deps?: { productionDeps: jest.Mock }): Promise<HandlerModule> {
  let mod: HandlerModule = {};
  await jest.isolateModulesAsync(async () => {
    if (deps) jest.doMock('../../../lib/lambda/deps', () => ({ ...jest.requireActual('../../../lib/lambda/deps'), ...deps }));
    mod = (await import(join(FUNCTIONS_DIR, name, 'handler'))) as HandlerModule;
  });
  return mod;
}

const ENV_KEYS = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'DRILL_STORE_BUCKET', 'DRILLS_TABLE', 'ALLOWED_REGIONS', 'POWERTOOLS_LOG_LEVEL'] as const;
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

beforeEach(() => {
  for (const key of ENV_KEYS) {
    savedEnv[key] = process.env[key];
    delete process.env[key];
  }
  // The wrapped handler logs failures; the tests only need the outcome.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  jest.dontMock('../../../lib/lambda/deps');
});

describe('Lambda entry points (functions/*/handler.ts)', () => {
  it('covers every function of the restore drill', () => {
    expect(FUNCTIONS).toEqual(
      expect.arrayContaining([
        'build-report',
        'check-cleanup',
        'copy-job',
        'delete-restored',
        'evaluate-target',
        'find-recovery-point',
        'load-target',
        'preflight',
        'prepare-restore',
        'validate-restore',
      ]),
    );
  });

  describe.each(FUNCTIONS)('%s', (name) => {
    it('imports outside Lambda without AWS_REGION, building no dependencies, and exports makeHandler and handler', async () => {
      const productionDeps = jest.fn(() => {
        throw new Error('productionDeps must not run at import outside Lambda');
      });

      const mod = await importHandler(name, { productionDeps });

      expect(productionDeps).not.toHaveBeenCalled();
      expect(typeof mod.makeHandler).toBe('function');
      expect(typeof mod.handler).toBe('function');
    });

    if (!WITHOUT_DEPS.includes(name)) {
      it('fails the cold start inside Lambda when AWS_REGION is missing, naming the variable', async () => {
        process.env.AWS_LAMBDA_FUNCTION_NAME = `dr-drill-prod-${name}`;

        const run = importHandler(name);

        await expect(run).rejects.toThrow('AWS_REGION is not set: dr-drill functions must run in the DR region');
      });
    }
  });

  describe.each(WITH_STORE)('%s, which uses the drill store,', (name) => {
    // Check Plan also needs the deployment's regions (tested below), Build Report the drills table (its coverage,
    // tested below); every other variable is set.
    beforeEach(() => {
      process.env.ALLOWED_REGIONS = 'eu-west-1,eu-west-2';
      process.env.DRILLS_TABLE = 'dr-drill-prod-DrillsTable-1X2Y3Z';
    });

    it('fails the cold start inside Lambda when DRILL_STORE_BUCKET is missing, naming the variable', async () => {
      process.env.AWS_LAMBDA_FUNCTION_NAME = `dr-drill-prod-${name}`;
      process.env.AWS_REGION = 'eu-west-2';

      const run = importHandler(name);

      await expect(run).rejects.toThrow('DRILL_STORE_BUCKET is not set: the function cannot read or record drills');
    });

    it('starts cold inside Lambda when AWS_REGION and DRILL_STORE_BUCKET are set', async () => {
      process.env.AWS_LAMBDA_FUNCTION_NAME = `dr-drill-prod-${name}`;
      process.env.AWS_REGION = 'eu-west-2';
      process.env.DRILL_STORE_BUCKET = 'dr-drill-prod-drillstore-1x2y3z4w5v6u';

      const mod = await importHandler(name);

      expect(typeof mod.handler).toBe('function');
    });
  });

  it('fails the cold start of build-report inside Lambda when DRILLS_TABLE is missing: its coverage reads earlier drills there', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'dr-drill-prod-build-report';
    process.env.AWS_REGION = 'eu-west-2';
    process.env.DRILL_STORE_BUCKET = 'dr-drill-prod-drillstore-1x2y3z4w5v6u';

    const run = importHandler('build-report');

    await expect(run).rejects.toThrow('DRILLS_TABLE is not set: Build Report cannot read the coverage of earlier drills');
  });

  describe("preflight, which checks plans against the deployment's regions,", () => {
    beforeEach(() => {
      process.env.AWS_LAMBDA_FUNCTION_NAME = 'dr-drill-prod-preflight';
      process.env.AWS_REGION = 'eu-west-2';
      process.env.DRILL_STORE_BUCKET = 'dr-drill-prod-drillstore-1x2y3z4w5v6u';
    });

    it('fails the cold start when ALLOWED_REGIONS is missing, naming the variable', async () => {
      await expect(importHandler('preflight')).rejects.toThrow("ALLOWED_REGIONS is not set: Check Plan cannot compare the plan with the regions this deployment's IAM allows");
    });

    it('fails the cold start when ALLOWED_REGIONS holds something that is not a region code', async () => {
      process.env.ALLOWED_REGIONS = 'eu-west-2,london';

      await expect(importHandler('preflight')).rejects.toThrow('not region codes: ["london"]');
    });
  });

  describe('the wrapped handler outside Lambda', () => {
    const context = {
      functionName: 'dr-drill-dev-find-recovery-point',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-2:111122223333:function:dr-drill-dev-find-recovery-point',
      memoryLimitInMB: '256',
      awsRequestId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      logGroupName: '/aws/lambda/dr-drill-dev-find-recovery-point',
      logStreamName: '2025/03/04/[$LATEST]0123456789abcdef',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 30_000,
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } as Context;
    type Invoke = (event: unknown, context: Context) => Promise<unknown>;

    /** A Find Latest Recovery Point event the residency guard refuses before any AWS call. */
    async function eventOutsideResidency() {
      const state = await childState('patients-db');
      state.drill.sourceRegion = OUTSIDE_REGION;
      return state;
    }

    it('builds its dependencies on the first invocation, failing then when AWS_REGION is missing', async () => {
      const mod = await importHandler('find-recovery-point');

      const run = (mod.handler as Invoke)(await eventOutsideResidency(), context);

      await expect(run).rejects.toThrow('AWS_REGION is not set: dr-drill functions must run in the DR region');
    });

    it("runs the use case with those dependencies and passes its error on under its own name", async () => {
      const mod = await importHandler('find-recovery-point');
      process.env.AWS_REGION = 'eu-west-2';

      const run = (mod.handler as Invoke)(await eventOutsideResidency(), context);

      await expect(run).rejects.toMatchObject({ name: 'ResidencyViolationError' });
    });

    it('runs a function that needs no dependencies without AWS_REGION', async () => {
      const mod = await importHandler('prepare-restore');
      const state = { ...(await childState('appointments')), restoreMetadata: { metadata: { originalTableName: 'appointments' } } };

      const result = await (mod.handler as Invoke)(state, context);

      expect(result).toMatchObject({ resourceType: 'DynamoDB', metadata: { targetTableName: restoredName('appointments') } });
    });
  });
});
