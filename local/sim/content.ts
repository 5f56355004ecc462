// What the simulated resources hold, as far as the plan's data checks look: the database login and data key of an
// Aurora/RDS source, the DynamoDB items the plan names, the S3 objects of its manifest, sizes at least the plan's
// minimum. Seeded so that a healthy restore passes every check the plan declares; the validation-failed fault then
// takes something away (restore.ts). All of it is synthetic and obviously fake: "Test Patient 0042", "TEST-..." ids.
import type { Target } from '../../lib/plan/schema';
import type { SimRandom } from './hash';
import type { DatabaseContent, Item, KeyAttribute, SeededItem, SimObject } from './world';

type TargetOf<T extends Target['type']> = Extract<Target, { type: T }>;

const GiB = 1024 ** 3;

/** The attribute a restored item's age is written to when the plan names none, so every item has one. */
const DEFAULT_FRESHNESS_ATTRIBUTE = 'updatedAt';

/** The read-only login a database secret holds. */
export interface DatabaseLogin {
  username: string;
  password: string;
}

export function newLogin(random: SimRandom, secretArn: string): DatabaseLogin {
  return { username: 'drill_readonly', password: random.hex(32, 'db-password', secretArn) };
}

export function databaseContent(target: TargetOf<'aurora' | 'rds'>, login: DatabaseLogin, random: SimRandom): DatabaseContent | undefined {
  const v = target.validation;
  if (!v) return undefined;
  return { engine: v.engine, name: v.database, ...login, dataKey: random.hex(16, 'data', target.id) };
}

/** Secret names end in "-" plus six characters that Secrets Manager adds to make the ARN unique. */
export function secretNameOf(arn: string): string {
  const name = arn.split(':secret:')[1] ?? '';
  return name.replace(/-[A-Za-z0-9]{6}$/, '');
}

export interface TableContent {
  keySchema: KeyAttribute[];
  items: SeededItem[];
  freshnessAttribute: string;
  minItems?: number;
}

const attribute = (value: string | number) => (typeof value === 'number' ? { N: String(value) } : { S: value });

/** The key schema follows the plan's first key: its first attribute is the partition key, a second the sort key. */
export function tableContent(target: TargetOf<'dynamodb'>, random: SimRandom): TableContent {
  const v = target.validation;
  const keys = v?.keys ?? [];
  const first = keys[0];
  const keySchema: KeyAttribute[] = first
    ? Object.entries(first)
        .slice(0, 2)
        .map(([name, value], i) => ({ name, type: typeof value === 'number' ? 'N' : 'S', keyType: i === 0 ? 'HASH' : 'RANGE' }))
    : [{ name: 'pk', type: 'S', keyType: 'HASH' }];
  const freshnessAttribute = v?.freshness?.attribute ?? DEFAULT_FRESHNESS_ATTRIBUTE;
  const items = keys.map((key, i): SeededItem => {
    const item: Item = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, attribute(value)]));
    const fake: Item = {
      patient: { S: `Test Patient ${String(i + 1).padStart(4, '0')}` },
      clinic: { S: 'Test Clinic' },
      status: { S: 'booked' },
    };
    for (const [name, value] of Object.entries(fake)) if (!(name in item) && name !== freshnessAttribute) item[name] = value;
    return { item, ageMs: random.minutes(2, 9, 'item-age', target.id, String(i)) };
  });
  return { keySchema, items, freshnessAttribute, minItems: v?.minItems };
}

/** The items as a backup taken at `asOf` holds them: each written a few minutes before. */
export function itemsAsOf(items: readonly SeededItem[], freshnessAttribute: string, keySchema: readonly KeyAttribute[], asOf: number): Item[] {
  const isKey = keySchema.some((k) => k.name === freshnessAttribute);
  return items.map(({ item, ageMs }) => (isKey ? { ...item } : { ...item, [freshnessAttribute]: { S: new Date(asOf - ageMs).toISOString() } }));
}

/** The identity of an item under a key schema: the same for a GetItem Key and the stored item it names. */
export function itemKey(item: Item, keySchema: readonly KeyAttribute[]): string {
  return JSON.stringify(keySchema.map((k) => item[k.name] ?? null));
}

/** At least `minItems`: DescribeTable's ItemCount must satisfy the plan when the restore is healthy. */
export function itemCountFor(random: SimRandom, targetId: string, content: TableContent): number {
  return Math.max(random.int(10_000, 2_000_000, 'items', targetId), content.minItems ?? 0, content.items.length);
}

/** The plan's manifest objects, with the checksum it gives or a made-up (but stable) one. */
export function manifestObjects(target: TargetOf<'s3'>, random: SimRandom, lastModified: number): SimObject[] {
  return (target.validation?.objects ?? []).map((o) => ({
    key: o.key,
    size: random.int(10_000, 5_000_000, 'object-size', target.id, o.key),
    etag: `"${random.hex(32, 'etag', target.id, o.key)}"`,
    lastModified,
    checksumSha256: o.sha256 ?? Buffer.from(random.hex(64, 'sha256', target.id, o.key), 'hex').toString('base64'),
  }));
}

export const atLeastGiB = (sizeGiB: number, minSizeGiB: number | undefined): number => Math.max(sizeGiB, Math.ceil(minSizeGiB ?? 0));

export const atLeastBytes = (sizeBytes: number, minSizeGiB: number | undefined): number => Math.max(sizeBytes, Math.ceil((minSizeGiB ?? 0) * GiB));
