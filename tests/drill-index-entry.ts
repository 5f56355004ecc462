// A drills-table line (DrillIndexEntry) as Record Evidence writes it, for the tests that read drills back (coverage,
// DrillsTable.since): the figures they do not look at are null, and each test gives what it does look at.
import type { DrillIndexEntry } from '../lib/evidence/contracts';

export function drillIndexEntry(fields: Pick<DrillIndexEntry, 'planName' | 'startedAt' | 'drillId' | 'executionArn'> & Partial<DrillIndexEntry>): DrillIndexEntry {
  return {
    kind: 'drill',
    verdict: 'PASSED',
    finishedAt: fields.startedAt,
    headline: 'h',
    worstRtoMinutes: null,
    rtoObjectiveMinutes: null,
    worstRpoMinutes: null,
    rpoObjectiveMinutes: null,
    failoverDowntimeSeconds: null,
    failoverRtoSeconds: null,
    evidenceKey: 'e',
    htmlKey: 'h',
    ...fields,
  };
}
