// dr-drill report: reads the drill's report from the stack's drill store and prints the summary a local run prints,
// or the JSON; --html downloads the drill's HTML evidence. Exit 0 only when the drill passed.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { bufferOutput, main } from '../../cli/index';
import { reportCommand, type ReportOptions } from '../../cli/commands/report';
import type { TargetResult } from '../../lib/drill/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import type { DrillReport } from '../../lib/report/schema';
import { renderSummary } from '../../lib/report/summary';
import { EVIDENCE_BUCKET, fakeWorld, noCredentials, STORE_BUCKET, stack, type FakeWorld } from './cli-aws-fixtures';
import { DRILL_ARN, DRILL_ID } from './cli-drill-history';
import { drill, finishedAt } from './report-fixtures';

const s3 = mockClient(S3Client);
const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
let world: FakeWorld;

const patientsDb = (verdict: 'PASSED' | 'FAILED'): TargetResult => ({
  targetId: 'patients-db',
  type: 'aurora',
  verdict,
  reason: verdict === 'PASSED' ? 'restored and validated' : 'row count below the minimum',
  failedStep: verdict === 'PASSED' ? null : 'validate',
  recoveryPoint: { arn: 'arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:job-1', createdAt: '2025-03-03T20:00:00.000Z' },
  jobs: { copyJobId: 'copy-1', restoreJobId: 'restore-1' },
  restoredResourceArn: 'arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-patients-db',
  timeline: [],
  minutes: { copy: 40.5, restore: 19.5, instance: 4.8, validation: 2.5, total: 80 },
  rto: { measuredMinutes: 27, objectiveMinutes: 60, met: true },
  rpo: { measuredMinutes: 360, objectiveMinutes: 1440, met: true },
  checks: [{ name: 'patients restored', passed: verdict === 'PASSED', value: 3258, expected: '>= 2500', reason: 'ok' }],
  cleanup: { complete: true, deleted: ['arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-patients-db'], leftBehind: [], errors: [] },
});

const reportOf = (verdict: 'PASSED' | 'FAILED'): DrillReport =>
  buildDrillReport({ drill: { ...drill, id: DRILL_ID, executionArn: DRILL_ARN }, results: [patientsDb(verdict)], finishedAt });

const REPORT_KEY = `drills/${DRILL_ID}/report.json`;
const HTML_KEY = `evidence/nhs-patient-platform/2025-03/${DRILL_ID}/report.html`;
const body = (text: string) => ({ Body: { transformToByteArray: async () => new TextEncoder().encode(text) } as never });

function storeHas(objects: Record<string, string>): void {
  s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    const text = objects[`${input.Bucket}/${input.Key}`];
    if (text === undefined) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    return body(text);
  });
}

/** What the PDF printer was given, and what it answered: the real one (cli/pdf.ts) is the browser test's. */
let printed: string[] = [];
const fakePdf = async (page: string) => {
  printed.push(page);
  return Buffer.from(`%PDF-1.7 of ${page.length} characters`);
};

async function report(drillRef: string, options: Partial<ReportOptions> = {}) {
  const io = bufferOutput();
  const code = await reportCommand(drillRef, { stage: 'prod', ...options }, io, world.deps, fakePdf);
  return { code, ...io };
}

beforeEach(() => {
  s3.reset();
  cfn.reset();
  sfn.reset();
  world = fakeWorld();
  printed = [];
  cfn.on(DescribeStacksCommand).resolves(stack());
});

describe('dr-drill report', () => {
  it("prints the summary of the report in the drill store, from the execution ARN's region", async () => {
    const passed = reportOf('PASSED');
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(passed) });

    const { code, stdout, stderr } = await report(DRILL_ARN);

    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: STORE_BUCKET, Key: REPORT_KEY });
    expect(world.regions).toEqual(['cloudformation@eu-west-2', 's3@eu-west-2']);
    expect(stdout.join('\n')).toBe(renderSummary(passed, { color: false }).replace(/\n$/, ''));
    expect(stdout[stdout.length - 2]).toMatch(/^PASSED nhs-patient-platform: 1\/1 targets recovered/);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('colours the summary on a terminal only, and never with NO_COLOR set (https://no-color.org) or --no-color', async () => {
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(reportOf('PASSED')) });
    const printed = async (isTTY: boolean, env: Record<string, string>, options: Partial<ReportOptions> = {}) => {
      world.deps.isTTY = isTTY;
      Object.assign(world.env, env);
      return (await report(DRILL_ARN, options)).stdout.join('\n');
    };

    expect(await printed(false, {})).not.toContain('\x1b[');
    expect(await printed(true, {})).toContain('\x1b[32mPASSED');
    expect(await printed(true, {}, { color: false })).not.toContain('\x1b[');
    expect(await printed(true, { NO_COLOR: '1' })).not.toContain('\x1b[');
  });

  it('finds the report by drill id too, and exits 1 when the drill failed', async () => {
    world.env.AWS_REGION = 'eu-west-2';
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(reportOf('FAILED')) });

    const { code, stdout } = await report(DRILL_ID);

    expect(code).toBe(1);
    expect(stdout.join('\n')).toContain('patients-db at validate: row count below the minimum');
  });

  it('--json prints the report as stored, fields it does not know included', async () => {
    const stored = { ...reportOf('PASSED'), notify: { slack: 'sent' } };
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(stored) });

    const { code, stdout } = await report(DRILL_ARN, { json: true });

    expect(code).toBe(0);
    expect(JSON.parse(stdout.join('\n'))).toEqual(stored);
  });

  it('--html downloads the HTML evidence from the evidence bucket to the file', async () => {
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(reportOf('PASSED')), [`${EVIDENCE_BUCKET}/${HTML_KEY}`]: '<!doctype html><title>drill</title>' });

    const { code, stdout } = await report(DRILL_ARN, { html: 'out/drill.html' });

    expect(code).toBe(0);
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: EVIDENCE_BUCKET, Key: HTML_KEY });
    expect(new TextDecoder().decode(world.files.get('out/drill.html'))).toBe('<!doctype html><title>drill</title>');
    expect(stdout[stdout.length - 1]).toBe(`HTML evidence: out/drill.html (from s3://${EVIDENCE_BUCKET}/${HTML_KEY})`);
  });

  it('--pdf prints the HTML evidence the stack stored, exactly as stored, to the PDF file', async () => {
    const page = '<!doctype html><title>PASSED drill</title><p>Estimated cost: $1.00</p>';
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(reportOf('PASSED')), [`${EVIDENCE_BUCKET}/${HTML_KEY}`]: page });

    const { code, stdout } = await report(DRILL_ARN, { pdf: 'out/drill.pdf' });

    expect(code).toBe(0);
    expect(printed).toEqual([page]);
    expect(Buffer.from(world.files.get('out/drill.pdf')!).toString('latin1')).toBe(`%PDF-1.7 of ${page.length} characters`);
    // Only the PDF was asked for: no HTML file is left beside it.
    expect([...world.files.keys()]).toEqual(['out/drill.pdf']);
    expect(stdout[stdout.length - 1]).toBe(`PDF evidence: out/drill.pdf (printed from s3://${EVIDENCE_BUCKET}/${HTML_KEY})`);
  });

  it('--pdf needs a file name, and says so before any AWS call', async () => {
    const { code, stderr } = await report(DRILL_ARN, { pdf: ' ' });

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill report: --pdf needs a file name']);
    expect(s3.calls()).toHaveLength(0);
  });

  it('--json with --html keeps stdout one JSON document', async () => {
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(reportOf('PASSED')), [`${EVIDENCE_BUCKET}/${HTML_KEY}`]: '<html></html>' });

    const { stdout, stderr } = await report(DRILL_ARN, { json: true, html: 'r.html' });

    expect(() => JSON.parse(stdout.join('\n'))).not.toThrow();
    expect(stderr).toEqual([`HTML evidence: r.html (from s3://${EVIDENCE_BUCKET}/${HTML_KEY})`]);
  });

  it('says the drill has no report yet, and how to follow it', async () => {
    storeHas({});

    const { code, stderr } = await report(DRILL_ARN);

    expect(code).toBe(1);
    expect(stderr).toEqual([
      `dr-drill report: no s3://${STORE_BUCKET}/${REPORT_KEY}: drill ${DRILL_ID} has no report yet: it is still running, or ended before its report was built (see \`dr-drill status ${DRILL_ARN}\`)`,
    ]);
  });

  it('says so when the HTML evidence is missing, after printing the report', async () => {
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify(reportOf('PASSED')) });

    const { code, stderr } = await report(DRILL_ARN, { html: 'r.html' });

    expect(code).toBe(1);
    expect(stderr[0]).toBe(`dr-drill report: no s3://${EVIDENCE_BUCKET}/${HTML_KEY}: drill ${DRILL_ID} has no HTML evidence (drills record it when they end; older drills had none)`);
    expect(world.files.size).toBe(0);
  });

  it('refuses a report of another shape, pointing at --json', async () => {
    storeHas({ [`${STORE_BUCKET}/${REPORT_KEY}`]: JSON.stringify({ drillId: DRILL_ID, verdict: 'PASSED' }) });

    const { code, stderr } = await report(DRILL_ARN);

    expect(code).toBe(1);
    expect(stderr[0]).toMatch(new RegExp(`^dr-drill report: s3://${STORE_BUCKET}/${REPORT_KEY} is not a drill report this version of dr-drill can read \\(.*\\); try --json$`));
  });

  it('says in one line that there are no AWS credentials', async () => {
    cfn.on(DescribeStacksCommand).rejects(noCredentials());

    const { code, stderr } = await report(DRILL_ARN);

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill report: no AWS credentials: set AWS_PROFILE (run `aws sso login` first if it uses SSO) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY']);
    expect(s3.calls()).toHaveLength(0);
  });

  it('refuses a bad drill reference with exit 2 and no AWS call', async () => {
    const io = bufferOutput();

    const code = await main(['report', 'd123', '--stage', 'prod'], io);

    expect(code).toBe(2);
    expect(io.stderr[0]).toMatch(/^dr-drill report: "d123" is neither a drill execution ARN/);
    expect(cfn.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('is in the CLI, with its options in the help', async () => {
    const io = bufferOutput();

    expect(await main(['report', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Usage: dr-drill report \[options\] <drill>[\s\S]*--stage <stage>[\s\S]*--json[\s\S]*--html <file>[\s\S]*--pdf <file>/);
  });
});
