// publishDrillMetrics, tested the way Powertools tests its own Metrics: the EMF documents it prints are captured
// from console.log (POWERTOOLS_DEV makes Metrics print through the global console; POWERTOOLS_METRICS_DISABLED=false
// keeps it publishing, which dev mode would otherwise turn off) and read as CloudWatch would read them.
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { TargetResult } from '../../lib/drill/contracts';
import { drillMetrics, publishDrillMetrics } from '../../lib/observe/metrics';
import type { DrillReport } from '../../lib/report/schema';
import { passedFailover, phase } from './failover-result-fixtures';

type Emf = {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
};

function target(targetId: string, verdict: 'PASSED' | 'FAILED', rto: number | null, rpo: number | null): TargetResult {
  return {
    targetId,
    type: 'aurora',
    verdict,
    reason: verdict === 'PASSED' ? 'restored and validated within objectives' : 'the restore job failed',
    failedStep: verdict === 'PASSED' ? null : 'waitForRestore',
    recoveryPoint: null,
    jobs: { copyJobId: null, restoreJobId: null },
    restoredResourceArn: null,
    timeline: [],
    minutes: { copy: null, restore: null, instance: null, validation: null, total: null },
    rto: { measuredMinutes: rto, objectiveMinutes: 60, met: rto !== null && rto <= 60 },
    rpo: { measuredMinutes: rpo, objectiveMinutes: 1440, met: rpo !== null && rpo <= 1440 },
    checks: [],
    cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
  };
}

function report(change: Partial<DrillReport> = {}): DrillReport {
  const targets = [target('patients-db', 'PASSED', 37, 258.5), target('appointments', 'FAILED', null, 210)];
  return {
    drillId: 'd0a1b2c3d',
    executionArn: 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-restore-drill:d0a1b2c3d',
    plan: { name: 'nhs-patient-platform', hash: '9f86d081884c' },
    startedAt: '2025-03-04T02:00:00.000Z',
    finishedAt: '2025-03-04T03:30:30.000Z',
    verdict: 'FAILED',
    counts: { targets: 2, passed: 1, failed: 1, cleanupIncomplete: 0 },
    worst: {
      rto: { targetId: 'patients-db', measuredMinutes: 37, objectiveMinutes: 60, met: true },
      rpo: { targetId: 'patients-db', measuredMinutes: 258.5, objectiveMinutes: 1440, met: true },
    },
    residency: { policy: 'UK and Ireland', allowedRegions: ['eu-west-1', 'eu-west-2'], regionsTouched: ['eu-west-1', 'eu-west-2'], outside: [] },
    headline: 'FAILED nhs-patient-platform: 1/2 targets recovered',
    targets,
    ...change,
  };
}

const ENV = ['POWERTOOLS_DEV', 'POWERTOOLS_METRICS_DISABLED', 'POWERTOOLS_SERVICE_NAME'] as const;
const saved: Partial<Record<(typeof ENV)[number], string>> = {};
let printed: jest.SpyInstance;
let metrics: Metrics;

beforeEach(() => {
  for (const key of ENV) saved[key] = process.env[key];
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  metrics = drillMetrics();
});

afterEach(() => {
  printed.mockRestore();
  for (const key of ENV) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const emitted = (): Emf[] => printed.mock.calls.map(([line]) => JSON.parse(String(line)) as Emf);
/** Each EMF line as CloudWatch reads it: its dimensions, and each metric with its value and unit. */
const readable = (emf: Emf) => {
  const [definition] = emf._aws.CloudWatchMetrics;
  const dimensions = Object.fromEntries(definition!.Dimensions[0]!.map((d) => [d, emf[d]]));
  const values = Object.fromEntries(definition!.Metrics.map((m) => [m.Name, [emf[m.Name], m.Unit]]));
  return { namespace: definition!.Namespace, dimensions, values };
};

describe('publishDrillMetrics', () => {
  it('publishes each target under PlanName and TargetId, then the drill under PlanName, in namespace DrDrill', () => {
    publishDrillMetrics(report(), metrics);

    expect(emitted().map(readable)).toEqual([
      {
        namespace: 'DrDrill',
        dimensions: { service: 'dr-drill', PlanName: 'nhs-patient-platform', TargetId: 'patients-db' },
        values: { RtoMinutes: [37, 'None'], RpoMinutes: [258.5, 'None'], Verdict: [1, 'Count'] },
      },
      {
        namespace: 'DrDrill',
        // A failed restore has no RTO: none is sent, rather than a 0 that would read as instant.
        dimensions: { service: 'dr-drill', PlanName: 'nhs-patient-platform', TargetId: 'appointments' },
        values: { RpoMinutes: [210, 'None'], Verdict: [0, 'Count'] },
      },
      {
        namespace: 'DrDrill',
        dimensions: { service: 'dr-drill', PlanName: 'nhs-patient-platform' },
        values: {
          DrillCompleted: [1, 'Count'],
          DrillFailed: [1, 'Count'],
          DrillDurationMinutes: [90.5, 'None'],
          WorstRtoMinutes: [37, 'None'],
          WorstRpoMinutes: [258.5, 'None'],
        },
      },
    ]);
  });

  it("sends the coverage counts the CoverageUnproven alarm reads, under the drill's dimensions, and none when the coverage is unknown", () => {
    // Two resources shown of the 40: one proven 3 days ago, one no drill in the 45 days read has proven (counted as 45).
    const resources = [{ daysSinceProven: 3 }, { daysSinceProven: null }];
    const coverage = (counts: { protectedCount: number | null; provenCount: number | null; overLimitCount: number | null }) =>
      ({
        ...counts,
        windowDays: 30,
        maxUnprovenDays: 45,
        resources: counts.protectedCount === null ? [] : resources,
        scopeError: counts.protectedCount === null ? 'AccessDeniedException' : null,
      }) as unknown as DrillReport['coverage'];

    publishDrillMetrics(report({ coverage: coverage({ protectedCount: 40, provenCount: 38, overLimitCount: 2 }) }), metrics);
    publishDrillMetrics(report({ coverage: coverage({ protectedCount: null, provenCount: null, overLimitCount: null }) }), metrics);

    const drills = emitted().map(readable).filter((m) => !('TargetId' in m.dimensions));
    expect(drills[0]).toMatchObject({
      dimensions: { service: 'dr-drill', PlanName: 'nhs-patient-platform' },
      values: { ProtectedResources: [40, 'Count'], ProvenResources: [38, 'Count'], UnprovenOverLimit: [2, 'Count'], OldestUnprovenDays: [45, 'None'] },
    });
    expect(Object.keys(drills[1]!.values)).not.toContain('UnprovenOverLimit');
    expect(Object.keys(drills[1]!.values)).not.toContain('OldestUnprovenDays');
    expect(Object.keys(drills[1]!.values)).not.toContain('ProtectedResources');
  });

  it('says DrillFailed 0 for a passed drill, and sends the worst cutover downtime when a failover ran', () => {
    const second = passedFailover();
    second.targetId = 'appointments-global';
    second.cutover = phase(70, 110, 80);

    publishDrillMetrics(report({ verdict: 'PASSED', failover: [passedFailover(), second] }), metrics);

    const drill = readable(emitted().at(-1)!);
    expect(drill.values).toMatchObject({ DrillCompleted: [1, 'Count'], DrillFailed: [0, 'Count'], FailoverDowntimeSeconds: [110, 'Seconds'] });
  });

  it('leaves out what was not measured: no worst RTO when nothing was restored, no downtime when no switch happened', () => {
    const notRun = passedFailover();
    notRun.verdict = 'NOT_RUN';
    notRun.cutover = null;

    publishDrillMetrics(report({ worst: { rto: null, rpo: null }, failover: [notRun] }), metrics);

    expect(Object.keys(readable(emitted().at(-1)!).values)).toEqual(['DrillCompleted', 'DrillFailed', 'DrillDurationMinutes']);
  });

  it('publishes nothing for a dry run: it is not a drill', () => {
    publishDrillMetrics(report({ dryRun: { checkedAt: '2025-03-04T02:00:00.000Z', ok: true, targets: [] } }), metrics);

    expect(printed).not.toHaveBeenCalled();
  });

  it('keeps each target in its own EMF line and leaves no dimension behind for the next drill', () => {
    publishDrillMetrics(report(), metrics);
    printed.mockClear();

    publishDrillMetrics(report({ plan: { name: 'other-plan', hash: 'x' }, targets: [] }), metrics);

    expect(emitted().map((e) => readable(e).dimensions)).toEqual([{ service: 'dr-drill', PlanName: 'other-plan' }]);
  });
});
