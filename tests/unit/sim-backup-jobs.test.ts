// The simulated on-demand backup `dr-drill smoke` uses: CreateTable and PutItem, then StartBackupJob makes a job
// (CREATED -> RUNNING -> COMPLETED, as DescribeBackupJob reports it) and a recovery point in the vault, tagged, listed
// once the job has completed and holding the table's items; an idempotency token returns the same job; a role AWS
// Backup cannot assume and a resource in another region are refused.
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { nhsRestorePlan } from '../statemachines/example-plans';

const PRIMARY = 'eu-west-1';

async function world() {
  const plan = nhsRestorePlan();
  const clock = new SimClock(Date.UTC(2025, 2, 4, 3, 30));
  const sim = new SimAccount({ clock, regions: [PRIMARY, 'eu-west-2'] });
  sim.seedFromPlan(plan);
  const created = await sim.call(PRIMARY, 'dynamodb', 'CreateTable', {
    TableName: 'drdrill-0badcafe-smoke',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    Tags: [{ Key: 'dr-drill:smoke', Value: 'test' }],
  });
  await sim.call(PRIMARY, 'dynamodb', 'PutItem', { TableName: 'drdrill-0badcafe-smoke', Item: { pk: { S: 'a' } } });
  const tableArn = (created.TableDescription as { TableArn: string }).TableArn;
  return { plan, clock, sim, tableArn, role: plan.targets[0]!.backupRoleArn };
}

describe('simulated StartBackupJob and DescribeBackupJob', () => {
  it('backs the table up into the vault, job and recovery point as the SDK describes them', async () => {
    const { sim, clock, tableArn, role } = await world();
    const input = { BackupVaultName: 'nhs-patient-platform', ResourceArn: tableArn, IamRoleArn: role, IdempotencyToken: 'tok-1', RecoveryPointTags: { 'dr-drill:smoke': 'test' } };
    const started = await sim.call(PRIMARY, 'backup', 'StartBackupJob', input);
    const again = await sim.call(PRIMARY, 'backup', 'StartBackupJob', input);
    expect(again.BackupJobId).toBe(started.BackupJobId);

    const states: string[] = [];
    for (let i = 0; i < 12; i++) {
      const job = await sim.call(PRIMARY, 'backup', 'DescribeBackupJob', { BackupJobId: started.BackupJobId });
      if (states.at(-1) !== job.State) states.push(job.State as string);
      if (job.State === 'COMPLETED') {
        expect(job).toMatchObject({ RecoveryPointArn: started.RecoveryPointArn, ResourceArn: tableArn, ResourceType: 'DynamoDB', IamRoleArn: role });
        break;
      }
      await clock.sleep(60_000);
    }
    expect(states).toEqual(['CREATED', 'RUNNING', 'COMPLETED']);

    const listed = await sim.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'nhs-patient-platform', ByResourceArn: tableArn });
    expect(listed.RecoveryPoints).toEqual([expect.objectContaining({ RecoveryPointArn: started.RecoveryPointArn, Status: 'COMPLETED' })]);
    const tags = await sim.call(PRIMARY, 'backup', 'ListTags', { ResourceArn: started.RecoveryPointArn });
    expect(tags.Tags).toEqual({ 'dr-drill:smoke': 'test' });
    clock.dispose();
  });

  it('refuses a role AWS Backup cannot assume and a vault of another region', async () => {
    const { sim, clock, tableArn, role } = await world();
    await expect(sim.call(PRIMARY, 'backup', 'StartBackupJob', { BackupVaultName: 'nhs-patient-platform', ResourceArn: tableArn, IamRoleArn: 'arn:aws:iam::111122223333:role/nobody' })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(sim.call('eu-west-2', 'backup', 'StartBackupJob', { BackupVaultName: 'nhs-patient-platform-dr', ResourceArn: tableArn, IamRoleArn: role })).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    clock.dispose();
  });
});
