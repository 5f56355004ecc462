// Helpers for the restore metadata every target type builds (its definition's restoreMetadata), and the residency
// scan Prepare Restore runs on the result. Metadata is AWS Backup's: string keys and values, keys read
// case-insensitively.

/** A recorded value whatever the case of its key. */
export function valueOf(recorded: Record<string, string>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.entries(recorded).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** The metadata without these keys, in any case. */
export function withoutKeys(base: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(base).filter(([k]) => !lower.has(k.toLowerCase())));
}

/** The metadata with every override that has a value; an undefined override leaves the key as it was. */
export function withDefined(base: Record<string, string>, overrides: Record<string, string | undefined>): Record<string, string> {
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) out[key] = value;
  return out;
}

const REGION_OR_ZONE = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]?$/;

/**
 * Every region a metadata value names, as an ARN's region field or as a whole value that is a region or an
 * availability zone (alone or in a JSON list): a restore must not reach outside the policy. Free text is not
 * scanned: a name such as "gp-records-2" looks like a region code and is not one.
 */
export function regionsMentioned(metadata: Record<string, string>): { key: string; region: string }[] {
  const found: { key: string; region: string }[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    for (const item of listOrSelf(value)) {
      const region = item.startsWith('arn:') ? item.split(':')[3] : REGION_OR_ZONE.exec(item)?.[1];
      if (region) found.push({ key, region });
    }
  }
  return found;
}

function listOrSelf(value: string): string[] {
  if (!value.startsWith('[')) return [value];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [value];
  } catch {
    return [value];
  }
}

/**
 * A recorded configuration that is a JSON object in a string (FSx's WindowsConfiguration, OntapConfiguration) without the
 * members that name primary-region or production things, in any case; {} when it is absent or not an object.
 */
export function recordedConfiguration(recorded: Record<string, string>, key: string, regionBound: readonly string[]): Record<string, unknown> {
  const raw = valueOf(recorded, key);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const drop = new Set(regionBound.map((k) => k.toLowerCase()));
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter(([k]) => !drop.has(k.toLowerCase())));
  } catch {
    return {};
  }
}
