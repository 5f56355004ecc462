// `dr-drill run --local` of a plan with selections only: the run says, before the drill, that it cannot see the
// operator's vaults and which resources it invented for each selection; the dry run then resolves the selection to
// the ones invented to match (the real CLI in-process, a dry run: nothing is restored).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { bufferOutput, main } from '../../cli/index';

jest.setTimeout(60_000);

const ACCOUNT = '111122223333';
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dr-drill-run-selections-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs a plan of selections only on resources it invents, and says so first', async () => {
  const file = join(dir, 'selections-only.yml');
  writeFileSync(
    file,
    stringify({
      name: 'selections-only',
      residency: { policy: 'UK and Ireland', allowedRegions: ['eu-west-1', 'eu-west-2'] },
      regions: { primary: 'eu-west-1', dr: 'eu-west-2' },
      objectives: { rtoMinutes: 60, rpoMinutes: 1440 },
      defaults: {
        sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`,
        drVault: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`,
        backupRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
      },
      targets: [],
      selections: [{ name: 'prod-tables', type: 'dynamodb', conditions: { stringEquals: { env: 'prod' } } }],
    }),
  );
  const output = bufferOutput();

  const code = await main(['run', '--local', '--plan', file, '--dry-run', '--no-progress', '--no-color', '--out', join(dir, 'out')], output);

  expect(code).toBe(0);
  const table = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`;
  expect(output.stdout.slice(0, 3)).toEqual([
    'Drilling plan "selections-only" on the local simulation: 0 targets and 1 selection(s), regions eu-west-1 -> eu-west-2',
    'Selections: a local run cannot know what your vaults protect, so the simulated account holds, for each selection:',
    `  prod-tables (invented): ${table('sim-prod-tables-1')} (env=prod), ${table('sim-prod-tables-2')} (env=prod); and, not to be selected: ${table('sim-prod-tables-other')} (env=prod-not)`,
  ]);
  expect(output.stdout.join('\n')).toContain(`2 resources: prod-tables-sim-prod-tables-1 (${table('sim-prod-tables-1')}), prod-tables-sim-prod-tables-2 (${table('sim-prod-tables-2')})`);
});
