// The drill's cost estimate: what each type's module says it is billed by, priced from the dated list-price table for
// the hours AWS's own timestamps say it existed. Whatever cannot be priced is a "not estimated" line with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TargetResult } from '../../lib/drill/contracts';
import { costSentence, estimateDrillCost, formatUsd } from '../../lib/cost/estimate';
import { HOURS_PER_MONTH, PRICE_TABLE, type PriceTable } from '../../lib/cost/prices';
import { looksFor, POLL_POLICIES, targetTransitions } from '../../lib/cost/step-functions';
import { targetUsage, type TargetUsage } from '../../lib/cost/usage';
import type { BilledSize, TargetCost } from '../../lib/cost/target-cost';
import { TARGET_DEFINITIONS, TARGET_TYPES, type TargetType } from '../../lib/resource-types/targets/definition-registry';

const GIB = 1024 ** 3;
const EXAMPLE_REGIONS = ['eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-southeast-2'];

const usage = (over: Partial<TargetUsage> = {}): TargetUsage => ({
  region: 'eu-west-2',
  copiedFrom: 'eu-west-1',
  size: { instanceClass: 'db.r6g.large' },
  restoredBytes: 200 * GIB,
  restoredHours: 2,
  instanceHours: 1.5,
  deletionConfirmed: true,
  copy: { bytes: 100 * GIB, storedHours: 3, kept: false },
  transitions: 100,
  ...over,
});

const result = (type: string, u: TargetUsage | undefined, targetId = 'patients-db'): TargetResult => ({
  targetId,
  type,
  verdict: 'PASSED',
  reason: 'recovered',
  failedStep: null,
  recoveryPoint: null,
  jobs: { copyJobId: null, restoreJobId: null },
  restoredResourceArn: null,
  timeline: [],
  minutes: { copy: null, restore: null, instance: null, validation: null, total: null },
  rto: { measuredMinutes: 10, objectiveMinutes: 60, met: true },
  rpo: { measuredMinutes: 10, objectiveMinutes: 60, met: true },
  checks: [],
  cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
  ...(u ? { usage: u } : {}),
});

const price = (key: string, region: string) => PRICE_TABLE.prices[key]!.regions[region]!;

describe('the cost estimate', () => {
  it('prices an Aurora target: the added instance for its hours, cluster storage, the copy across regions and in the DR vault', () => {
    const cost = estimateDrillCost({ targets: [result('aurora', usage())], region: 'eu-west-2' });
    const line = (what: RegExp) => cost.lines.find((l) => what.test(l.what));

    expect(line(/db\.r6g\.large instance/)).toMatchObject({ targetId: 'patients-db', quantity: 1.5, unit: 'hours', usd: expect.closeTo(1.5 * price('aurora.instance.db.r6g.large', 'eu-west-2'), 4) });
    expect(line(/cluster storage/)).toMatchObject({ unit: 'GB-month', usd: expect.closeTo(((200 * 2) / HOURS_PER_MONTH) * price('aurora.storage', 'eu-west-2'), 4) });
    // Data transfer is billed by the region the copy left.
    expect(line(/cross-region copy from eu-west-1/)).toMatchObject({ quantity: 100, unit: 'GB', usd: expect.closeTo(100 * price('transfer.inter-region', 'eu-west-1'), 4) });
    expect(line(/copy in the DR vault/)).toMatchObject({ usd: expect.closeTo(((100 * 3) / HOURS_PER_MONTH) * price('backup.warm.aurora', 'eu-west-2'), 4) });
    expect(line(/state transitions/)).toMatchObject({ targetId: null, unit: 'transitions', checked: true });
    expect(cost.totalUsd).toBeCloseTo(cost.lines.reduce((sum, l) => sum + l.usd, 0), 4);
    // I/O is billed but not counted: said, not dropped.
    expect(cost.notEstimated).toContainEqual({ targetId: 'patients-db', what: 'I/O requests', why: expect.stringContaining('does not count') });
  });

  it('states its date and caveat', () => {
    const cost = estimateDrillCost({ targets: [result('aurora', usage())], region: 'eu-west-2' });
    expect(cost.pricesReadOn).toBe(PRICE_TABLE.readOn);
    expect(cost.caveat).toBe(`estimate from list prices of ${PRICE_TABLE.readOn}; excludes taxes, savings plans and free tier`);
    expect(costSentence(cost)).toMatch(/^Estimated cost: \$\d+\.\d\d \(estimate from list prices of \d{4}-\d{2}-\d{2}; excludes taxes, savings plans and free tier\); \d+ items not estimated$/);
  });

  it('gives a region or a class the table lacks as "not estimated" with the reason, never as a zero', () => {
    const cost = estimateDrillCost({
      targets: [result('aurora', usage({ region: 'ap-southeast-4', copiedFrom: 'ap-southeast-2', size: { instanceClass: 'db.x2g.16xlarge' } }))],
      region: 'ap-southeast-4',
    });
    expect(cost.lines.filter((l) => l.targetId === 'patients-db').map((l) => l.what)).toEqual(['cross-region copy from ap-southeast-2']);
    expect(cost.notEstimated.map((n) => n.why)).toEqual(
      expect.arrayContaining([
        `no list price for aurora.instance.db.x2g.16xlarge in the price table of ${PRICE_TABLE.readOn}`,
        `no list price for aurora.storage in ap-southeast-4 in the price table of ${PRICE_TABLE.readOn}`,
        `no list price for step-functions.transition in ap-southeast-4 in the price table of ${PRICE_TABLE.readOn}`,
      ]),
    );
    expect(cost.lines.every((l) => l.usd > 0)).toBe(true);
  });

  it('says what it could not price: a target without recorded usage, a size AWS did not report, a deletion not confirmed', () => {
    const cost = estimateDrillCost({
      targets: [result('aurora', undefined, 'crashed'), result('dynamodb', usage({ size: {}, restoredBytes: null, deletionConfirmed: false, copy: { bytes: null, storedHours: 1, kept: false } }), 'appointments')],
      region: 'eu-west-2',
    });
    const why = (targetId: string) => cost.notEstimated.filter((n) => n.targetId === targetId).map((n) => `${n.what}: ${n.why}`);
    expect(why('crashed')).toEqual([expect.stringContaining('records no usage')]);
    expect(why('appointments')).toEqual([
      'restored table storage: AWS Backup reported no size for what it restored',
      'AWS Backup restore of the table: AWS Backup reported no size for what it restored',
      expect.stringMatching(/^what cleanup left behind: its deletion was not confirmed/),
      'the copy in the DR vault: AWS Backup reported no size for the copy',
    ]);
  });

  it('prices nothing restored when the restore created nothing, and a copy kept (keepCopies) per month after the drill', () => {
    const cost = estimateDrillCost({ targets: [result('efs', usage({ restoredHours: null, copy: { bytes: 10 * GIB, storedHours: null, kept: true } }), 'shared-files')], region: 'eu-west-2' });
    expect(cost.lines.filter((l) => l.targetId === 'shared-files').map((l) => l.what)).toEqual(['cross-region copy from eu-west-1']);
    expect(cost.monthly).toEqual([expect.objectContaining({ quantity: 10, unit: 'GB-month', usd: expect.closeTo(10 * price('backup.warm.efs', 'eu-west-2'), 4) })]);
    expect(costSentence(cost)).toContain(`then ${formatUsd(cost.monthly[0]!.usd)} a month for the copies it keeps`);
  });

  it('shows fractions of a cent rather than $0.00', () => {
    expect(formatUsd(0.0123)).toBe('$0.01');
    expect(formatUsd(0.0043)).toBe('$0.0043');
    expect(formatUsd(0.00001)).toBe('<$0.0001');
    expect(formatUsd(6.1256)).toBe('$6.13');
  });
});

describe('what a target ran (Evaluate Target records it)', () => {
  it('counts the restored resource from its restore job to the confirmed deletion, and the added instance from the restore completing', () => {
    const u = targetUsage({
      region: 'eu-west-2',
      sourceRegion: 'eu-west-1',
      keepCopies: false,
      size: { instanceClass: 'db.r6g.large' },
      restore: { createdAt: '2025-03-04T02:20:00.000Z', completedAt: '2025-03-04T02:50:00.000Z', createdResource: true, bytes: 5 * GIB },
      instanceAdded: true,
      copy: { createdAt: '2025-03-04T02:01:00.000Z', completedAt: '2025-03-04T02:17:00.000Z', bytes: 5 * GIB },
      endedAt: '2025-03-04T03:20:00.000Z',
      deletionConfirmed: true,
      waits: { copy: 16, restore: 30, instance: 10, cleanup: 8 },
    });
    expect(u).toMatchObject({ copiedFrom: 'eu-west-1', restoredHours: 1, instanceHours: 0.5, restoredBytes: 5 * GIB, copy: { bytes: 5 * GIB, kept: false } });
    expect(u.copy!.storedHours).toBeCloseTo(63 / 60, 6);
  });

  it('makes no transfer line for a copy within one region, and no restored hours when the restore created nothing', () => {
    const u = targetUsage({
      region: 'eu-west-2',
      sourceRegion: 'eu-west-2',
      keepCopies: false,
      size: {},
      restore: { createdAt: '2025-03-04T02:20:00.000Z', completedAt: null, createdResource: false, bytes: null },
      instanceAdded: false,
      copy: { createdAt: null, completedAt: '2025-03-04T02:17:00.000Z', bytes: GIB },
      endedAt: '2025-03-04T03:20:00.000Z',
      deletionConfirmed: true,
      waits: { copy: 1, restore: null, instance: null, cleanup: null },
    });
    expect(u).toMatchObject({ copiedFrom: null, restoredHours: null, instanceHours: null });
  });
});

describe('Step Functions transitions, estimated from the waits', () => {
  it('uses the poll policies of the restore-target source', () => {
    const source = parse(readFileSync(join(__dirname, '..', '..', 'statemachines', 'source', 'restore-target.yml'), 'utf8')) as {
      PollPolicies: Record<string, { FirstWaitSeconds: number; MaxWaitSeconds: number }>;
    };
    const asSource = Object.fromEntries(Object.entries(POLL_POLICIES).map(([name, p]) => [name, { FirstWaitSeconds: p.firstWaitSeconds, MaxWaitSeconds: p.maxWaitSeconds }]));
    expect(asSource).toEqual(source.PollPolicies);
  });

  it('counts the looks a doubling, capped wait takes', () => {
    const job = POLL_POLICIES['backup job'];
    expect(looksFor(10, job)).toBe(1); // 30
    expect(looksFor(90, job)).toBe(2); // 30 + 60
    expect(looksFor(16 * 60, job)).toBe(6); // 30 + 60 + 120 + 240 + 300 + 300
    expect(targetTransitions({ copy: null, restore: null, instance: null, cleanup: null })).toBeLessThan(targetTransitions({ copy: 16, restore: 30, instance: 10, cleanup: 8 }));
  });
});

/**
 * What each type's module is asked with in the completeness test: sizes as its restore metadata records them. A new
 * type fails the test until it has a line here and its prices are in the table.
 */
const SAMPLE_SIZES: Record<string, BilledSize> = {
  aurora: { instanceClass: 'db.r6g.large' },
  rds: { DBInstanceClass: 'db.t4g.large', Engine: 'postgres', StorageType: 'gp3', AllocatedStorage: '100' },
  dynamodb: {},
  ebs: { volumeSize: '100', volumeType: 'gp3' },
  ec2: { instanceType: 'm6i.large' },
  efs: {},
  s3: {},
  fsx: { StorageCapacity: '32', ThroughputCapacity: 32, DeploymentType: 'SINGLE_AZ_2' },
  'fsx-ontap': {},
  docdb: { instanceClass: 'db.t4g.medium' },
  neptune: { instanceClass: 'db.r6g.large' },
};

describe('every type says what it is billed by (registry completeness)', () => {
  it.each(TARGET_TYPES.map((t) => [t]))('%s: its billed lines and its copies are priced for every region of the examples', (type) => {
    const cost: TargetCost = TARGET_DEFINITIONS[type as TargetType].cost as TargetCost;
    expect(SAMPLE_SIZES).toHaveProperty([type]);
    const lines = cost.billed(SAMPLE_SIZES[type]!, 10);
    expect(lines.length).toBeGreaterThan(0);
    const keys: string[] = [cost.backupStorage, ...lines.flatMap((l) => ('price' in l ? [l.price] : []))];
    for (const key of keys) {
      expect(PRICE_TABLE.prices).toHaveProperty([key]);
      expect(Object.keys(PRICE_TABLE.prices[key]!.regions)).toEqual(expect.arrayContaining(EXAMPLE_REGIONS));
    }
    for (const line of lines) if ('notEstimated' in line) expect(line.notEstimated).not.toBe('');
  });

  it('reads only sizes and classes from a plan target and its restore metadata', () => {
    const examples = ['nhs-patient-platform', 'fhir-imaging', 'pacs-imaging', 'uk-only-supplier', 'au-imaging'].flatMap(
      (name) => (parse(readFileSync(join(__dirname, '..', '..', 'examples', `${name}.yml`), 'utf8')) as { targets: { type: keyof typeof TARGET_DEFINITIONS }[] }).targets,
    );
    for (const target of examples) {
      const size = (TARGET_DEFINITIONS[target.type].cost.size as (t: unknown, m: Record<string, string>) => BilledSize)(target, { DBSubnetGroupName: 'secret-network', volumeSize: '8' });
      expect(Object.keys(size)).not.toContain('DBSubnetGroupName');
    }
  });
});

describe('the price table', () => {
  it('is dated, names a source for every price and holds the regions of the examples', () => {
    const table: PriceTable = PRICE_TABLE;
    expect(table.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, entry] of Object.entries(table.prices)) {
      expect([key, table.sources[entry.source]]).toEqual([key, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
    }
    expect(Object.keys(table.prices['step-functions.transition']!.regions)).toEqual(expect.arrayContaining(EXAMPLE_REGIONS));
  });
});

describe('hostile numbers', () => {
  it('never puts a NaN in the report: an unreadable time gives no hours, an unreadable size a "not estimated" line', () => {
    const u = targetUsage({
      region: 'eu-west-2',
      sourceRegion: 'eu-west-1',
      keepCopies: false,
      size: { volumeSize: 'lots', volumeType: 'gp3' },
      restore: { createdAt: 'not a time', completedAt: null, createdResource: true, bytes: null },
      instanceAdded: false,
      copy: null,
      endedAt: '2025-03-04T03:20:00.000Z',
      deletionConfirmed: true,
      waits: { copy: Number.NaN, restore: null, instance: null, cleanup: null },
    });
    expect(u.restoredHours).toBeNull();
    expect(Number.isInteger(u.transitions)).toBe(true);

    const cost = estimateDrillCost({ targets: [result('ebs', { ...u, restoredHours: 1 }, 'volume')], region: 'eu-west-2' });
    expect(cost.notEstimated).toContainEqual({ targetId: 'volume', what: 'the restored volume', why: 'its size or type is not in the restore metadata' });
    expect(cost.lines.every((l) => Number.isFinite(l.usd) && Number.isFinite(l.quantity))).toBe(true);
  });
});
