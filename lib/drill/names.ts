// Names the drill gives to what it creates. Every one starts with "drdrill-" and carries the drill id, so IAM
// can scope deletes to them and a sweeper can find them even when a tag could not be written. Not "dr-drill-":
// CloudFormation names the stack's own resources (its drill store bucket) "dr-drill-<stage>-...", and a delete
// permission for created resources must never match those.
import { createHash } from 'node:crypto';

export const CREATED_PREFIX = 'drdrill-';

/** A short, stable id for one drill execution: safe inside RDS identifiers and S3 bucket names. */
export function drillIdFor(executionArn: string): string {
  return `d${createHash('sha256').update(executionArn).digest('hex').slice(0, 8)}`;
}

export function restoredNameFor(drillId: string, targetId: string): string {
  return `${CREATED_PREFIX}${drillId.slice(1)}-${targetId}`;
}

export function instanceNameFor(restoredName: string): string {
  return `${restoredName}-db`;
}

export function vaultNameOf(vaultArn: string): string {
  const name = vaultArn.split(':backup-vault:')[1];
  if (!name) throw new Error(`not a backup vault ARN: ${vaultArn}`);
  return name;
}

/** Stable hash of a plan's content: proves which plan a drill ran. Keys are sorted so YAML order does not matter. */
export function planHash(plan: unknown): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
