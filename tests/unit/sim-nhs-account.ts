// The simulated account of the NHS example, seeded from the plan, with the real SDK v3 clients on it: for the suites
// that read it as a command would (the dry run's reads, plan init's reads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AwsClients } from '../../lib/aws/clients';
import { ALL_CLIENTS } from '../../lib/aws/all-clients';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { simulatedClients } from '../../local/runner/sdk-bridge';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';

export const PRIMARY = 'eu-west-1';
export const DR = 'eu-west-2';

export function nhsPlan(): Plan {
  const checked = checkPlan(parse(readFileSync(join(__dirname, '..', '..', 'examples', 'nhs-patient-platform.yml'), 'utf8')));
  if (!checked.ok) throw new Error('the NHS example must be valid');
  return checked.plan;
}

export function nhsSimAccount() {
  const clock = new SimClock(Date.UTC(2025, 4, 4, 2));
  const account = new SimAccount({ clock, regions: [PRIMARY, DR] });
  account.seedFromPlan(nhsPlan());
  return { account, clients: new AwsClients(ALL_CLIENTS, simulatedClients(account, clock)) };
}
