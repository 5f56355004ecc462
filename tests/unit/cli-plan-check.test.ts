import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { bufferOutput, main, type Output } from '../../cli/index';
import { TARGET_TYPES } from '../../lib/plan/schema';
import { AU_EXAMPLE, NHS_EXAMPLE, UK_ONLY_EXAMPLE, nhsWith, ukOnlyWith } from './plan-fixtures';

const ROOT = join(__dirname, '..', '..');
const STACK_FRAME = '    at ';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dr-drill-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function planFile(name: string, plan: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof plan === 'string' ? plan : stringify(plan));
  return file;
}

async function run(...argv: string[]) {
  const output = bufferOutput();
  const code = await main(argv, output);
  // Whatever happens, a person never sees a stack trace.
  expect(output.all.filter((line) => line.includes(STACK_FRAME))).toEqual([]);
  return { code, ...output };
}

describe('dr-drill plan check', () => {
  it('says a valid plan is valid, with its size, regions and policy, and exits 0', async () => {
    const { code, stdout, stderr } = await run('plan', 'check', NHS_EXAMPLE);

    expect(code).toBe(0);
    expect(stdout).toEqual([
      `✓ ${NHS_EXAMPLE}: plan "nhs-patient-platform" is valid (4 targets, regions eu-west-1 -> eu-west-2, residency UK and Ireland [eu-west-1, eu-west-2])`,
    ]);
    expect(stderr).toEqual([]);
  });

  it('accepts the Australian example too', async () => {
    const { code, stdout } = await run('plan', 'check', AU_EXAMPLE);

    expect(code).toBe(0);
    expect(stdout).toEqual([
      `✓ ${AU_EXAMPLE}: plan "au-imaging" is valid (3 targets, regions ap-southeast-2 -> ap-southeast-4, residency Australia only [ap-southeast-2, ap-southeast-4])`,
    ]);
  });

  it('accepts the UK-only example, a one-region plan, and says in words what its policy means', async () => {
    const { code, stdout } = await run('plan', 'check', UK_ONLY_EXAMPLE);

    expect(code).toBe(0);
    expect(stdout).toEqual([
      `✓ ${UK_ONLY_EXAMPLE}: plan "uk-only-supplier" is valid (4 targets, one region eu-west-2, residency UK only [eu-west-2])`,
      '  one region: a regional outage cannot be recovered within this residency policy; this drill proves recovery from backup',
    ]);
  });

  it('refuses a failover block in a one-region plan, with the reason', async () => {
    const { failover } = nhsWith() as { failover: unknown };
    const file = planFile('uk-only-failover.yml', ukOnlyWith({ failover }));

    const { code, stdout } = await run('plan', 'check', file);

    expect(code).toBe(1);
    expect(stdout).toEqual([
      `✗ ${file}: 1 problem`,
      '  failover: a failover needs a second region, and the residency policy "UK only" allows only eu-west-2: a regional outage cannot be recovered within this residency policy; this drill proves recovery from backup. Remove the failover block',
    ]);
  });

  it('says when the restores run in phases to keep to AWS Backup\'s restore quota for a type, and still exits 0', async () => {
    const plan = nhsWith({ concurrency: 40 }) as { targets: Record<string, unknown>[] };
    const efs = plan.targets.find((t) => t.type === 'efs')!;
    plan.targets = Array.from({ length: 45 }, (_, i) => ({ ...efs, id: `files-${i + 1}`, resourceArn: `arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-${(i + 1).toString(16).padStart(8, '0')}` }));
    const { code, stdout } = await run('plan', 'check', planFile('crowded.yml', plan));

    expect(code).toBe(0);
    expect(stdout[1]).toBe('  restores run in 2 phases, one after another, each at concurrency 40: 45 efs targets, of which AWS Backup restores at most 30 at once');
  });

  it('says a selection\'s named resources must be protected in its vault, which only Check Plan can tell', async () => {
    const vault = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform';
    const selection = { name: 'named', type: 'dynamodb', resourceArns: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'], sourceVault: vault, drVault: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-patient-platform-dr', backupRoleArn: 'arn:aws:iam::111122223333:role/backup' };
    const { code, stdout } = await run('plan', 'check', planFile('named.yml', nhsWith({ selections: [selection] })));

    expect(code).toBe(0);
    expect(stdout.slice(-2)).toEqual([
      `  selection 'named' (type dynamodb, 1 named resource(s), vault ${vault}): resolved when the drill starts (Check Plan); a dry run shows what it finds`,
      '    each named resource must be protected in that vault as DynamoDB: Check Plan refuses the drill, naming it, if one is not',
    ]);
  });

  it('lists every problem, one per line under a count, and exits 1', async () => {
    const file = planFile('bad.yml', nhsWith({ 'targets[0].restore.subnet': 'x', 'targets[1].type': 'table', concurrency: 0 }));

    const { code, stdout, stderr } = await run('plan', 'check', file);

    expect(code).toBe(1);
    expect(stdout).toEqual([
      `✗ ${file}: 3 problems`,
      '  concurrency: must be at least 1 (got 0)',
      '  targets[0].restore.subnet: unknown field (did you mean dbSubnetGroupName?)',
      `  targets[1].type: must be one of ${TARGET_TYPES.join(', ')}`,
    ]);
    expect(stderr).toEqual([]);
  });

  it('refuses a plan that sends data outside its residency policy', async () => {
    const file = planFile('us-dr.yml', nhsWith({ 'targets[3].drVault': 'arn:aws:backup:us-east-1:111122223333:backup-vault:dr' }));

    const { code, stdout } = await run('plan', 'check', file);

    expect(code).toBe(1);
    expect(stdout).toEqual([
      `✗ ${file}: 1 problem`,
      '  targets[3].drVault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
    ]);
  });

  it('refuses a private hosted zone measured with Route 53, whose TestDNSAnswer answers for public zones only', async () => {
    const file = planFile('private-zone.yml', nhsWith({ 'failover.targets[0].dns.zone': 'private' }));

    const { code, stdout } = await run('plan', 'check', file);

    expect(code).toBe(1);
    expect(stdout).toEqual([
      `✗ ${file}: 1 problem`,
      '  failover.targets[0].dns.measureFrom: a private hosted zone cannot be measured with Route 53 (TestDNSAnswer answers for public hosted zones only): set measureFrom: vpc to resolve the record from inside the VPC',
    ]);
  });

  it('accepts a private hosted zone measured from inside the VPC', async () => {
    const file = planFile('private-zone-vpc.yml', nhsWith({ 'failover.targets[0].dns.zone': 'private', 'failover.targets[0].dns.measureFrom': 'vpc' }));

    const { code, stdout } = await run('plan', 'check', file);

    expect(code).toBe(0);
    expect(stdout[0]).toMatch(/^✓ .*private-zone-vpc\.yml: plan "nhs-patient-platform" is valid/);
  });

  it('names the measurements there are when measureFrom is misspelt', async () => {
    const file = planFile('measure-typo.yml', nhsWith({ 'failover.targets[0].dns.measureFrom': 'resolver' }));

    const { code, stdout } = await run('plan', 'check', file);

    expect(code).toBe(1);
    expect(stdout).toEqual([`✗ ${file}: 1 problem`, '  failover.targets[0].dns.measureFrom: must be one of route53, vpc (got "resolver")']);
  });

  it('points at the line and column of a YAML syntax error', async () => {
    const file = planFile('broken.yml', 'name: nhs\nregions:\n  primary: eu-west-1\n dr: eu-west-2\n');

    const { code, stdout } = await run('plan', 'check', file);

    expect(code).toBe(1);
    expect(stdout).toEqual([`✗ ${file}: 1 problem`, '  (root): line 4, column 1: All mapping items must start at the same column']);
  });

  it('says in one line that a missing file cannot be read, and exits 2', async () => {
    const file = join(dir, 'no-such-plan.yml');

    const { code, stdout, stderr } = await run('plan', 'check', file);

    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([`✗ ${file}: cannot read the plan: no such file`]);
  });

  it('says so when given a directory instead of a plan, and exits 2', async () => {
    const { code, stderr } = await run('plan', 'check', dir);

    expect(code).toBe(2);
    expect(stderr).toEqual([`✗ ${dir}: cannot read the plan: it is a directory`]);
  });
});

describe('dr-drill usage', () => {
  it('exits 2 with a short reminder when the file is not given', async () => {
    const { code, stderr } = await run('plan', 'check');

    expect(code).toBe(2);
    expect(stderr).toEqual(["error: missing required argument 'file'", '(add --help for usage)']);
  });

  it('suggests the command meant when one is mistyped', async () => {
    const { code, stderr } = await run('plan', 'chek', NHS_EXAMPLE);

    expect(code).toBe(2);
    expect(stderr[0]).toBe("error: unknown command 'chek'");
    expect(stderr).toContain('(Did you mean check?)');
  });

  it('prints help on stdout and exits 0 when asked for it', async () => {
    const { code, stdout } = await run('plan', 'check', '--help');

    expect(code).toBe(0);
    expect(stdout[0]).toBe('Usage: dr-drill plan check [options] <file>');
  });
});

describe('when something unexpected fails', () => {
  const brokenStdout: Output = {
    out: () => {
      throw new Error('write EPIPE\n    at Socket.write (node:net:1:1)');
    },
    err: () => undefined,
  };

  it('prints one line and the DR_DRILL_DEBUG hint, never a stack trace, and exits 3', async () => {
    const stderr: string[] = [];

    const code = await main(['plan', 'check', NHS_EXAMPLE], { ...brokenStdout, err: (line) => stderr.push(line) });

    expect(code).toBe(3);
    expect(stderr).toEqual(['dr-drill: unexpected error: write EPIPE', 'run with DR_DRILL_DEBUG=1 for details']);
  });

  it('prints the details when DR_DRILL_DEBUG=1', async () => {
    const stderr: string[] = [];
    process.env.DR_DRILL_DEBUG = '1';
    try {
      await main(['plan', 'check', NHS_EXAMPLE], { ...brokenStdout, err: (line) => stderr.push(line) });
    } finally {
      delete process.env.DR_DRILL_DEBUG;
    }

    expect(stderr[0]).toBe('dr-drill: unexpected error: write EPIPE');
    expect(stderr.some((line) => line.includes(STACK_FRAME))).toBe(true);
  });
});

describe('bin/dr-drill.js', () => {
  const bin = join(ROOT, 'bin', 'dr-drill.js');

  it('is executable and runs the same CLI as main()', () => {
    expect(statSync(bin).mode & 0o111).not.toBe(0);

    const valid = spawnSync(process.execPath, [bin, 'plan', 'check', 'examples/nhs-patient-platform.yml'], { cwd: ROOT, encoding: 'utf8' });
    const missing = spawnSync(process.execPath, [bin, 'plan', 'check', 'examples/missing.yml'], { cwd: ROOT, encoding: 'utf8' });

    expect([valid.status, valid.stdout]).toEqual([0, expect.stringMatching(/^✓ examples\/nhs-patient-platform\.yml: plan "nhs-patient-platform" is valid/)]);
    expect([missing.status, missing.stderr]).toEqual([2, '✗ examples/missing.yml: cannot read the plan: no such file\n']);
  });
});
