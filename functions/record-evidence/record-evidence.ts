// Record Evidence: the auditors' copy of a drill. The evidence record (plan with its hash, every job id and
// timestamp, each check, RTO/RPO and failover figures against objectives, regions touched, verdict) as JSON, the
// same rendered as one self-contained HTML page with the trend over the plan's previous drills, both written to the
// evidence bucket (versioned, KMS, Object Lock), and the drill's line in the drills table.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { drillContextSchema } from '../../lib/drill/contracts';
import type { DrillStore } from '../../lib/drill/store';
import type { DrillIndexEntry, EvidenceRecord } from '../../lib/evidence/contracts';
import type { DrillsTable } from '../../lib/evidence/drills-table';
import { renderEvidenceHtml } from '../../lib/evidence/html';
import { indexEntryFor } from '../../lib/evidence/index-entry';
import type { Deps } from '../../lib/lambda/deps';
import { parsePayload } from '../../lib/lambda/parse';

const eventSchema = z.object({ drill: drillContextSchema });

/** Enough previous drills for a year of monthly trend, plus ad-hoc runs. */
const HISTORY = 24;

export interface EvidenceOutcome {
  evidenceKey: string;
  htmlKey: string;
  bucket: string;
}

export interface EvidenceDeps extends Pick<Deps, 'clients' | 'region' | 'now'> {
  evidenceBucket: string;
  /** Called with the report once it is recorded: the drill's metrics (lib/observe/metrics.ts in Lambda). */
  onRecorded?: (record: EvidenceRecord) => void;
}

export async function recordEvidence(
  event: unknown,
  deps: EvidenceDeps,
  store: Pick<DrillStore, 'getPlan' | 'getReport'>,
  table: Pick<DrillsTable, 'put' | 'history'>,
): Promise<EvidenceOutcome> {
  const { drill } = parsePayload(eventSchema, event, 'Record Evidence');
  const [{ plan }, report] = await Promise.all([store.getPlan(drill.id), store.getReport(drill.id)]);
  const kind = drill.dryRun ? 'dry-run' : 'drill';
  const record: EvidenceRecord = {
    schemaVersion: 1,
    kind,
    generatedAt: deps.now().toISOString(),
    trigger: drill.trigger ?? { kind: 'console', by: null },
    plan: { hash: drill.planHash, content: plan },
    report,
  };
  const entry = indexEntryFor(report, kind);
  const history = earlierDrills(await table.history(plan.name, HISTORY + 1), drill.id);
  const html = renderEvidenceHtml(record, history);

  await put(deps, entry.evidenceKey, `${JSON.stringify(record, null, 2)}\n`, 'application/json');
  await put(deps, entry.htmlKey, html, 'text/html; charset=utf-8');
  // The index entry last: a drill listed in the table always has its evidence in the bucket.
  await table.put(entry);
  deps.onRecorded?.(record);
  return { evidenceKey: entry.evidenceKey, htmlKey: entry.htmlKey, bucket: deps.evidenceBucket };
}

/** The trend is of earlier drills: a retried Record Evidence finds its own entry, which must not count twice. */
export function earlierDrills(history: readonly DrillIndexEntry[], drillId: string, limit = HISTORY): DrillIndexEntry[] {
  return history.filter((h) => h.drillId !== drillId).slice(0, limit);
}

async function put(deps: EvidenceDeps, key: string, body: string, contentType: string): Promise<void> {
  try {
    // The bucket's defaults apply: SSE-KMS with its key and the Object Lock retention. The SDK adds the checksum
    // that S3 requires for a PUT into a bucket with Object Lock.
    await deps.clients.get('s3', deps.region).send(new PutObjectCommand({ Bucket: deps.evidenceBucket, Key: key, Body: body, ContentType: contentType }));
  } catch (error) {
    rethrowClassified(error);
  }
}
