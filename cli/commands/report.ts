// dr-drill report <executionArn|drillId> --stage <s>: the report of a drill run in AWS, from the stack's drill store
// (drills/<drill id>/report.json), printed as the summary a local run prints; --json prints the report itself;
// --html <file> downloads the drill's HTML evidence from the evidence bucket; --pdf <file> prints that page to a PDF
// (cli/pdf.ts). Exit 0 only when the drill passed.
import type { Command } from 'commander';
import { evidenceKeys } from '../../lib/evidence/contracts';
import { reportKey } from '../../lib/drill/store';
import { drillReportSchema } from '../../lib/report/schema';
import { renderSummary } from '../../lib/report/summary';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps, type AwsCliDeps } from '../aws/deps';
import { parseDrillRef } from '../aws/drill-ref';
import { CliProblem, explainingAwsErrors } from '../aws/errors';
import { checkStage, resolveRegion } from '../aws/region';
import { findDrillStack, requireOutput, STACK_OUTPUTS } from '../aws/stack';
import { getObjectBytes } from '../aws/s3-object';
import { useColor } from '../color';
import { renderEvidencePdf } from '../pdf';

export interface ReportOptions {
  stage?: string;
  region?: string;
  json?: boolean;
  html?: string;
  pdf?: string;
  color?: boolean;
}

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description("print the report of a drill run in AWS (from the stack's drill store); exit 0 only if it passed")
    .argument('<drill>', 'the execution ARN, or the drill id (d + 8 hex digits)')
    .requiredOption('--stage <stage>', 'the stage of the drill stack dr-drill-<stage>')
    .option('--region <region>', "the stack's region (default: the one in the ARN, else AWS_REGION)")
    .option('--json', 'print the report as JSON instead of the summary')
    .option('--html <file>', 'also download the HTML evidence of the drill to this file')
    .option('--pdf <file>', 'also write the HTML evidence of the drill as a PDF (A4, for auditors) to this file')
    .option('--no-color', 'plain text output')
    .action(async (drill: string, options: ReportOptions) => ctx.setExitCode(await reportCommand(drill, options, ctx.io)));
}

export async function reportCommand(
  drill: string,
  options: ReportOptions,
  io: Output,
  deps: AwsCliDeps = defaultAwsCliDeps(),
  toPdf: (page: string) => Promise<Buffer> = renderEvidencePdf,
): Promise<number> {
  const usage = (message: string) => (io.err(`dr-drill report: ${message}`), ExitCode.Usage);
  const ref = parseDrillRef(drill);
  if (!ref.ok) return usage(ref.problem);
  const stage = checkStage(options.stage);
  if (!stage.ok) return usage(stage.problem);
  const region = resolveRegion(options.region ?? (ref.value.kind === 'execution' ? ref.value.arn.region : undefined), deps.env);
  if (!region.ok) return usage(region.problem);
  if (options.html !== undefined && !options.html.trim()) return usage('--html needs a file name');
  if (options.pdf !== undefined && !options.pdf.trim()) return usage('--pdf needs a file name');
  const { drillId } = ref.value;
  const status = `dr-drill status ${ref.value.kind === 'execution' ? ref.value.arn.arn : `${drillId} --stage ${stage.value}`}`;

  return explainingAwsErrors('report', io, async () => {
    const stack = await findDrillStack(deps.cfn(region.value), stage.value, region.value);
    const s3 = deps.s3(region.value);
    const store = requireOutput(stack, STACK_OUTPUTS.drillStore);
    const bytes = await getObjectBytes(s3, store, reportKey(drillId), `drill ${drillId} has no report yet: it is still running, or ended before its report was built (see \`${status}\`)`);
    const where = `s3://${store}/${reportKey(drillId)}`;
    const raw = parseJsonObject(Buffer.from(bytes).toString('utf8'), where);
    // --json prints the report as stored, fields this version does not know included.
    const parsed = drillReportSchema.safeParse(raw);
    if (options.json) {
      for (const line of JSON.stringify(raw, null, 2).split('\n')) io.out(line);
    } else if (parsed.success) {
      for (const line of renderSummary(parsed.data, { color: useColor({ flag: options.color, isTTY: deps.isTTY, env: deps.env }) }).replace(/\n$/, '').split('\n')) io.out(line);
    } else {
      const issue = parsed.error.issues[0];
      throw new CliProblem(`${where} is not a drill report this version of dr-drill can read (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}); try --json`, ExitCode.Problems);
    }

    if (options.html !== undefined || options.pdf !== undefined) {
      const bucket = requireOutput(stack, STACK_OUTPUTS.evidence);
      const { planName, startedAt } = evidenceFieldsOf(raw, where);
      const { htmlKey } = evidenceKeys(planName, startedAt, drillId);
      const html = await getObjectBytes(s3, bucket, htmlKey, `drill ${drillId} has no HTML evidence (drills record it when they end; older drills had none)`);
      // With --json, stdout stays one JSON document.
      const say = options.json ? io.err : io.out;
      if (options.html !== undefined) {
        await deps.writeFile(options.html, html);
        say(`HTML evidence: ${options.html} (from s3://${bucket}/${htmlKey})`);
      }
      if (options.pdf !== undefined) {
        // The page exactly as the stack stored it, printed: the PDF says what the stored evidence says.
        await deps.writeFile(options.pdf, await toPdf(Buffer.from(html).toString('utf8')));
        say(`PDF evidence: ${options.pdf} (printed from s3://${bucket}/${htmlKey})`);
      }
    }
    return raw.verdict === 'PASSED' ? ExitCode.Ok : ExitCode.Problems;
  });
}

function parseJsonObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliProblem(`${where} is not JSON`, ExitCode.Problems);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CliProblem(`${where} is not a drill report`, ExitCode.Problems);
  return value as Record<string, unknown>;
}

/** What the evidence key is made of (lib/evidence/contracts.ts evidenceKeys): the plan's name and the drill's start. */
function evidenceFieldsOf(report: Record<string, unknown>, where: string): { planName: string; startedAt: string } {
  const planName = (report.plan as { name?: unknown } | undefined)?.name;
  const startedAt = report.startedAt;
  if (typeof planName !== 'string' || typeof startedAt !== 'string') throw new CliProblem(`${where} names no plan or start time: the evidence cannot be found`, ExitCode.Problems);
  return { planName, startedAt };
}
