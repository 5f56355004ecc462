// Scenario: `dr-drill plan init --local` on the simulated account of the NHS example (issue 14). It reads only, finds
// the four protected resources, their vaults and copy rule, and the isolated DB subnet group of London (not the
// global database's production subnets, which route out through a NAT gateway), writes a commented plan that the real
// `plan check` passes, and that plan drills locally (one drill: restore only, as plan init writes no failover).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bufferOutput } from '../../cli/context';
import { planCheck } from '../../cli/commands/plan-check';
import { planInit } from '../../cli/commands/plan-init';
import { runLocalDrill } from '../../local/run-drill';
import type { SimAccount } from '../../local/sim/account';
import { nhsRestorePlan } from './example-plans';

jest.setTimeout(120_000);

let dir: string;
beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'dr-drill-init-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

const FLAGS = { local: true, region: 'eu-west-1', drRegion: 'eu-west-2', residencyPolicy: 'UK and Ireland', allowRegions: ['eu-west-1', 'eu-west-2'] };

describe('dr-drill plan init --local on the NHS example', () => {
  it('reads only, writes a plan that passes plan check and drills locally', async () => {
    const out = join(dir, 'plan.yml');
    const io = bufferOutput();
    let account: SimAccount | undefined;

    const code = await planInit({ ...FLAGS, out, name: 'nhs-from-init' }, io, { onSimulatedAccount: (a) => (account = a) });

    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    // Read-only: every call the simulated account recorded is a List, Describe or Get, and it made the ones it needs.
    const calls = account!.calls.map((c) => `${c.service}:${c.action}`);
    expect(calls.filter((c) => !/^[a-z0-9]+:(List|Describe|Get)[A-Za-z]+$/.test(c))).toEqual([]);
    expect(new Set(calls)).toEqual(
      new Set([
        'backup:ListProtectedResources',
        'backup:ListRecoveryPointsByResource',
        'backup:ListRecoveryPointsByBackupVault',
        'backup:GetBackupPlan',
        'backup:ListBackupVaults',
        'ec2:DescribeSubnets',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroups',
        'rds:DescribeDBSubnetGroups',
      ]),
    );
    expect(account!.calls.every((c) => c.ok)).toBe(true);

    const text = await readFile(out, 'utf8');
    const written = parse(text) as { defaults: Record<string, unknown>; targets: { resourceArn: string }[] };
    expect(written.targets.map((t) => t.resourceArn).sort()).toEqual(nhsRestorePlan().targets.map((t) => t.resourceArn).sort());
    expect(written.defaults).toMatchObject({
      sourceVault: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform',
      drVault: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-patient-platform-dr',
      restore: { aurora: { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890'], instanceClass: 'db.t4g.medium' } },
    });
    // The production subnets of London are named as refused, with their route out.
    expect(text).toMatch(/# +DB subnet group patients-db-london-db-subnets: subnet subnet-\w+: 0\.0\.0\.0\/0 -> NAT gateway nat-\w+/);
    expect(text.match(/# CHOOSE:/g)?.length).toBeGreaterThanOrEqual(7);

    // The real plan check, as an operator runs it.
    const checkIo = bufferOutput();
    expect(await planCheck(out, checkIo)).toBe(0);
    expect(checkIo.stdout[0]).toContain('plan "nhs-from-init" is valid (4 targets, regions eu-west-1 -> eu-west-2, residency UK and Ireland');

    const drill = await runLocalDrill({ plan: parse(text) });
    if (drill.refused) throw new Error(JSON.stringify(drill.problems));
    expect(drill.report?.verdict).toBe('PASSED');
    expect(drill.report?.targets.map((t) => t.targetId).sort()).toEqual(written.targets.map((t) => (t as unknown as { id: string }).id).sort());
    expect(drill.account.leftovers()).toEqual([]);
  });

  it('never guesses a residency policy, and keeps the regions inside the one it is given', async () => {
    const io = bufferOutput();
    const code = await planInit({ local: true, region: 'eu-west-1', drRegion: 'eu-west-2', allowRegions: ['eu-west-2'] }, io);
    expect(code).toBe(2);
    expect(io.stderr).toEqual([
      'dr-drill plan init: --residency-policy is required: the name of your data residency policy ("UK and Ireland"); plan init never guesses it',
      'dr-drill plan init: --region eu-west-1 is outside --allow-regions eu-west-2: a plan\'s regions must be inside its residency policy',
    ]);
  });

  it('refuses a plan name the plan would refuse, before reading anything', async () => {
    const io = bufferOutput();
    expect(await planInit({ ...FLAGS, name: 'Patients_DB' }, io)).toBe(2);
    expect(io.stderr).toEqual(['dr-drill plan init: --name Patients_DB must start with a letter and use only a-z, 0-9 and "-"']);
  });

  it('does not overwrite a file without --force', async () => {
    const out = join(dir, 'mine.yml');
    await writeFile(out, 'name: my-own-plan\n');
    const io = bufferOutput();
    expect(await planInit({ ...FLAGS, out }, io)).toBe(2);
    expect(await readFile(out, 'utf8')).toBe('name: my-own-plan\n');
    expect(io.stderr).toEqual([`dr-drill plan init: ${out} exists: give --force to overwrite it, or another --out`]);
  });
});
