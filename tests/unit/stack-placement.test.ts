// A local run of a plan whose regions differ from deployed/plan.yml's runs on the deployed stack placed for it
// (local/stack/packaged.ts, templateFor): the same as packaging the service with that plan as its deployed plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageInCopy } from '../../local/stack/package-copy';
import { PROJECT_ROOT, templateFor, type PackagedTemplate } from '../../local/stack/packaged';

jest.setTimeout(240_000);

/** What differs between two packagings of the same sources: the upload key's timestamp and the code hashes. */
function comparable(template: PackagedTemplate): unknown {
  const resources = Object.entries(template.Resources)
    .filter(([, r]) => r.Type !== 'AWS::Lambda::Version')
    .map(([id, r]) => [id, r.Type === 'AWS::Lambda::Function' ? { ...r, Properties: { ...r.Properties, Code: 'code' } } : r]);
  return { Resources: Object.fromEntries(resources), Conditions: template.Conditions };
}

describe('a stack placed for another plan', () => {
  it('is the stack serverless packages with that plan as its deployed plan (the Australian example)', () => {
    const packaged = packageInCopy({ stage: 'dev', region: 'ap-southeast-4', env: { DR_DRILL_DEPLOYED_PLAN: join(PROJECT_ROOT, 'examples', 'au-imaging.yml') } });
    const plan = parse(readFileSync(join(PROJECT_ROOT, 'examples', 'au-imaging.yml'), 'utf8')) as { name: string; residency: { allowedRegions: string[] } };
    const placed = templateFor({ ...plan, schedule: { cron: 'cron(0 3 ? * SAT#2 *)', timezone: 'Australia/Melbourne', enabled: false } }, { region: 'ap-southeast-4', allowedRegions: plan.residency.allowedRegions });
    const schedule = Object.values(placed.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule')!;
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(0 3 ? * SAT#2 *)', ScheduleExpressionTimezone: 'Australia/Melbourne', State: 'DISABLED' });
    const asPackaged = templateFor(plan, { region: 'ap-southeast-4', allowedRegions: plan.residency.allowedRegions });

    expect(JSON.stringify(packaged)).toContain('"ap-southeast-2","ap-southeast-4"');
    expect(comparable(asPackaged)).toEqual(comparable(packaged));
  });
});
