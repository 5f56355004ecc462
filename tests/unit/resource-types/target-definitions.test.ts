// The registry of plan target types: one definition per type, each holding AWS Backup's documented values for it,
// and all of them pure (no AWS SDK, no simulator), because the plan schema that every Lambda, the CLI and the
// preflight import is built from them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TARGET_TYPES, planSchema, targetSchema, type TargetType } from '../../../lib/plan/schema';
import { RESTORE_QUOTAS } from '../../../lib/plan/restore-quotas';
import { BACKUP_RESOURCE_TYPES } from '../../../lib/drill/resource-types';
import { RESOURCE_TYPES, RESTORED_KIND } from '../../../lib/resource-types/registry';
import { TARGET_DEFINITIONS, definitionOf } from '../../../lib/resource-types/targets/definition-registry';
import { EXTRA_TARGETS, fsxTarget, kioskTarget, ontapTarget, nhsPlanInputWithEveryType, targetsOf } from '../functions/fixtures';

const ROOT = resolve(__dirname, '../../..');

// GetSupportedResourceTypes, AWS Backup API Reference: the ResourceTypes AWS Backup names, e.g. "Aurora for Amazon
// Aurora", "DynamoDB for Amazon DynamoDB", "EBS for Amazon Elastic Block Store", "EC2 for Amazon Elastic Compute
// Cloud", "EFS for Amazon Elastic File System", "RDS for Amazon Relational Database Service", "S3 for Amazon Simple
// Storage Service (Amazon S3)" (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetSupportedResourceTypes.html).
const DOCUMENTED_RESOURCE_TYPES: Record<TargetType, string> = {
  aurora: 'Aurora',
  rds: 'RDS',
  dynamodb: 'DynamoDB',
  ebs: 'EBS',
  ec2: 'EC2',
  efs: 'EFS',
  s3: 'S3',
  // "FSx for Amazon FSx" (same page).
  fsx: 'FSx',
  // ONTAP volumes are AWS Backup's FSx too: one resource type for every FSx recovery point.
  'fsx-ontap': 'FSx',
  // StartRestoreJob's ResourceType doc comment (client-backup): "DocumentDB - Amazon DocumentDB", "Neptune - Amazon Neptune".
  docdb: 'DocumentDB',
  neptune: 'Neptune',
};

// "AWS Backup quotas", restore testing plan quotas, concurrent restore jobs per resource type: Aurora, DocumentDB,
// DynamoDB, FSx, Neptune and RDS 40; EBS and EC2 100; EFS and S3 30
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html, cited in lib/plan/restore-quotas.ts).
const DOCUMENTED_QUOTAS: Record<TargetType, number> = { aurora: 40, rds: 40, dynamodb: 40, ebs: 100, ec2: 100, efs: 30, s3: 30, fsx: 40, 'fsx-ontap': 40, docdb: 40, neptune: 40 };

describe('target definitions (lib/resource-types/targets)', () => {
  it('has one definition for every target type the plan accepts, under its own type', () => {
    const unionMembers = targetSchema.options.map((o) => o.shape.type.value);

    expect(Object.keys(TARGET_DEFINITIONS).sort()).toEqual([...TARGET_TYPES].sort());
    expect(unionMembers).toEqual([...TARGET_TYPES]);
    for (const type of TARGET_TYPES) {
      expect(TARGET_DEFINITIONS[type].type).toBe(type);
      expect(TARGET_DEFINITIONS[type].schema.shape.type.value).toBe(type);
    }
  });

  it('finds the definition of each target of a plan by its type', () => {
    const input = nhsPlanInputWithEveryType();
    targetsOf(input).push(kioskTarget() as never, fsxTarget() as never, structuredClone(EXTRA_TARGETS.docdb) as never, structuredClone(EXTRA_TARGETS.neptune) as never, ontapTarget() as never);
    const plan = planSchema.parse(input);

    expect(new Set(plan.targets.map((t) => t.type))).toEqual(new Set(TARGET_TYPES));
    for (const target of plan.targets) expect(definitionOf(target).type).toBe(target.type);
  });

  it.each(TARGET_TYPES)("names %s by AWS Backup's documented resource type", (type) => {
    expect(TARGET_DEFINITIONS[type].backupResourceType).toBe(DOCUMENTED_RESOURCE_TYPES[type]);
    expect(BACKUP_RESOURCE_TYPES[type]).toBe(DOCUMENTED_RESOURCE_TYPES[type]);
  });

  it.each(TARGET_TYPES)("keeps %s to AWS Backup's documented restore quota", (type) => {
    expect(TARGET_DEFINITIONS[type].restoreQuota).toBe(DOCUMENTED_QUOTAS[type]);
    expect(RESTORE_QUOTAS[type]).toBe(DOCUMENTED_QUOTAS[type]);
  });

  it.each(TARGET_TYPES)('restores %s into a kind of resource the drill knows how to describe and delete', (type) => {
    const kind = TARGET_DEFINITIONS[type].restoredKind;

    expect(RESTORED_KIND[type]).toBe(kind);
    expect(RESOURCE_TYPES[kind].kind).toBe(kind);
  });

  it('imports no AWS SDK and nothing of the simulator, however deep (they would reach every Lambda bundle)', () => {
    const reached = runtimeImports(join(ROOT, 'lib/resource-types/targets/definition-registry.ts'));
    const local = [...reached].filter((f) => f.startsWith(ROOT)).map((f) => f.slice(ROOT.length + 1));

    expect([...reached].filter((f) => f.startsWith('@aws-sdk/') || f.startsWith('aws-sdk'))).toEqual([]);
    expect(local.filter((f) => f.startsWith('local/') || /\/(checks|sim)\.ts$/.test(f))).toEqual([]);
    // The walk reached every definition, so the test reads what it means to.
    for (const type of TARGET_TYPES) expect(local).toContain(`lib/resource-types/targets/${type}/definition.ts`);
  });
});

/** Every module a file loads at run time, transitively: `import type` and `export type` are erased, so not followed. */
function runtimeImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      if (match[1]) continue;
      const spec = (match[2] ?? match[3])!;
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const found = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
      if (!found) throw new Error(`${file}: cannot resolve ${spec}`);
      queue.push(found);
    }
  }
  return seen;
}
