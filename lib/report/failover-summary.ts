// The failover part of the summary on-call reads: per failover target, who let it happen, what each switch cost
// against its objective, and, above all, where the service is now. A figure that was not measured says so and why;
// nothing is filled in.
import type { Figure, FailoverResult, PhaseFigures } from '../failover/contracts';
import { formatSeconds } from '../measure/seconds';
import { table, type Cell, type Paint } from './text-table';

type Downtime = PhaseFigures['downtime'];

/** Label column width: the labels below are fixed, so the values line up under each other. */
const LABEL = 'Replication lag'.length;
const INDENT = '    ';

function labelled(label: string, value: string): string {
  return `${INDENT}${label.padEnd(LABEL)}  ${value}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const measuredText = (f: Figure) => (f.measuredSeconds === null ? 'not measured' : formatSeconds(f.measuredSeconds));

/**
 * `62 s / 90 s`; a miss says "MISSED" in words as well as in red, since CI logs lose colour. `not measured / 90 s` is
 * no miss (a switch that never ran measured nothing), but it is no pass either: yellow, and the reason is given nearby.
 */
function figureText(f: Figure, measured = measuredText(f), objective = ''): Cell {
  const text = `${measured} / ${objective}${formatSeconds(f.objectiveSeconds)}`;
  if (f.measuredSeconds === null) return { text, style: 'yellow' };
  return f.met ? { text, style: 'green' } : { text: `${text} MISSED`, style: 'red' };
}

/** The figure's own account of how it was measured; "not measured:" is dropped where the line already says so. */
const why = (f: Figure) => f.detail.replace(/^not measured:\s*/i, '');

/** `84 s (1 outage, ±5 s)`: probes are a sample, so the figure carries its resolution; `+` when never recovered. */
function downtimeText(d: Downtime): Cell {
  if (d.measuredSeconds === null) return figureText(d);
  const outages = d.outages === 0 ? 'no outage' : plural(d.outages, 'outage', 'outages');
  const recovered = d.recovered ? '' : ', NOT recovered';
  return figureText(d, `${formatSeconds(d.measuredSeconds)}${d.recovered ? '' : '+'} (${outages}${recovered}, ±${formatSeconds(d.resolutionSeconds)})`);
}

/** Why a figure reads as it does, when it needs saying: not measured, or missed. */
function note(what: string, f: Figure): string[] {
  if (f.measuredSeconds !== null && f.met) return [];
  return [`${INDENT}  ${what} ${f.measuredSeconds === null ? 'not measured' : 'missed'}: ${why(f)}`];
}

function phaseTable(r: FailoverResult, paint: Paint): string[] {
  const phases: [string, PhaseFigures | null][] = [
    ['cutover', r.cutover],
    ['failback', r.failback],
  ];
  const rows: Cell[][] = phases.map(([name, p]) =>
    p ? [{ text: name }, figureText(p.cutover), downtimeText(p.downtime), figureText(p.traffic)] : [{ text: name }, { text: 'not run' }, { text: '-' }, { text: '-' }],
  );
  const notes = phases.flatMap(([name, p]) =>
    p ? [...note(`${name} writer switch`, p.cutover), ...note(`${name} downtime`, p.downtime), ...note(`${name} traffic`, p.traffic)] : [],
  );
  const lines = table(['Phase', 'Writer switch / objective', 'Downtime / RTO', 'Traffic / objective'], rows, paint);
  return [...lines.map((line) => `${INDENT}${line}`), ...notes];
}

function approvalText({ outcome, by, at }: FailoverResult['approval']): Cell {
  const when = at ? ` at ${at}` : '';
  switch (outcome) {
    case 'not-required':
      return { text: `none needed${by ? ` (${by})` : ''}` };
    case 'approved':
      return { text: `${by ? `approved by ${by}` : 'approved (the answer named no approver)'}${when}` };
    case 'rejected':
      return { text: `REJECTED by ${by ?? 'unknown'}${when}`, style: 'yellow' };
    case 'timed-out':
      return { text: `nobody approved in time${at ? ` (gave up at ${at})` : ''}`, style: 'yellow' };
    case 'unknown':
      return { text: 'unknown: no result recorded', style: 'red' };
  }
}

/** A figure on its own line: `0.8 s before the switch / RPO 30 s`, with the reason when it was missed or not measured. */
function figureLine(f: Figure, paint: Paint, { after = '', objective = '', suffix = '' } = {}): string {
  const measured = f.measuredSeconds === null ? 'not measured' : `${formatSeconds(f.measuredSeconds)}${after}`;
  const cell = figureText(f, measured, objective);
  const reason = f.measuredSeconds === null || !f.met ? ` (${why(f)})` : '';
  return `${paint(cell.text, cell.style)}${suffix}${reason}`;
}

function dataLossLine(r: FailoverResult, paint: Paint): string {
  const canary = r.dataLoss.canaryFound === null ? '' : r.dataLoss.canaryFound ? ', canary found' : ', canary MISSING';
  return figureLine(r.dataLoss, paint, { objective: 'RPO ', suffix: canary });
}

function rollbackLine(r: FailoverResult, paint: Paint): string {
  const rb = r.rollback;
  if (!rb) return 'none';
  const took = rb.seconds === null ? '' : ` after ${formatSeconds(rb.seconds)}`;
  const outcome = rb.settled ? paint(`settled${took}`, 'yellow') : paint(`NOT settled${took}`, 'red');
  // The reason is why the rollback began (what went wrong before it), not how it ended.
  return `${outcome}${rb.switchRequested ? ', switch back requested' : ''}; began because ${rb.reason}`;
}

function verdictLine(r: FailoverResult, paint: Paint): string {
  const word = r.verdict === 'NOT_RUN' ? 'NOT RUN' : r.verdict;
  const where = r.verdict === 'FAILED' && r.stoppedAt ? ` at ${r.stoppedAt}` : '';
  // A reason may open with its own verdict ("Not run: ...", "Passed: ..."): the verdict word is printed once.
  const reason = r.reason.replace(/^(not run|passed):\s*/i, '');
  return `${paint(word, r.verdict === 'PASSED' ? 'green' : 'red')}${where}: ${reason}`;
}

function target(r: FailoverResult, paint: Paint): string[] {
  const approval = approvalText(r.approval);
  const lines = [`  ${r.targetId}: ${r.mode} of global cluster ${r.globalClusterIdentifier}`, labelled('Approval', paint(approval.text, approval.style))];
  if (r.preflight && !r.preflight.ok) lines.push(labelled('Preflight', paint(`refused: ${r.preflight.reasons.join('; ')}`, 'yellow')));
  lines.push(labelled('Replication lag', figureLine(r.replicationLag, paint, { after: ' before the switch', objective: 'RPO ' })));
  if (r.cutover || r.failback) lines.push(...phaseTable(r, paint));
  else lines.push(labelled('Switch', 'not run'));
  lines.push(
    labelled('Data loss', dataLossLine(r, paint)),
    labelled('Rollback', rollbackLine(r, paint)),
    // Where the service is now is the line on-call acts on: red whenever it is not plainly back home.
    labelled('Service now', paint(r.service.summary, r.loud || !r.service.onPrimary ? 'red' : 'green')),
    labelled('Verdict', verdictLine(r, paint)),
  );
  return lines;
}

export function failoverSection(results: readonly FailoverResult[], paint: Paint): string[] {
  return ['Failover:', ...results.flatMap((r, i) => (i === 0 ? target(r, paint) : ['', ...target(r, paint)]))];
}
