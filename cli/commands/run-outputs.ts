// What a local run leaves on disk beside its JSON result, as a deployed drill leaves it in AWS: the evidence record
// and its HTML report (from the simulated evidence bucket), and the messages the drill sent (the SNS messages, and
// the Slack message the Slack function would have posted for each).
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { evidenceKeys } from '../../lib/evidence/contracts';
import type { LocalDrillResult } from '../../local/run-drill';
import { localNotifications } from '../../local/sim/notifications';

export interface WrittenOutputs {
  evidence: string | null;
  html: string | null;
  notifications: string;
  /** The subject of every message sent, in order: what on-call saw first. */
  subjects: string[];
}

export async function writeRunOutputs(outDir: string, result: Extract<LocalDrillResult, { refused: false }>): Promise<WrittenOutputs> {
  const id = result.report?.drillId ?? result.execution.name;
  const shown = (file: string) => relative(process.cwd(), file) || file;
  let evidence: string | null = null;
  let html: string | null = null;
  if (result.report) {
    const keys = evidenceKeys(result.report.plan.name, result.report.startedAt, result.report.drillId);
    const json = await objectText(result, keys.evidenceKey);
    const page = await objectText(result, keys.htmlKey);
    if (json !== null) await writeFile((evidence = join(outDir, `${id}.evidence.json`)), json);
    if (page !== null) await writeFile((html = join(outDir, `${id}.html`)), page);
  }
  const messages = localNotifications(result.account);
  const notifications = join(outDir, `${id}.notifications.json`);
  await writeFile(notifications, `${JSON.stringify(messages, null, 2)}\n`);
  return {
    evidence: evidence && shown(evidence),
    html: html && shown(html),
    notifications: shown(notifications),
    subjects: messages.map((m) => m.subject ?? '(no subject)'),
  };
}

/** An object of the simulated evidence bucket, or null when the drill recorded none (Record Evidence failed). */
async function objectText(result: Extract<LocalDrillResult, { refused: false }>, key: string): Promise<string | null> {
  try {
    const object = await result.account.call(result.plan.regions.dr, 's3', 'GetObject', { Bucket: result.names.evidenceBucket, Key: key });
    return String(object.Body);
  } catch {
    return null;
  }
}
