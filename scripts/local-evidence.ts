// The evidence record of a drill of the NHS example plan on the local simulation, for the browser test and the
// screenshot script: the report the real state machines produced, with the plan as it ran (after defaults).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EvidenceRecord } from '../lib/evidence/contracts';
import { PROJECT_ROOT, runLocalDrill } from '../local/run-drill';

export const NHS_PLAN_PATH = join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml');

export interface LocalEvidenceOptions {
  /** Restore and failover target ids to drill (all by default). */
  only?: string[];
  faults?: string[];
  seed?: string;
}

export async function localDrillEvidence(options: LocalEvidenceOptions = {}): Promise<EvidenceRecord> {
  const plan = parse(readFileSync(NHS_PLAN_PATH, 'utf8')) as unknown;
  const result = await runLocalDrill({ plan, only: options.only, faults: options.faults, seed: options.seed });
  if (result.refused) throw new Error(`the NHS example plan was refused: ${JSON.stringify(result.problems)}`);
  if (!result.report) throw new Error(`the local drill ended without a report: ${result.execution.error?.Error ?? result.execution.status}`);
  return {
    schemaVersion: 1,
    kind: 'drill',
    generatedAt: result.simulated.finishedAt,
    trigger: { kind: 'local', by: null },
    plan: { hash: result.report.plan.hash, content: result.plan },
    report: result.report,
  };
}
