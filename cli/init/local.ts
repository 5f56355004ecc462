// `dr-drill plan init --local`: the same reads against the simulated account a plan seeds (by default the NHS example's,
// as `dr-drill run --local` runs it): its protected resources, vaults, recovery points and backup plan in the primary
// region, and in the DR region its vaults, the isolated network its restores name, and the production network of its
// global database. The SDK clients plan init builds are answered by the simulation (local/runner/sdk-bridge.ts); the
// calls are the operator's own, outside the stack's IAM, and recorded for tests.
import { BackupClient } from '@aws-sdk/client-backup';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { AwsClients } from '../../lib/aws/clients';
import type { Plan } from '../../lib/plan/schema';
import { simulatedClients } from '../../local/runner/sdk-bridge';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';

export interface LocalInitAccount {
  clients: AwsClients;
  account: SimAccount;
  now: Date;
}

/** Runs `work` against the simulated account `seedPlan` describes, then disposes of it. */
export async function withSimulatedAccount<T>(seedPlan: Plan, regions: readonly string[], work: (local: LocalInitAccount) => Promise<T>): Promise<T> {
  const clock = new SimClock(Date.now());
  const all = [...new Set([...seedPlan.residency.allowedRegions, seedPlan.regions.primary, seedPlan.regions.dr, ...regions])];
  const account = new SimAccount({ clock, regions: all, seed: seedPlan.name });
  try {
    account.seedFromPlan(seedPlan);
    const route = simulatedClients(account, clock);
    const clients = new AwsClients({ backup: BackupClient, ec2: EC2Client, rds: RDSClient }, (client, service, region, endpoint) => route(client, service, region, endpoint));
    return await work({ clients, account, now: new Date(clock.now()) });
  } finally {
    clock.dispose();
    await account.databases.close();
  }
}
