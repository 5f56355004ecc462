// Coverage (issue 14): which protected resources of the plan's scope a PASSED drill proved within the window, which
// were drilled and failed, which were never drilled, which went unproven past the plan's limit, and the one line every
// channel gives. Pure: the scope and the drills table's proofs are given.
import { computeCoverage, LINE_NAMES, oldestUnprovenDays } from '../../lib/coverage/compute';
import type { CoverageScope, DrillProofs } from '../../lib/coverage/contracts';
import { coverageForReport } from '../../lib/coverage/report';
import type { DrillIndexEntry } from '../../lib/evidence/contracts';
import type { StoredPlan } from '../../lib/drill/store';
import type { DrillReport } from '../../lib/report/schema';
import { TransientAwsError } from '../../lib/errors';

const ACCOUNT = '111122223333';
const VAULT = `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:prod`;
const table = (name: string) => `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${name}`;
const AS_OF = '2026-12-07T03:00:00.000Z';
const DAY = 86_400_000;
const daysBefore = (days: number, extraMs = 0) => new Date(Date.parse(AS_OF) - days * DAY - extraMs).toISOString();

function scopeOf(...names: string[]): CoverageScope {
  return {
    listedAt: AS_OF,
    region: 'eu-west-2',
    vaults: [VAULT],
    resources: names.map((n) => ({ resourceArn: table(n), resourceType: 'DynamoDB', vault: VAULT })),
    otherTypes: {},
    error: null,
  };
}
const drill = (drillId: string, at: string, proven: string[], failed: string[] = []): DrillProofs => ({
  drillId,
  at,
  proven: proven.map(table),
  failed: failed.map(table),
});
const settings = { windowDays: 30, maxUnprovenDays: 30 };
const byName = (c: ReturnType<typeof computeCoverage>) => Object.fromEntries(c.resources.map((r) => [r.name, r]));

describe('computeCoverage', () => {
  it('counts a resource proven exactly windowDays ago, and not one proven a second before that', () => {
    const history = [drill('d-edge', daysBefore(30), ['orders']), drill('d-old', daysBefore(30, 1000), ['patients'])];

    const coverage = computeCoverage({ scope: scopeOf('orders', 'patients'), settings, asOf: AS_OF, thisDrill: null, history });

    expect(byName(coverage).orders).toMatchObject({ status: 'proven', lastProven: { drillId: 'd-edge' }, daysSinceProven: 30, overLimit: false });
    expect(byName(coverage).patients).toMatchObject({ status: 'not-drilled', lastProven: null, daysSinceProven: null, overLimit: true });
    expect(coverage.line).toBe('1/2 protected resources proven in the last 30 days; not drilled: patients; 1 unproven for more than 30 days');
  });

  it('tells a resource that was drilled and failed from one never drilled, listing the failed first', () => {
    const thisDrill = drill('d-now', daysBefore(0), ['orders'], ['imaging']);

    const coverage = computeCoverage({ scope: scopeOf('orders', 'imaging', 'audit'), settings, asOf: AS_OF, thisDrill, history: [] });

    expect(coverage.resources.map((r) => [r.name, r.status])).toEqual([
      ['imaging', 'failed'],
      ['audit', 'not-drilled'],
      ['orders', 'proven'],
    ]);
    expect(byName(coverage).imaging).toMatchObject({ lastFailed: { drillId: 'd-now' }, lastProven: null, overLimit: true });
    expect(coverage).toMatchObject({ protectedCount: 3, provenCount: 1, overLimitCount: 2, drilled: { proven: [table('orders')], failed: [table('imaging')] } });
    expect(coverage.line).toBe(
      '1/3 protected resources proven in the last 30 days; drilled but failed: imaging; not drilled: audit; 2 unproven for more than 30 days',
    );
  });

  it('keeps a resource proven within the window when a later drill failed it: proven means a PASSED drill in the window', () => {
    const history = [drill('d-pass', daysBefore(20), ['orders'])];
    const thisDrill = drill('d-now', daysBefore(0), [], ['orders']);

    const coverage = computeCoverage({ scope: scopeOf('orders'), settings, asOf: AS_OF, thisDrill, history });

    expect(byName(coverage).orders).toMatchObject({ status: 'proven', lastProven: { drillId: 'd-pass' }, lastFailed: { drillId: 'd-now' }, daysSinceProven: 20 });
    expect(coverage.line).toBe('1/1 protected resources proven in the last 30 days');
  });

  it('measures the limit apart from the window: proven 40 days ago is outside a 30-day window but within a 45-day limit', () => {
    const history = [drill('d-40', daysBefore(40), ['orders'])];

    const coverage = computeCoverage({ scope: scopeOf('orders'), settings: { windowDays: 30, maxUnprovenDays: 45 }, asOf: AS_OF, thisDrill: null, history });

    expect(byName(coverage).orders).toMatchObject({ status: 'not-drilled', daysSinceProven: 40, overLimit: false });
    expect(coverage.overLimitCount).toBe(0);
    expect(coverage.line).toBe('0/1 protected resources proven in the last 30 days; not drilled: orders');
  });

  it("ignores this drill's own entry when a retried Build Report finds it already in the history", () => {
    const thisDrill = drill('d-now', daysBefore(0), [], ['orders']);
    const history = [drill('d-now', daysBefore(0), ['orders'])];

    const coverage = computeCoverage({ scope: scopeOf('orders'), settings, asOf: AS_OF, thisDrill, history });

    expect(byName(coverage).orders?.status).toBe('failed');
  });

  it('names at most ten resources of a kind in the line, counting the rest', () => {
    const names = Array.from({ length: LINE_NAMES + 3 }, (_, i) => `t${String(i).padStart(2, '0')}`);

    const coverage = computeCoverage({ scope: scopeOf(...names), settings, asOf: AS_OF, thisDrill: null, history: [] });

    expect(coverage.line).toBe(`0/13 protected resources proven in the last 30 days; not drilled: ${names.slice(0, 10).join(', ')} +3 more; 13 unproven for more than 30 days`);
  });

  it('says the coverage is unknown, with no count, when the scope could not be listed', () => {
    const scope = { ...scopeOf(), error: 'AccessDeniedException' };

    const coverage = computeCoverage({ scope, settings, asOf: AS_OF, thisDrill: drill('d-now', AS_OF, ['orders']), history: [] });

    expect(coverage).toMatchObject({ protectedCount: null, provenCount: null, overLimitCount: null, scopeError: 'AccessDeniedException' });
    expect(coverage.line).toBe('coverage unknown: the protected resources in 1 vault could not be listed (AccessDeniedException)');
  });
});

describe('oldestUnprovenDays', () => {
  it('is the oldest proof in days, a resource never proven in the history read counting as that history (a lower bound)', () => {
    const history = [drill('d-recent', daysBefore(3), ['orders']), drill('d-older', daysBefore(20), ['patients'])];
    const long = { windowDays: 30, maxUnprovenDays: 45 };

    expect(oldestUnprovenDays(computeCoverage({ scope: scopeOf('orders', 'patients'), settings: long, asOf: AS_OF, thisDrill: null, history }))).toBe(20);
    // audit was never proven: 45 days read (the longer of the window and the limit), so "at least 45".
    expect(oldestUnprovenDays(computeCoverage({ scope: scopeOf('orders', 'audit'), settings: long, asOf: AS_OF, thisDrill: null, history }))).toBe(45);
  });

  it('is unknown when the scope could not be listed, and absent when it holds nothing', () => {
    const unknown = computeCoverage({ scope: { ...scopeOf('orders'), error: 'AccessDeniedException' }, settings, asOf: AS_OF, thisDrill: null, history: [] });

    expect(oldestUnprovenDays(unknown)).toBeNull();
    expect(oldestUnprovenDays(computeCoverage({ scope: scopeOf(), settings, asOf: AS_OF, thisDrill: null, history: [] }))).toBeNull();
  });
});

describe('coverageForReport (Build Report)', () => {
  const entry = (drillId: string, startedAt: string, proven: string[], extra: Partial<DrillIndexEntry> = {}): DrillIndexEntry =>
    ({
      planName: 'p',
      startedAt,
      drillId,
      kind: 'drill',
      coverage: { proven: proven.map(table), failed: [], windowDays: 30, maxUnprovenDays: 30, region: 'eu-west-2', vaults: [VAULT], protectedCount: 2, provenCount: 1, line: '' },
      ...extra,
    }) as DrillIndexEntry;
  const stored = {
    plan: { name: 'p', coverage: { windowDays: 30, maxUnprovenDays: 60 }, targets: [{ id: 'orders', resourceArn: table('orders') }, { id: 'imaging', resourceArn: table('imaging') }] },
    coverageScope: scopeOf('orders', 'imaging', 'audit'),
  } as unknown as StoredPlan;
  const report = {
    drillId: 'd-now',
    startedAt: daysBefore(0, 3_600_000),
    finishedAt: AS_OF,
    targets: [
      { targetId: 'orders', verdict: 'PASSED' },
      { targetId: 'imaging', verdict: 'FAILED' },
    ],
  } as unknown as DrillReport;

  it("reads the plan's drills back over the longer of window and limit, and counts only real drills' proofs", async () => {
    const readProofs = jest.fn(async () => [
      entry('d-50', daysBefore(50), ['audit']),
      entry('dry', daysBefore(5), ['audit'], { kind: 'dry-run' }),
      entry('old', daysBefore(10), ['audit'], { coverage: undefined }),
    ]);

    const coverage = await coverageForReport(stored, report, readProofs);

    expect(readProofs).toHaveBeenCalledWith('p', daysBefore(60));
    expect(coverage).toMatchObject({ protectedCount: 3, provenCount: 1, overLimitCount: 1, drilled: { proven: [table('orders')], failed: [table('imaging')] } });
    expect(byName(coverage!).audit).toMatchObject({ status: 'not-drilled', lastProven: { drillId: 'd-50' }, overLimit: false });
  });

  it('leaves the coverage unknown when the drills table refuses, and lets a transient error be retried', async () => {
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });

    const coverage = await coverageForReport(stored, report, async () => Promise.reject(denied));

    expect(coverage?.line).toBe('coverage unknown: the protected resources in 1 vault could not be listed (drills table: AccessDeniedException)');
    await expect(coverageForReport(stored, report, async () => Promise.reject(new TransientAwsError('Throttling')))).rejects.toThrow(TransientAwsError);
  });

  it('has no coverage for a dry run or a drill stored without a scope', async () => {
    expect(await coverageForReport({ ...stored, coverageScope: undefined }, report, undefined)).toBeUndefined();
    expect(await coverageForReport(stored, { ...report, dryRun: {} } as unknown as DrillReport, undefined)).toBeUndefined();
  });
});
