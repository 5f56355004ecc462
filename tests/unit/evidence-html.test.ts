import { createHash } from 'node:crypto';
import { computeCoverage } from '../../lib/coverage/compute';
import { renderEvidenceHtml } from '../../lib/evidence/html';
import { escapeHtml, html } from '../../lib/evidence/html/escape';
import type { DryRunResult } from '../../lib/dry-run/contracts';
import { ONE_REGION_MEANING } from '../../lib/plan/one-region';
import { approvalTimedOut, passedFailover, stuckInDr } from './failover-result-fixtures';
import { copyFailedTarget, evidence, failedTarget, passedTarget, previousDrill } from './evidence-fixtures';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Open tags left unclosed or closed out of order: the renderer must never emit broken markup. */
function unbalancedTags(markup: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const [, close, name = '', selfClose] of markup.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const tag = name.toLowerCase();
    if (selfClose || (!close && VOID.has(tag))) continue;
    if (!close) stack.push(tag);
    else if (stack.pop() !== tag) problems.push(`</${tag}> out of order`);
  }
  return [...problems, ...stack.map((t) => `<${t}> not closed`)];
}

const count = (markup: string, pattern: RegExp) => [...markup.matchAll(pattern)].length;
/** The markup of one element by its id, up to its closing tag (the sections here do not nest sections). */
const sectionOf = (markup: string, id: string) => markup.slice(markup.indexOf(`id="${id}"`), markup.indexOf('</section>', markup.indexOf(`id="${id}"`)));
const svgOf = (markup: string, cls: string) => {
  const start = markup.indexOf(cls);
  return markup.slice(start, markup.indexOf('</svg>', start));
};

const dryRun: DryRunResult = {
  checkedAt: '2025-03-04T02:00:05.000Z',
  ok: false,
  targets: [
    {
      targetId: 'patients-db',
      kind: 'restore',
      type: 'aurora',
      ok: true,
      checks: [{ name: 'latest recovery point', passed: true, detail: 'rp created 4 h 12 min ago (RPO 24 h)' }],
      wouldDo: ['copy recovery point job-1 to the DR vault nhs-dr in eu-west-2', 'restore it into subnet group drill-isolated'],
    },
    {
      targetId: 'patients-global',
      kind: 'failover',
      type: 'aurora-global',
      ok: false,
      checks: [{ name: 'replication lag', passed: false, detail: 'lag 45 s over the RPO of 30 s' }],
      wouldDo: ['switch over patients-global to eu-west-2'],
    },
  ],
};

describe('escaping', () => {
  it('escapes text and attribute values alike, and lets only html-built markup through', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    const value = '<b>';
    expect(html`<p title="${value}">${[value, html`<i>${value}</i>`, null, undefined, false, 3]}</p>`.value).toBe(
      '<p title="&lt;b&gt;">&lt;b&gt;<i>&lt;b&gt;</i>3</p>',
    );
  });

  it('renders a hostile target id, check value and plan as text: nothing can run or break out of an attribute', () => {
    const hostile = { ...failedTarget('<script>alert(1)</script>') };
    hostile.checks = [{ name: 'count "quoted" <b>', passed: false, value: `&<>"'`, expected: `>= 5 & "x"`, reason: `<img src=x onerror=alert(2)>` }];
    const sneaky = passedTarget('x" onmouseover="alert(3)');
    const record = evidence([hostile, sneaky]);
    record.plan.content = { name: '</pre></details><script>alert(4)</script>' };
    record.trigger = { kind: 'console', by: '<svg onload=alert(5)>' };

    const out = renderEvidenceHtml(record, [previousDrill(1, { drillId: '"><script>alert(6)</script>' })]);

    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img/i);
    expect(out).not.toContain('<svg onload');
    expect(out).not.toContain('onmouseover="');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<code>&amp;&lt;&gt;&quot;&#39;</code>');
    expect(out).toContain('data-target="x&quot; onmouseover=&quot;alert(3)"');
    expect(out).toContain('&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(4)');
    expect(unbalancedTags(out)).toEqual([]);
  });
});

describe('renderEvidenceHtml: a self-contained file', () => {
  const out = renderEvidenceHtml(evidence([passedTarget(), failedTarget()], { failover: [passedFailover()] }), [previousDrill(1)]);

  it('loads nothing from the network and runs nothing: a CSP first in <head>, no script, no external reference', () => {
    const head = out.slice(out.indexOf('<head>'), out.indexOf('</head>'));
    expect(head).toMatch(/^<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
    expect(out).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\(|src=|https?:\/\//i);
  });

  it("allows exactly its own style sheet by hash, so the styles apply and nothing else does", () => {
    const css = out.slice(out.indexOf('<style>') + '<style>'.length, out.indexOf('</style>'));
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(out).toContain(`style-src &#39;sha256-${hash}&#39;`);
    expect(out).not.toMatch(/ style="/);
  });

  it('is well-formed and has a print style sheet', () => {
    expect(unbalancedTags(out)).toEqual([]);
    expect(out).toContain('@media print');
  });
});

describe('renderEvidenceHtml: a one-region drill (UK only)', () => {
  // The fixture drill moved to one region: London only, as a UK-only supplier's plan is.
  const record = evidence([passedTarget(), failedTarget()]);
  const oneRegion = {
    ...record,
    report: {
      ...record.report,
      residency: { policy: 'UK only', allowedRegions: ['eu-west-2'], regionsTouched: ['eu-west-2'], outside: [], meaning: ONE_REGION_MEANING },
    },
  };
  const out = renderEvidenceHtml(oneRegion, []);

  it('says in words what the policy means, in the residency section', () => {
    expect(sectionOf(out, 'residency')).toContain(`One region: ${ONE_REGION_MEANING}.`);
  });

  it('names the region something was left behind in, not a "DR region" the policy does not have', () => {
    expect(sectionOf(out, 'target-2')).toContain('✗ LEFT BEHIND in eu-west-2 (1)');
    expect(out).not.toContain('DR region');
  });

  it('says nothing of one region for a two-region drill', () => {
    expect(renderEvidenceHtml(record, [])).not.toContain('One region');
  });
});

describe('renderEvidenceHtml: every section of a full record', () => {
  const record = evidence([passedTarget(), failedTarget(), copyFailedTarget()], { failover: [passedFailover()] });
  const out = renderEvidenceHtml(record, [previousDrill(2), previousDrill(1)]);

  it('heads the page with the verdict in words (not colour alone), the plan, its hash, the drill and the trigger', () => {
    expect(out).toContain('data-verdict="FAILED"');
    expect(out).toContain('<span class="verdict fail big">✗ FAILED</span>');
    expect(out).toContain(`<p class="headline">${escapeHtml(record.report.headline)}</p>`);
    for (const fact of ['nhs-patient-platform', '9f86d081884c', 'd0a1b2c3d', record.report.executionArn, '2025-03-04 02:00:00 UTC', '2025-03-04 03:30:00 UTC']) {
      expect(out).toContain(fact);
    }
    expect(out).toContain('on schedule (EventBridge Scheduler)');
  });

  it('has each section, with a heading, in reading order', () => {
    const ids = ['residency', 'targets', 'objectives', 'timeline', 'target-details', 'failover', 'cost', 'trend', 'plan'];
    const positions = ids.map((id) => out.indexOf(`<section id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(count(out, /<h2 /g)).toBe(ids.length);
  });

  it('proves residency region by region', () => {
    const residency = sectionOf(out, 'residency');
    expect(residency).toContain('UK and Ireland');
    expect(residency).toContain('✓ Every region the drill touched is inside the policy.');
    expect(count(residency, /✓ allowed/g)).toBe(2);
  });

  it('details each target: recovery point, job ids, restored resource, checks, RTO/RPO against objectives, cleanup', () => {
    const patients = sectionOf(out, 'target-1');
    for (const fact of ['arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:job-1', '2025-03-03 20:00:00 UTC', 'copy-job-1', 'restore-job-1', 'drdrill-d0a1b2c3d-patients-db']) {
      expect(patients).toContain(fact);
    }
    expect(patients).toContain('<th scope="row">patients restored</th><td><code>3258</code></td><td><code>&gt;= 2500</code></td>');
    expect(patients).toContain('RPO as the restored data shows it');
    expect(patients).toContain('✓ Cleanup complete');

    const appointments = sectionOf(out, 'target-2');
    expect(appointments).toContain('<td>1 h 15 min</td><td>60 min</td><td><span class="mark fail">✗ MISSED</span></td>');
    expect(appointments).toContain('value 12 is not &gt;= 5000');
    expect(appointments).toContain('✗ LEFT BEHIND in the DR region (1)');
    expect(appointments).toContain('table/drdrill-d0a1b2c3d-appointments');

    const documents = sectionOf(out, 'target-3');
    expect(documents).toContain('(failed at waitForCopy)');
    expect(documents).toContain('No check ran (the target stopped at waitForCopy).');
    expect(documents).toContain('No step completed.');
  });

  it('charts RTO and RPO with one bar per measured target, the objective as a line and the figures written out', () => {
    const rto = svgOf(out, 'chart-rto');
    expect(rto).toContain('<title>RTO per target against its objective</title>');
    expect(count(rto, /<g class="row"/g)).toBe(3);
    expect(count(rto, /<rect class="bar/g)).toBe(2); // documents measured no RTO: no bar, and it says so
    expect(count(rto, /class="objective"/g)).toBe(3);
    expect(rto).toContain('1 h 15 min / 60 min ✗ MISSED');
    expect(rto).toContain('? not measured (objective 60 min)');
    expect(count(svgOf(out, 'chart-rpo'), /<rect class="bar pass"/g)).toBe(3);
  });

  it('draws the timeline: a row per target, a bar per completed step, a labelled time axis', () => {
    const timeline = svgOf(out, 'timeline-chart');
    expect(count(timeline, /<g class="row"/g)).toBe(3);
    expect(count(timeline, /<g class="step step-/g)).toBe(10);
    expect(timeline).toContain('time since the drill started (2025-03-04 02:00:00 UTC)');
    expect(timeline).toContain('>60 min</text>');
    expect(timeline).toContain('>1 h 10 min</text>');
    expect(timeline).toContain('no step completed');
  });

  it('shows each failover figure against its objective, the service state and the timeline', () => {
    const failover = sectionOf(out, 'failover-1');
    for (const figure of ['Replication lag before the switch (RPO)', 'Cutover: writer switch', 'Cutover: downtime (RTO)', 'Cutover: traffic moved', 'Failback: downtime (RTO)', 'Data loss (RPO)']) {
      expect(failover).toContain(figure);
    }
    expect(failover).toContain('84 s (1 outage, ±5 s)');
    expect(failover).toContain('0 s (canary found)');
    expect(failover).toContain('✓ Service now: <strong>on its primary (eu-west-1)</strong>');
    expect(failover).toContain('approved by priya@oncall-7');
    expect(failover).toContain('Rollback</dt><dd>none');
  });

  it('ends with the plan as run, folded', () => {
    expect(out).toMatch(/<details><summary>Show the plan \(JSON\)<\/summary><pre><code>\{\n {2}&quot;name&quot;: &quot;nhs-patient-platform&quot;/);
    expect(out.indexOf('id="plan"')).toBeGreaterThan(out.indexOf('id="trend"'));
  });

  it('makes every chart readable without sight: a role, a <title>, and the figures in a table', () => {
    const svgs = out.match(/<svg [^>]*>/g) ?? [];
    expect(svgs.length).toBe(3 + 3); // RTO, RPO, timeline; the trend's RTO, RPO and failover downtime
    for (const svg of svgs) expect(svg).toContain('role="img"');
    expect(count(out, /<svg [^>]*><title>/g)).toBe(svgs.length);
    expect(out).toContain('id="targets-table"');
    expect(out).toContain('id="trend-table"');
    expect(count(out, /<th scope="col">/g)).toBeGreaterThan(20);
  });
});

describe('renderEvidenceHtml: residency breach', () => {
  it('names each region outside the policy in red and in words', () => {
    const stray = passedTarget();
    stray.restoredResourceArn = 'arn:aws:rds:us-east-1:111122223333:cluster:drdrill-d0a1b2c3d-patients-db';
    const out = renderEvidenceHtml(evidence([stray]), []);
    const residency = sectionOf(out, 'residency');
    expect(residency).toContain('✗ The drill touched regions OUTSIDE the policy: <strong>us-east-1</strong>');
    expect(residency).toContain('<tr class="fail"><th scope="row">us-east-1</th><td><span class="mark fail">✗ OUTSIDE the policy</span>');
  });
});

describe('renderEvidenceHtml: trend', () => {
  it('with no previous drill, says the trend starts next time and draws no chart', () => {
    const out = renderEvidenceHtml(evidence([passedTarget()]), []);
    const trend = sectionOf(out, 'trend');
    expect(trend).toContain('This is the first drill of this plan on record');
    expect(trend).not.toContain('trend-chart');
    expect(count(trend, /<tr class="current">/g)).toBe(1);
  });

  it('with one previous drill, charts the two drills side by side with their verdicts', () => {
    const out = renderEvidenceHtml(evidence([passedTarget(), failedTarget()]), [previousDrill(1)]);
    const trend = sectionOf(out, 'trend');
    expect(trend).toContain('This drill beside the previous drill of this plan');
    expect(count(trend, /<svg [^>]*class="chart trend-chart"/g)).toBe(2); // RTO, RPO: no failover ever measured
    const rto = svgOf(trend, 'trend-chart');
    expect(count(rto, /<g class="drill/g)).toBe(2);
    expect(rto).toContain('✓ PASSED');
    expect(rto).toContain('✗ FAILED');
    expect(rto).toContain('this drill');
    expect(rto).toContain('class="objective"');
  });

  it('with many drills, charts the last 24, lists every drill, and counts this one once', () => {
    const history = Array.from({ length: 30 }, (_, i) => previousDrill(30 - i));
    const record = evidence([passedTarget()]);
    history.push(previousDrill(0, { drillId: record.report.drillId, startedAt: record.report.startedAt }));
    history.push(previousDrill(40, { kind: 'dry-run', drillId: 'dffff0001' }));
    const trend = sectionOf(renderEvidenceHtml(record, history), 'trend');
    expect(trend).toContain('This drill beside the 30 previous drills of this plan (the charts show the last 24)');
    expect(count(svgOf(trend, 'trend-chart'), /<g class="drill/g)).toBe(24);
    expect(count(trend, /<tr class="(current)?">/g)).toBe(31);
    expect(trend).toContain('1 dry run is left out');
  });

  it('labels drills by date, and by time as well when a day had more than one', () => {
    const rerun = previousDrill(1, { drillId: 'da00000f1', startedAt: '2025-02-04T09:30:00.000Z' });
    const rto = svgOf(renderEvidenceHtml(evidence([passedTarget()]), [previousDrill(2), previousDrill(1), rerun]), 'trend-chart');
    expect(rto).toContain('>2025-01-04</text>');
    expect(rto).toContain('>2025-02-04 02:00</text>');
    expect(rto).toContain('>2025-02-04 09:30</text>');
  });

  it('adds a failover downtime panel when a drill measured one', () => {
    const out = renderEvidenceHtml(evidence([passedTarget()], { failover: [passedFailover()] }), [previousDrill(1, { failoverDowntimeSeconds: 150, failoverRtoSeconds: 120 })]);
    const trend = sectionOf(out, 'trend');
    expect(count(trend, /class="chart trend-chart"/g)).toBe(3);
    expect(trend).toContain('150 s / 120 s <span class="mark fail">✗ MISSED</span>');
  });
});

describe('renderEvidenceHtml: dry run', () => {
  const record = evidence([], { kind: 'dry-run' });
  record.report = { ...record.report, dryRun };
  const out = renderEvidenceHtml(record, [previousDrill(1)]);

  it('says loudly that nothing was created, before the verdict', () => {
    expect(out).toContain('<h2 id="dry-run-heading">DRY RUN: nothing was created or changed</h2>');
    expect(out.indexOf('dry-run-banner')).toBeLessThan(out.indexOf('<header'));
    expect(out).toContain('<p class="kicker">Dry-run evidence</p>');
  });

  it('lists the checks per target and what a real run would do', () => {
    const section = sectionOf(out, 'dry-run-1');
    expect(section).toContain('rp created 4 h 12 min ago (RPO 24 h)');
    expect(section).toContain('<ol class="would-do"><li>copy recovery point job-1 to the DR vault nhs-dr in eu-west-2</li>');
    expect(sectionOf(out, 'dry-run-2')).toContain('✗ NOT READY');
    expect(out).toContain('No restore target ran in this drill.');
  });

  it('keeps itself out of the trend', () => {
    expect(sectionOf(out, 'trend')).toContain('A dry run is no point of the trend');
    expect(sectionOf(out, 'trend')).not.toContain('(this drill)');
  });

  it('shows no dry-run banner on a real drill', () => {
    expect(renderEvidenceHtml(evidence([passedTarget()]), [])).not.toContain('DRY RUN');
  });
});

describe('renderEvidenceHtml: failover left the service off its primary', () => {
  it('puts the loud result first, in red and in words, before the verdict', () => {
    const out = renderEvidenceHtml(evidence([passedTarget()], { failover: [stuckInDr()] }), []);
    const alarm = out.indexOf('<section class="alarm" role="alert"');
    expect(alarm).toBeGreaterThan(out.indexOf('<body>'));
    expect(alarm).toBeLessThan(out.indexOf('<header'));
    const banner = out.slice(alarm, out.indexOf('</section>', alarm));
    expect(banner).toContain('Action needed now');
    expect(banner).toContain('<strong>patients-global</strong>: NOT on its primary: writer in eu-west-2, traffic to eu-west-2.');
    expect(banner).toContain('(stopped at rollback)');
    expect(out).toContain('<section class="failover-target loud" id="failover-1"');
    const failover = sectionOf(out, 'failover-1');
    expect(failover).toContain('<p class="service result fail">✗ Service now:');
    expect(failover).toContain('✗ NOT settled after 60 min');
  });

  it('raises no alarm when the failover passed or did not run', () => {
    expect(renderEvidenceHtml(evidence([passedTarget()], { failover: [passedFailover()] }), [])).not.toContain('role="alert"');
    const notRun = renderEvidenceHtml(evidence([passedTarget()], { failover: [approvalTimedOut()] }), []);
    expect(notRun).not.toContain('role="alert"');
    expect(sectionOf(notRun, 'failover-1')).toContain('✗ NOT RUN');
    expect(sectionOf(notRun, 'failover-1')).toContain('nobody approved in time');
  });
});

describe('renderEvidenceHtml: coverage of the protected resources', () => {
  const vault = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:prod';
  const arn = (name: string) => `arn:aws:dynamodb:eu-west-1:111122223333:table/${name}`;
  const record = evidence([passedTarget()]);
  const asOf = record.report.finishedAt;
  record.report.coverage = computeCoverage({
    scope: {
      listedAt: asOf,
      region: 'eu-west-1',
      vaults: [vault],
      resources: ['orders', 'audit<script>'].map((n) => ({ resourceArn: arn(n), resourceType: 'DynamoDB', vault })),
      otherTypes: { Redshift: 2 },
      error: null,
    },
    settings: { windowDays: 30, maxUnprovenDays: 45 },
    asOf,
    thisDrill: { drillId: record.report.drillId, at: record.report.startedAt, proven: [arn('orders')], failed: [] },
    history: [],
  });
  const page = renderEvidenceHtml(record, []);
  const section = sectionOf(page, 'coverage');

  it('gives the coverage line and one row per resource in scope, the unproven first, with the drill that proved each', () => {
    expect(section).toContain('1/2 protected resources proven in the last 30 days; not drilled: audit&lt;script&gt;; 1 unproven for more than 45 days');
    expect(section.indexOf(arn('audit'))).toBeLessThan(section.indexOf(arn('orders')));
    expect(section).toContain('? not drilled');
    expect(section).toContain(`(drill <code>${record.report.drillId}</code>)`);
    expect(section).toContain('✗ over 45 days');
    expect(section).toContain('Redshift 2');
    expect(section).not.toContain('<script>');
    expect(unbalancedTags(page)).toEqual([]);
  });

  it('has no coverage section for a report without coverage (a dry run, an older drill)', () => {
    expect(renderEvidenceHtml(evidence([passedTarget()]), [])).not.toContain('id="coverage"');
  });
});
