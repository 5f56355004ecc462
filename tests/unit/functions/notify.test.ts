import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { join } from 'node:path';
import { makeHandler } from '../../../functions/notify/handler';
import { notify, notifySettings, type NotifySettings } from '../../../functions/notify/notify';
import { DrillStore } from '../../../lib/drill/store';
import { drillNotificationSchema } from '../../../lib/notify/contracts';
import type { DrillReport } from '../../../lib/report/schema';
import { approvalTimedOut } from '../failover-result-fixtures';
import { failedOnData, passedReport, reportOf, restoreTargets } from '../notify-fixtures';
import { drill } from '../report-fixtures';
import { DR_REGION, STORE_BUCKET, regionOf, testDeps } from './fixtures';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);

const TOPIC_ARN = 'arn:aws:sns:eu-west-2:111122223333:dr-drill-prod-drills';
const SETTINGS: NotifySettings = { topicArn: TOPIC_ARN };
const REPORT_KEY = `drills/${drill.id}/report.json`;

/** The drill store holding the report Build Report wrote. */
function storeWith(report: DrillReport | null) {
  s3.on(GetObjectCommand, { Bucket: STORE_BUCKET, Key: REPORT_KEY }).callsFake(() => {
    if (!report) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    return { Body: { transformToString: async () => JSON.stringify(report) } };
  });
  const deps = testDeps();
  return { deps, store: new DrillStore(deps, STORE_BUCKET) };
}

const sdkError = (name: string, status: number) => Object.assign(new Error(`${name} from SNS`), { name, $metadata: { httpStatusCode: status } });

const publishedMessage = () => JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!) as Record<string, string>;

beforeEach(() => {
  s3.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'b7c9e1f0-5d6a-4e2b-9c3d-1a2b3c4d5e6f' });
});

describe('notify (Notify)', () => {
  it('publishes the stored report to the drill topic: subject, per-protocol message and filterable attributes', async () => {
    const { deps, store } = storeWith(reportOf([failedOnData(), ...restoreTargets().slice(1)], [approvalTimedOut()]));

    const out = await notify({ drill }, deps, store, SETTINGS);

    expect(out).toEqual({ messageId: 'b7c9e1f0-5d6a-4e2b-9c3d-1a2b3c4d5e6f' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Subject: 'FAILED nhs-patient-platform: 1/4 targets failed; failover NOT RUN (patients-global)',
      MessageStructure: 'json',
      MessageAttributes: {
        verdict: { DataType: 'String', StringValue: 'FAILED' },
        plan: { DataType: 'String', StringValue: 'nhs-patient-platform' },
        kind: { DataType: 'String', StringValue: 'drill' },
        loud: { DataType: 'String', StringValue: 'false' },
      },
    });
    const message = publishedMessage();
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'lambda']);
    expect(message.email).toBe(message.default);
    expect(message.default).toMatch(/^FAILED nhs-patient-platform: 1\/4 targets failed/);
    expect(drillNotificationSchema.parse(JSON.parse(message.lambda!))).toMatchObject({ drillId: drill.id, verdict: 'FAILED' });
    expect(await regionOf(sns.commandCalls(PublishCommand)[0]!)).toBe('eu-west-2');
  });

  it("links to the drill's HTML evidence in the S3 console when the stack has an evidence bucket", async () => {
    const { deps, store } = storeWith(passedReport());

    await notify({ drill }, deps, store, { ...SETTINGS, evidenceBucket: 'dr-drill-prod-evidence' });

    const structured = JSON.parse(publishedMessage().lambda!) as { reportUrl: string };
    expect(structured.reportUrl).toBe(
      'https://eu-west-2.console.aws.amazon.com/s3/object/dr-drill-prod-evidence?region=eu-west-2&bucketType=general' +
        `&prefix=evidence/nhs-patient-platform/2025-03/${drill.id}/report.html`,
    );
  });

  it("links to the HTML Record Evidence wrote, and to the store's report with a warning when evidence failed", async () => {
    const settings = { ...SETTINGS, evidenceBucket: 'dr-drill-prod-evidence' };
    const recorded = storeWith(passedReport());
    await notify({ drill, evidence: { htmlKey: 'evidence/x/report.html', evidenceKey: 'evidence/x/evidence.json' } }, recorded.deps, recorded.store, settings);
    expect(publishedMessage().default).toContain('&prefix=evidence/x/report.html\n');

    sns.resetHistory();
    const failed = storeWith(passedReport());
    await notify({ drill, evidenceError: { Error: 'TransientAwsError', Cause: 'SlowDown' } }, failed.deps, failed.store, settings);
    const text = publishedMessage().default!;
    expect(text).toContain(`/s3/object/${STORE_BUCKET}?`);
    expect(text).toContain("Evidence: NOT recorded (TransientAwsError); the report above is the drill store's copy");
    expect(text).not.toContain('SlowDown');
  });

  it("links to the report in the drill store otherwise, at Build Report's location", async () => {
    const { deps, store } = storeWith(passedReport());

    await notify({ drill, reportLocation: `s3://${STORE_BUCKET}/${REPORT_KEY}` }, deps, store, SETTINGS);

    expect(publishedMessage().default).toContain(
      `Report: https://${DR_REGION}.console.aws.amazon.com/s3/object/${STORE_BUCKET}?region=${DR_REGION}&bucketType=general&prefix=${REPORT_KEY}`,
    );
  });

  it('retries throttling and SNS failures as TransientAwsError, KMS throttling included', async () => {
    for (const [name, status] of [
      ['ThrottledException', 429],
      ['InternalErrorException', 500],
      ['KMSThrottlingException', 400],
    ] as const) {
      sns.on(PublishCommand).rejects(sdkError(name, status));
      const { deps, store } = storeWith(passedReport());

      await expect(notify({ drill }, deps, store, SETTINGS)).rejects.toMatchObject({ name: 'TransientAwsError', message: expect.stringContaining(name) });
    }
  });

  it('fails with NotifyError, never retried, when SNS refuses the message or the topic is gone', async () => {
    for (const [name, status] of [
      ['AuthorizationErrorException', 403],
      ['NotFoundException', 404],
      ['KMSDisabledException', 400],
    ] as const) {
      sns.on(PublishCommand).rejects(sdkError(name, status));
      const { deps, store } = storeWith(passedReport());

      await expect(notify({ drill }, deps, store, SETTINGS)).rejects.toMatchObject({ name: 'NotifyError', message: expect.stringContaining(TOPIC_ARN) });
    }
  });

  it('fails with NotifyError, publishing nothing, when the drill has no stored report', async () => {
    const { deps, store } = storeWith(null);

    await expect(notify({ drill }, deps, store, SETTINGS)).rejects.toMatchObject({ name: 'NotifyError', message: expect.stringContaining('NoSuchKey') });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('fails with NotifyError when the stored report is not a drill report, or is of another drill', async () => {
    const { deps, store } = storeWith({ ...passedReport(), verdict: 'MAYBE' } as unknown as DrillReport);
    await expect(notify({ drill }, deps, store, SETTINGS)).rejects.toMatchObject({ name: 'NotifyError', message: expect.stringContaining('verdict') });

    const other = storeWith({ ...passedReport(), drillId: 'd99999999' });
    await expect(notify({ drill }, other.deps, other.store, SETTINGS)).rejects.toMatchObject({ name: 'NotifyError' });
  });

  it('refuses an event without a drill context as BadPayloadError', async () => {
    const { deps, store } = storeWith(passedReport());

    await expect(notify({ reportLocation: 's3://x/y' }, deps, store, SETTINGS)).rejects.toMatchObject({ name: 'BadPayloadError' });
  });
});

describe('notify settings and cold start', () => {
  it('reads the topic and the evidence bucket from the environment', () => {
    expect(notifySettings({ DRILL_TOPIC_ARN: TOPIC_ARN, EVIDENCE_BUCKET: 'ev' })).toEqual({ topicArn: TOPIC_ARN, evidenceBucket: 'ev' });
    expect(notifySettings({ DRILL_TOPIC_ARN: TOPIC_ARN })).toEqual({ topicArn: TOPIC_ARN, evidenceBucket: undefined });
  });

  it('fails fast naming DRILL_TOPIC_ARN when it is missing or not a topic ARN', () => {
    expect(() => notifySettings({})).toThrow('DRILL_TOPIC_ARN is not set');
    expect(() => notifySettings({ DRILL_TOPIC_ARN: 'arn:aws:sqs:eu-west-2:111122223333:drills' })).toThrow('DRILL_TOPIC_ARN is not an SNS topic ARN');
  });

  it('runs with the settings a local run passes, without reading the environment', async () => {
    const { deps } = storeWith(passedReport());

    const run = makeHandler({ ...deps, storeBucket: STORE_BUCKET }, SETTINGS);

    await expect(run({ drill })).resolves.toEqual({ messageId: 'b7c9e1f0-5d6a-4e2b-9c3d-1a2b3c4d5e6f' });
  });

  it('fails the cold start inside Lambda when DRILL_TOPIC_ARN is missing, naming the variable', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_LAMBDA_FUNCTION_NAME: 'dr-drill-prod-notify', AWS_REGION: 'eu-west-2', DRILL_STORE_BUCKET: STORE_BUCKET });
    delete process.env.DRILL_TOPIC_ARN;
    try {
      const load = jest.isolateModulesAsync(async () => {
        await import(join(__dirname, '..', '..', '..', 'functions', 'notify', 'handler'));
      });

      await expect(load).rejects.toThrow('DRILL_TOPIC_ARN is not set');
    } finally {
      process.env = saved;
    }
  });
});
