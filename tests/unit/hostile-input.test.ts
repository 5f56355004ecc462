// Hostile and broken input (issue 6): whatever a person, a script or an attacker hands the plan check, the drill input
// parser or Check Plan, they answer in words (a problem with a path, or one of the drill's named errors) and never
// throw something else, call AWS, or store a plan they refused. Random values and randomly broken good plans stand in
// for every input nobody thought of; the oversized cases pin the limits a drill enforces.
import fc from 'fast-check';
import { preflight } from '../../functions/preflight/preflight';
import { parseDrillInput } from '../../lib/drill/input';
import { checkPlan, parsePlanText, type PlanCheck } from '../../lib/plan/load';
import { MAX_TARGETS } from '../../lib/plan/schema';
import { nhsWith } from './plan-fixtures';
import { DR_REGION, EXECUTION_ARN, STARTED_AT, memoryStore, nhsPlanInput, targetsOf } from './functions/fixtures';
import { RUNS, anyValue, jsonValue, mutatedPlan, mutatedPlanText } from './hostile-arbitraries';

/** `(root)`, or the path as problem.ts writes it: `targets[2].restore.dbSubnetGroupName`, `["odd key"]`. */
const SEGMENT = String.raw`(?:\[\d+\]|\["(?:[^"\\]|\\.)*"\])`;
const PATH_LIKE = new RegExp(String.raw`^(?:\(root\)|(?:[A-Za-z_$][\w$]*|${SEGMENT})(?:\.[A-Za-z_$][\w$]*|${SEGMENT})*)$`);

/** A check either passes or says, for each problem, where and what, on one line. */
function expectWellFormed(result: PlanCheck): void {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(problem.path).toMatch(PATH_LIKE);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.trim()).not.toBe('');
    expect(problem.message).not.toContain('[object Object]');
    expect(`${problem.path}: ${problem.message}`).not.toMatch(/[\n\r]/);
  }
}

/** Fragments YAML parsers trip on: anchors, aliases, merge keys, tags, directives, flow collections, odd scalars. */
const yamlish = fc
  .array(
    fc.constantFrom(
      'name: ', 'targets:', '\n', '\n  ', '- ', '&a ', '*a', '<<: *a', '{', '}', '[', ']', ', ', ': ', '"', "'", '#', '|',
      '>', '\t', '? ', '---\n', '...\n', '%YAML 1.2\n', '!!str ', '!!binary ', '!!set ', '!custom ', '.nan', '~', '1e999',
      '0x1F', 'id', 'type: aurora', '\\u0000', '\u2028', 'x',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const REFUSALS = ['PlanInvalidError', 'ResidencyViolationError', 'WrongRegionError', 'DrillInputError'];

describe('hostile and broken plans', () => {
  it(`never throw from checkPlan: ${RUNS.randomPlans} random values each answer ok or problems with a path and a message`, () => {
    fc.assert(
      fc.property(fc.oneof(jsonValue, anyValue), (input) => {
        expectWellFormed(checkPlan(input));
      }),
      { numRuns: RUNS.randomPlans },
    );
  });

  it(`never throw from checkPlan: ${RUNS.mutatedPlans} good plans broken by random edits`, () => {
    fc.assert(
      fc.property(mutatedPlan, (input) => {
        expectWellFormed(checkPlan(input));
      }),
      { numRuns: RUNS.mutatedPlans },
    );
  });

  it(`never throw from parsePlanText: ${RUNS.planTexts} random and YAML-like strings`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), yamlish), (text) => {
        expectWellFormed(parsePlanText(text, 'plans/random.yml'));
      }),
      { numRuns: RUNS.planTexts },
    );
  });

  it(`never throw from parsePlanText: ${RUNS.mutatedPlanTexts} broken plans written as YAML`, () => {
    fc.assert(
      fc.property(mutatedPlanText, (text) => {
        expectWellFormed(parsePlanText(text, 'plans/mutated.yml'));
      }),
      { numRuns: RUNS.mutatedPlanTexts },
    );
  });
});

describe('line breaks in what a person wrote (found by the properties above)', () => {
  it('quotes a plan value holding a line break, so its problem stays on one line', () => {
    const result = checkPlan(nhsWith({ name: 'nhs\ntargets[0]: ok' }));

    expect(result).toEqual({
      ok: false,
      problems: [{ path: 'name', message: 'must start with a letter and use only a-z, 0-9 and "-" (got "nhs\\ntargets[0]: ok")' }],
    });
  });

  it('quotes an unknown drill option holding a line break, so the refusal stays on one line', () => {
    expect(() => parseDrillInput({ '\n': '' })).toThrow(
      'the drill input is not valid: input: unknown option(s) "\\n" (allowed: plan, planKey, only, dryRun, skipFailover, approvedBy, trigger). Start with {} to run the deployed plan.',
    );
  });
});

describe('hostile drill input', () => {
  const options = fc.record(
    {
      plan: jsonValue,
      planKey: fc.oneof(fc.string(), fc.constant('plans/nhs.yml')),
      only: fc.oneof(fc.array(fc.string()), jsonValue),
      dryRun: fc.oneof(fc.boolean(), jsonValue),
      skipFailover: fc.oneof(fc.boolean(), jsonValue),
      approvedBy: fc.oneof(fc.string(), jsonValue),
      trigger: jsonValue,
      [`unknown`]: jsonValue,
    },
    { requiredKeys: [] },
  );

  it(`parseDrillInput returns a valid input or throws DrillInputError, nothing else: ${RUNS.drillInputs} random inputs`, () => {
    fc.assert(
      fc.property(fc.oneof(jsonValue, anyValue, options), (input) => {
        let parsed: unknown;
        try {
          parsed = parseDrillInput(input);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name).toBe('DrillInputError');
          expect((error as Error).message).toMatch(/^the drill input is not valid/);
          expect((error as Error).message).not.toMatch(/[\n\r]/);
          return;
        }
        expect(typeof parsed).toBe('object');
        expect(Object.keys(parsed as object).every((key) => ['plan', 'planKey', 'only', 'dryRun', 'skipFailover', 'approvedBy', 'trigger'].includes(key))).toBe(true);
      }),
      { numRuns: RUNS.drillInputs },
    );
  });
});

describe('Check Plan with hostile input', () => {
  /** What a drill could be started with, and whether its plan (when it gets that far) passes the check. */
  interface Case {
    input: unknown;
    /** Plan files in the drill store, by key. */
    texts: Record<string, string>;
    deployedPlan?: { source: string; text: string };
  }

  const PLAN_KEY = fc.oneof(fc.string(), fc.stringMatching(/^plans\/[\w./-]{1,20}\.(ya?ml|json)$/));
  const ONLY = fc.option(fc.array(fc.oneof(fc.string(), fc.constantFrom('patients-db', 'appointments', 'patients-global')), { maxLength: 4 }), { nil: undefined });
  const withOnly = (input: Record<string, unknown>, only: string[] | undefined) => (only === undefined ? input : { ...input, only });

  const cases: fc.Arbitrary<Case> = fc.oneof(
    // Anything at all as the input.
    fc.record({ input: jsonValue, texts: fc.constant({}) }),
    // A broken plan (now and then an intact one) given inline.
    fc
      .tuple(fc.oneof({ weight: 4, arbitrary: mutatedPlan }, { weight: 1, arbitrary: fc.constant(null).map(() => nhsPlanInput()) }), ONLY, fc.boolean())
      .map(([plan, only, dryRun]) => ({ input: withOnly({ plan, dryRun }, only), texts: {} })),
    // A plan file in the drill store, under a random key.
    fc.tuple(PLAN_KEY, fc.oneof(mutatedPlanText, fc.string()), ONLY).map(([planKey, text, only]) => ({ input: withOnly({ planKey }, only), texts: { [planKey]: text } })),
    // `{}`: the deployed plan, broken or not.
    fc.tuple(fc.option(mutatedPlanText, { nil: undefined }), fc.constantFrom({}, null, { dryRun: true })).map(([text, input]) => ({
      input,
      texts: {},
      deployedPlan: text === undefined ? undefined : { source: 'plans/deployed.yml', text },
    })),
  );

  /** Whether the drill would get past checking its plan, worked out with the checks alone. */
  function planPasses({ input, texts, deployedPlan }: Case): boolean {
    let parsed;
    try {
      parsed = parseDrillInput(input);
    } catch {
      return false;
    }
    if (parsed.plan !== undefined && parsed.planKey !== undefined) return false;
    if (parsed.planKey !== undefined) return parsePlanText(texts[parsed.planKey] ?? '').ok;
    if (parsed.plan !== undefined) return checkPlan(parsed.plan).ok;
    return deployedPlan !== undefined && parsePlanText(deployedPlan.text).ok;
  }

  it(`refuses with a named error, before any AWS call and without storing the plan: ${RUNS.preflightInputs} random inputs`, async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const store = memoryStore();
        for (const [key, text] of Object.entries(c.texts)) store.texts.set(key, text);
        const running = jest.fn(async () => []);
        const deps = { region: DR_REGION, running, ...(c.deployedPlan && { deployedPlan: c.deployedPlan }) };
        const event = { input: c.input, executionArn: EXECUTION_ARN, startedAt: STARTED_AT };

        const outcome = await preflight(event, deps, store).then(
          () => undefined,
          (error: unknown) => error as Error,
        );

        if (!planPasses(c)) expect(running).not.toHaveBeenCalled();
        if (outcome === undefined) {
          expect(store.putPlan).toHaveBeenCalledTimes(1);
          return;
        }
        expect(REFUSALS).toContain(outcome.name);
        expect(store.putPlan).not.toHaveBeenCalled();
      }),
      { numRuns: RUNS.preflightInputs },
    );
  });
});

describe('oversized input', () => {
  it(`refuses a plan of 10,000 targets, naming the maximum of ${MAX_TARGETS}`, () => {
    const plan = nhsPlanInput();
    const [first] = targetsOf(plan);
    plan.targets = Array.from({ length: 10_000 }, (_, i) => ({ ...structuredClone(first), id: `target-${i}` }));

    const result = checkPlan(plan);

    expect(result).toEqual({ ok: false, problems: [{ path: 'targets', message: 'must have at most 1000 entries (got 10000)' }] });
  });

  it('refuses a data check whose query is 1 MB, naming the maximum length', () => {
    const plan = nhsPlanInput();
    const [first] = targetsOf(plan);
    (first as Record<string, unknown>).validation = {
      engine: 'postgres',
      database: 'patients',
      secretArn: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:nhs-patient-platform/patients-db/drill-readonly-Xy12Ab',
      sql: [{ name: 'huge', query: `SELECT ${'1 + '.repeat(262_144)}1`, expect: '>= 0' }],
    };

    const result = checkPlan(plan);

    expect(result).toEqual({ ok: false, problems: [{ path: 'targets[0].validation.sql[0].query', message: 'must be at most 20000 characters long' }] });
  });

  it('refuses a drill input naming 5,000 targets in `only`', () => {
    const only = Array.from({ length: 5_000 }, (_, i) => `target-${i}`);

    expect(() => parseDrillInput({ only })).toThrow(
      expect.objectContaining({
        name: 'DrillInputError',
        message: 'the drill input is not valid: only: Too big: expected array to have <=1000 items. Start with {} to run the deployed plan.',
      }),
    );
  });
});
