// Every plan target type has its simulated behaviour in its own module (lib/resource-types/targets/<type>/sim.ts),
// registered in local/sim/target-sims.ts, and the generic simulation goes through the registry: adding a type must
// not mean editing seed.ts, restore.ts or backup.ts. The sims reach no Lambda bundle: only local/ imports them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BACKUP_RESOURCE_TYPES } from '../../lib/drill/resource-types';
import { TARGET_TYPES } from '../../lib/plan/schema';
import { simOfRecoveryPoint, TARGET_SIMS, targetSim } from '../../local/sim/target-sims';

const ROOT = join(__dirname, '..', '..');
const SIM_DIR = join(ROOT, 'local', 'sim');

/** The target types and AWS Backup's names for them, as a switch or a type test would spell them. */
const TYPE_NAMES = [...TARGET_TYPES, ...Object.values(BACKUP_RESOURCE_TYPES)].join('|');

/** Per-type branching in generic code: a switch case, an equality test or a lookup table keyed by type. */
const PER_TYPE_BRANCH = [
  new RegExp(`case\\s+'(${TYPE_NAMES})'`),
  new RegExp(`\\.type\\s*[!=]==?\\s*'(${TYPE_NAMES})'`),
  new RegExp(`resourceType\\s*[!=]==?\\s*'(${TYPE_NAMES})'`),
  /Record<\s*(BackupResourceType|TargetType|Target\['type'\])\s*,/,
];

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : tsFilesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the registry of target sims', () => {
  it('has a sim for every plan target type, and nothing else', () => {
    expect(Object.keys(TARGET_SIMS).sort()).toEqual([...TARGET_TYPES].sort());
  });

  it.each(TARGET_TYPES)('gives %s the AWS Backup resource type the drill uses for it', (type) => {
    expect(targetSim(type).resourceType).toBe(BACKUP_RESOURCE_TYPES[type]);
    // FSx is one AWS Backup resource type for Windows file systems and ONTAP volumes: the payload tells them apart.
    const payload = type === 'fsx-ontap' ? { type: 'FSx', ontapVolumeId: 'fsvol-0123456789abcdef0' } : { type: BACKUP_RESOURCE_TYPES[type] };
    expect(simOfRecoveryPoint({ resourceType: BACKUP_RESOURCE_TYPES[type], payload: payload as never })).toBe(targetSim(type));
  });

  it('gives each type a restore duration range in minutes', () => {
    for (const type of TARGET_TYPES) {
      const [min, max] = targetSim(type).restoreMinutes;
      expect(min).toBeGreaterThan(0);
      expect(max).toBeGreaterThanOrEqual(min);
    }
  });

  it('keeps continuous backups to the types AWS Backup backs up continuously (Aurora, RDS, S3)', () => {
    expect(TARGET_TYPES.filter((type) => targetSim(type).continuous).sort()).toEqual(['aurora', 'rds', 's3']);
  });
});

describe('the generic simulation', () => {
  const generic = readdirSync(SIM_DIR)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(SIM_DIR, name));

  it.each(generic.map((path) => [relative(ROOT, path), path]))('%s branches on no target type', (_name, path) => {
    const source = readFileSync(path, 'utf8');
    const branches = source.split('\n').filter((line) => PER_TYPE_BRANCH.some((pattern) => pattern.test(line)));
    expect(branches).toEqual([]);
  });

  it('names no target type in seed.ts, restore.ts and backup.ts', () => {
    const named = new RegExp(`'(${TYPE_NAMES})'`);
    for (const file of ['seed.ts', 'restore.ts', 'backup.ts']) {
      const lines = readFileSync(join(SIM_DIR, file), 'utf8').split('\n');
      expect({ file, lines: lines.filter((line) => named.test(line)) }).toEqual({ file, lines: [] });
    }
  });
});

describe('where the sims are imported', () => {
  it('only the registry (local/sim/target-sims.ts) imports a type sim: they never reach a Lambda bundle', () => {
    const importsSim = /from '[^']*resource-types\/targets\/[a-z0-9-]+\/sim'/;
    const importers = ['functions', 'lib', 'cli', 'local', 'scripts', 'bench', 'bin']
      .flatMap((dir) => tsFilesUnder(join(ROOT, dir)))
      .filter((path) => importsSim.test(readFileSync(path, 'utf8')))
      .map((path) => relative(ROOT, path));
    expect(importers).toEqual(['local/sim/target-sims.ts']);
  });
});
