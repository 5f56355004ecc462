// SNS on the simulated account, through the real SDK v3 client: the notify function publishes a drill's report to
// the deployment's topic as it would in AWS, and the local run reads back the message and the Slack payload.
import { PublishCommand } from '@aws-sdk/client-sns';
import { makeHandler } from '../../functions/notify/handler';
import { AwsClients } from '../../lib/aws/clients';
import { ALL_CLIENTS } from '../../lib/aws/all-clients';
import { DrillStore } from '../../lib/drill/store';
import type { Deps } from '../../lib/lambda/deps';
import { simulatedClients } from '../../local/runner/sdk-bridge';
import { NOTIFY_OPERATIONS, SIMULATED_OPERATIONS, SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { localNotifications } from '../../local/sim/notifications';
import { approvalTimedOut } from './failover-result-fixtures';
import { PATIENT_NAME, failedOnData, reportOf, restoreTargets } from './notify-fixtures';
import { drill } from './report-fixtures';

const DR = 'eu-west-2';
const STORE = 'dr-drill-local-drillstore';

function setUp() {
  const clock = new SimClock(Date.UTC(2025, 2, 4, 3, 30));
  const account = new SimAccount({ clock, regions: ['eu-west-1', DR] });
  account.createBucket(STORE, DR);
  const topicArn = account.createTopic('dr-drill-local-drills', DR);
  const clients = new AwsClients(ALL_CLIENTS, simulatedClients(account, clock));
  const deps: Deps = { clients, region: DR, now: () => new Date(clock.now()), storeBucket: STORE };
  return { clock, account, topicArn, clients, deps };
}

async function storeReport(deps: Deps): Promise<void> {
  await new DrillStore(deps, STORE).putReport(drill.id, reportOf([failedOnData(), ...restoreTargets().slice(1)], [approvalTimedOut()]));
}

describe('SNS on the simulated account', () => {
  it('keeps Publish apart from the restore drill operations', () => {
    expect(NOTIFY_OPERATIONS).toEqual({ sns: ['Publish'] });
    expect(SIMULATED_OPERATIONS.sns).toBeUndefined();
  });

  it("records the notify function's Publish and gives the local run the message and the Slack payload", async () => {
    const { clock, account, topicArn, deps } = setUp();
    await storeReport(deps);

    const out = await makeHandler(deps, { topicArn })({ drill });
    clock.dispose();

    const call = account.calls.find((c) => c.service === 'sns')!;
    expect(call).toMatchObject({ region: DR, action: 'Publish', ok: true, input: { TopicArn: topicArn, MessageStructure: 'json' } });
    const [note, ...others] = localNotifications(account);
    expect(others).toEqual([]);
    expect(note).toMatchObject({
      topicArn,
      messageId: out.messageId,
      subject: 'FAILED nhs-patient-platform: 1/4 targets failed; failover NOT RUN (patients-global)',
      attributes: { verdict: 'FAILED', plan: 'nhs-patient-platform', kind: 'drill', loud: 'false' },
      structured: { drillId: drill.id, verdict: 'FAILED' },
    });
    expect(note!.text).toContain('  FAILED  patients-db (aurora)');
    expect(note!.text).toContain(`Report: https://${DR}.console.aws.amazon.com/s3/object/${STORE}?region=${DR}&bucketType=general&prefix=drills/${drill.id}/report.json`);
    expect(note!.slack!.blocks[0]).toMatchObject({ type: 'header', text: { text: ':x: FAILED nhs-patient-platform' } });
    expect(JSON.stringify(note)).not.toContain(PATIENT_NAME);
  });

  it('answers NotFound for a topic that does not exist, or asked of another region, and the notify function names it', async () => {
    const { clock, account, topicArn, deps } = setUp();
    await storeReport(deps);

    await expect(makeHandler(deps, { topicArn: `${topicArn}-gone` })({ drill })).rejects.toMatchObject({ name: 'NotifyError', message: expect.stringContaining('NotFoundException') });
    await expect(makeHandler(deps, { topicArn: topicArn.replace(DR, 'eu-west-1') })({ drill })).rejects.toMatchObject({ name: 'NotifyError' });
    clock.dispose();

    expect(account.calls.filter((c) => c.service === 'sns').map((c) => [c.region, c.error])).toEqual([
      [DR, 'NotFound'],
      ['eu-west-1', 'NotFound'],
    ]);
    expect(localNotifications(account)).toEqual([]);
  });

  it('refuses what SNS refuses: a subject of 100 characters or a line break, a json message without "default", an untyped attribute', async () => {
    const { clock, topicArn, clients } = setUp();
    const sns = clients.get('sns', DR);
    const publish = (input: Partial<ConstructorParameters<typeof PublishCommand>[0]>) => sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'drill', ...input }));

    await expect(publish({ Subject: 'x'.repeat(100) })).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Subject' });
    await expect(publish({ Subject: 'two\nlines' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(publish({ MessageStructure: 'json', Message: '{"email":"hi"}' })).rejects.toMatchObject({ message: expect.stringContaining('No default entry') });
    await expect(publish({ MessageStructure: 'json', Message: 'not json' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(publish({ MessageAttributes: { verdict: { DataType: 'Text', StringValue: 'FAILED' } } })).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(publish({ Message: 'x'.repeat(262_145) })).rejects.toMatchObject({ message: 'Invalid parameter: Message too long' });
    await expect(publish({ Subject: 'x'.repeat(99) })).resolves.toMatchObject({ MessageId: expect.any(String) });
    clock.dispose();
  });
});
