// The EC2 target through every function that knows resource types: the plan schema, the restore request, the
// readiness and health checks of validation, and Check Cleanup. SDK calls are mocked; the health URL is answered by
// a real HTTP server on 127.0.0.1, since fetch itself is what is under test there.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, DescribeRecoveryPointCommand, ResourceNotFoundException as BackupNotFound } from '@aws-sdk/client-backup';
import { DescribeInstanceStatusCommand, DescribeInstancesCommand, DescribeVolumesCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { prepareRestore } from '../../../functions/prepare-restore/prepare-restore';
import { validateRestore } from '../../../functions/validate-restore/validate-restore';
import { checkCleanup } from '../../../functions/check-cleanup/check-cleanup';
import { httpHealthCheck } from '../../../lib/checks/http-health';
import { checkPlan } from '../../../lib/plan/load';
import { ACCOUNT, KIOSK_SG, KIOSK_SUBNET, childState, kioskTarget, nhsPlanInput, regionsOf, targetsOf, testDeps } from './fixtures';

const ec2 = mockClient(EC2Client);
const backup = mockClient(BackupClient);

const INSTANCE_ID = 'i-0fedcba9876543210';
const CREATED = `arn:aws:ec2:eu-west-2:${ACCOUNT}:instance/${INSTANCE_ID}`;
const DR_SUBNET = KIOSK_SUBNET;
const DR_SG = KIOSK_SG;

function planWith(target: Record<string, unknown>): Record<string, unknown> {
  const plan = nhsPlanInput();
  targetsOf(plan).push(target);
  return plan;
}

/** What GetRecoveryPointRestoreMetadata records for an instance backed up in eu-west-1: its network, zone and key. */
const RECORDED = {
  InstanceType: 'm6i.large',
  SubnetId: 'subnet-0123456789abcdef0',
  SecurityGroupIds: '["sg-0123456789abcdef0"]',
  AvailabilityZone: 'eu-west-1a',
  Placement: '{"AvailabilityZone":"eu-west-1a","Tenancy":"default"}',
  KeyName: 'ward-kiosk-prod',
  IamInstanceProfileName: 'ward-kiosk-prod',
  NetworkInterfaces: '[{"DeviceIndex":0,"SubnetId":"subnet-0123456789abcdef0","AssociatePublicIpAddress":true}]',
  DisableApiTermination: 'true',
  EbsOptimized: 'true',
};

async function restoredState(target: Record<string, unknown> = kioskTarget()) {
  const state = await childState('ward-kiosk', planWith(target));
  return {
    ...state,
    restore: {
      jobId: '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F',
      job: { RestoreJobId: '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F', Status: 'COMPLETED', CreatedResourceArn: CREATED },
    },
  };
}

const running = (privateIp = '10.20.30.40') => ({
  Reservations: [{ Instances: [{ InstanceId: INSTANCE_ID, State: { Code: 16, Name: 'running' as const }, PrivateIpAddress: privateIp }] }],
});
const statusChecks = (instance: 'ok' | 'impaired' | 'initializing', system: 'ok' | 'impaired' = 'ok') => ({
  InstanceStatuses: [
    {
      InstanceId: INSTANCE_ID,
      InstanceState: { Code: 16, Name: 'running' as const },
      InstanceStatus: { Status: instance },
      SystemStatus: { Status: system },
    },
  ],
});

beforeEach(() => {
  ec2.reset();
  backup.reset();
});

describe('the plan schema for ec2 targets', () => {
  it('accepts an instance with its isolated subnet and security groups, and defaults the checks', () => {
    const checked = checkPlan(planWith(kioskTarget({ validation: { health: { port: 8080, path: '/healthz', timeoutSeconds: 5 } } })));

    expect(checked.ok).toBe(true);
    const target = checked.ok ? checked.plan.targets.find((t) => t.id === 'ward-kiosk') : undefined;
    expect(target?.validation).toEqual({ statusChecks: true, health: { port: 8080, path: '/healthz', expectStatus: 200, timeoutSeconds: 5 } });
  });

  it('refuses an instance without a subnet, a volume ARN, and a health path without its slash', () => {
    const checked = checkPlan(
      planWith(
        kioskTarget({
          resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0123456789abcdef0`,
          restore: { securityGroupIds: [DR_SG] },
          validation: { health: { port: 8080, path: 'healthz', timeoutSeconds: 5 } },
        }),
      ),
    );

    expect(checked.ok).toBe(false);
    const paths = checked.ok ? [] : checked.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['targets[4].resourceArn', 'targets[4].restore.subnetId', 'targets[4].validation.health.path']));
  });

  it('refuses an instance in a region outside the residency policy', () => {
    const checked = checkPlan(planWith(kioskTarget({ resourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0` })));

    expect(checked.ok ? [] : checked.problems).toEqual([
      { path: 'targets[4].resourceArn', message: 'region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]' },
    ]);
  });
});

describe('prepareRestore for an EC2 instance', () => {
  it("launches into the plan's isolated subnet and security groups, dropping every setting of the source's network", async () => {
    const state = await childState('ward-kiosk', planWith(kioskTarget({ restore: { subnetId: DR_SUBNET, securityGroupIds: [DR_SG], instanceType: 't3.medium' } })));

    const request = await prepareRestore({ ...state, restoreMetadata: { metadata: RECORDED } });

    expect(request).toEqual({
      resourceType: 'EC2',
      engine: null,
      metadata: {
        EbsOptimized: 'true',
        subnetId: DR_SUBNET,
        securityGroupIds: `["${DR_SG}"]`,
        instanceType: 't3.medium',
        disableApiTermination: 'false',
        requireImdsV2: 'true',
      },
    });
  });

  it("keeps the recorded instance type when the plan names none, and names the plan's instance profile", async () => {
    const state = await childState('ward-kiosk', planWith(kioskTarget({ restore: { subnetId: DR_SUBNET, securityGroupIds: [DR_SG], iamInstanceProfileName: 'dr-drill-kiosk' } })));

    const { metadata } = await prepareRestore({ ...state, restoreMetadata: { metadata: { instanceType: 'm6i.large', subnetId: 'subnet-0123456789abcdef0' } } });

    expect(metadata).toEqual({
      subnetId: DR_SUBNET,
      securityGroupIds: `["${DR_SG}"]`,
      instanceType: 'm6i.large',
      iamInstanceProfileName: 'dr-drill-kiosk',
      disableApiTermination: 'false',
      requireImdsV2: 'true',
    });
  });
});

describe('validateRestore for an EC2 instance', () => {
  it('passes a running instance whose status checks are ok, asking EC2 in the DR region', async () => {
    ec2.on(DescribeInstancesCommand).resolves(running());
    ec2.on(DescribeInstanceStatusCommand).resolves(statusChecks('ok'));

    const result = await validateRestore({ ...(await restoredState()) }, testDeps());

    expect(result.checks.map((c) => [c.name, c.passed, c.value])).toEqual([
      ['instance running', true, 'running'],
      ['private IP address', true, 'present'],
      ['instance status check', true, 'ok'],
      ['system status check', true, 'ok'],
    ]);
    expect(result.passed).toBe(true);
    expect(ec2).toHaveReceivedCommandWith(DescribeInstanceStatusCommand, { InstanceIds: [INSTANCE_ID], IncludeAllInstances: true });
    expect(await regionsOf(ec2.calls())).toEqual(['eu-west-2', 'eu-west-2']);
  });

  it('fails an instance whose system status check is impaired', async () => {
    ec2.on(DescribeInstancesCommand).resolves(running());
    ec2.on(DescribeInstanceStatusCommand).resolves(statusChecks('ok', 'impaired'));

    const result = await validateRestore({ ...(await restoredState()) }, testDeps());

    expect(result.passed).toBe(false);
    expect(result.checks.find((c) => c.name === 'system status check')).toEqual({
      name: 'system status check',
      passed: false,
      value: 'impaired',
      expected: 'ok',
      reason: 'system status check is impaired, not ok',
    });
  });

  it('fails an instance EC2 does not know, without erroring', async () => {
    ec2.on(DescribeInstancesCommand).rejects(new EC2ServiceException({ name: 'InvalidInstanceID.NotFound', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not found' }));
    ec2.on(DescribeInstanceStatusCommand).rejects(new EC2ServiceException({ name: 'InvalidInstanceID.NotFound', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not found' }));

    const result = await validateRestore({ ...(await restoredState()) }, testDeps());

    expect(result.passed).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'instance running', passed: false, value: null });
  });

  it('skips the status checks when the plan turns them off', async () => {
    ec2.on(DescribeInstancesCommand).resolves(running());

    const result = await validateRestore({ ...(await restoredState(kioskTarget({ validation: { statusChecks: false } }))) }, testDeps());

    expect(result.checks.map((c) => c.name)).toEqual(['instance running', 'private IP address']);
    expect(ec2).not.toHaveReceivedCommand(DescribeInstanceStatusCommand);
  });

  describe('the HTTP health URL', () => {
    let server: Server;
    let port: number;
    let answer: { status: number; delayMs: number };
    const requests: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        setTimeout(() => res.writeHead(answer.status, { 'content-type': 'text/plain' }).end('patient TEST-999-000-0042 is fine'), answer.delayMs).unref();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    beforeEach(() => {
      answer = { status: 200, delayMs: 0 };
      requests.length = 0;
    });

    const withHealth = (expectStatus?: number, timeoutSeconds = 2) =>
      restoredState(kioskTarget({ validation: { health: { port, path: '/healthz?deep=1', timeoutSeconds, ...(expectStatus ? { expectStatus } : {}) } } }));

    it("GETs the instance's private IP and compares the status code only, never the body", async () => {
      ec2.on(DescribeInstancesCommand).resolves(running('127.0.0.1'));
      ec2.on(DescribeInstanceStatusCommand).resolves(statusChecks('ok'));

      const result = await validateRestore({ ...(await withHealth()) }, testDeps());

      expect(requests).toEqual(['GET /healthz?deep=1']);
      expect(result.checks.at(-1)).toEqual({
        name: 'HTTP health',
        passed: true,
        value: 200,
        expected: 'HTTP 200',
        reason: `GET http://127.0.0.1:${port}/healthz?deep=1 answered 200`,
      });
      expect(JSON.stringify(result)).not.toContain('TEST-999');
    });

    it('fails on another status than the one expected', async () => {
      answer = { status: 503, delayMs: 0 };

      const check = await httpHealthCheck('127.0.0.1', { port, path: '/healthz', expectStatus: 200, timeoutSeconds: 2 });

      expect(check).toMatchObject({ passed: false, value: 503, expected: 'HTTP 200' });
    });

    it('passes an expected non-200 status', async () => {
      answer = { status: 204, delayMs: 0 };

      const check = await httpHealthCheck('127.0.0.1', { port, path: '/healthz', expectStatus: 204, timeoutSeconds: 2 });

      expect(check).toMatchObject({ passed: true, value: 204 });
    });

    it('gives up after its timeout', async () => {
      answer = { status: 200, delayMs: 3000 };

      const check = await httpHealthCheck('127.0.0.1', { port, path: '/slow', expectStatus: 200, timeoutSeconds: 1 });

      expect(check).toMatchObject({ passed: false, value: null, reason: `GET http://127.0.0.1:${port}/slow: no answer within 1 s` });
    });

    it('fails when nothing listens on the port', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const freePort = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));

      const check = await httpHealthCheck('127.0.0.1', { port: freePort, path: '/', expectStatus: 200, timeoutSeconds: 2 });

      expect(check).toMatchObject({ passed: false, value: null, reason: `GET http://127.0.0.1:${freePort}/: could not connect (ECONNREFUSED)` });
    });

    it('is left out, neither passed nor failed, where no network reaches the instance', async () => {
      ec2.on(DescribeInstancesCommand).resolves(running('127.0.0.1'));
      ec2.on(DescribeInstanceStatusCommand).resolves(statusChecks('ok'));

      const result = await validateRestore(
        { ...(await withHealth()) },
        { ...testDeps(), httpHealthNotRun: 'the simulation has no network to a restored instance' },
      );

      expect(requests).toEqual([]);
      expect(result.checks.map((c) => c.name)).not.toContain('HTTP health');
      expect(result.passed).toBe(true);
    });
  });
});

describe('checkCleanup for an EC2 instance', () => {
  const ROOT = 'vol-0aaaaaaaaaaaaaaa1';
  const DATA = 'vol-0bbbbbbbbbbbbbbb2';
  const volumeArn = (id: string) => `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/${id}`;
  const cleanupState = async () => ({
    ...(await restoredState()),
    copy: { jobId: 'C0', job: { state: 'COMPLETED', destinationRecoveryPointArn: `arn:aws:ec2:eu-west-2::image/ami-0fedcba9876543210` } },
    deletion: { dependents: [ROOT, DATA].map((id) => ({ kind: 'ebs-volume', id, arn: volumeArn(id) })) },
  });
  const volumesGone = () =>
    ec2.on(DescribeVolumesCommand).rejects(new EC2ServiceException({ name: 'InvalidVolume.NotFound', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not found' }));
  beforeEach(() => volumesGone());
  const copyGone = () => backup.on(DescribeRecoveryPointCommand).rejects(new BackupNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Recovery point not found' }));
  const instanceIn = (Name: 'terminated' | 'shutting-down') => ({ Reservations: [{ Instances: [{ InstanceId: INSTANCE_ID, State: { Code: Name === 'terminated' ? 48 : 32, Name } }] }] });

  it('counts a terminated instance as gone', async () => {
    copyGone();
    ec2.on(DescribeInstancesCommand).resolves(instanceIn('terminated'));

    const status = await checkCleanup(await cleanupState(), testDeps());

    expect(status).toMatchObject({
      complete: true,
      remaining: [],
      deleted: ['arn:aws:ec2:eu-west-2::image/ami-0fedcba9876543210', CREATED, volumeArn(ROOT), volumeArn(DATA)],
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { InstanceIds: [INSTANCE_ID] });
  });

  it("names a volume of the instance that outlived it (DeleteOnTermination false) as remaining", async () => {
    copyGone();
    ec2.on(DescribeInstancesCommand).resolves(instanceIn('terminated'));
    ec2.on(DescribeVolumesCommand, { VolumeIds: [DATA] }).resolves({ Volumes: [{ VolumeId: DATA, State: 'available' }] });

    const status = await checkCleanup(await cleanupState(), testDeps());

    expect(status).toMatchObject({ complete: false, remaining: [`${volumeArn(DATA)} (available)`] });
    expect(status.deleted).toContain(volumeArn(ROOT));
  });

  it('says the volumes are unknown when they could not be read before the instance was terminated', async () => {
    copyGone();
    ec2.on(DescribeInstancesCommand).resolves(instanceIn('terminated'));
    const { deletion: _unread, ...state } = await cleanupState();

    const status = await checkCleanup(state, testDeps());

    expect(status.complete).toBe(false);
    expect(status.remaining).toEqual([expect.stringMatching(/^restore job \S+ \(the EBS volumes of .*instance\/i-0fedcba9876543210 could not be read before it was terminated/)]);
  });

  it('reports an instance still shutting down as remaining', async () => {
    copyGone();
    ec2.on(DescribeInstancesCommand).resolves(instanceIn('shutting-down'));

    const status = await checkCleanup(await cleanupState(), testDeps());

    expect(status).toMatchObject({ complete: false, remaining: [`${CREATED} (shutting-down)`] });
  });

  it('counts an instance EC2 no longer knows as gone', async () => {
    copyGone();
    ec2.on(DescribeInstancesCommand).rejects(new EC2ServiceException({ name: 'InvalidInstanceID.NotFound', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not found' }));

    const status = await checkCleanup(await cleanupState(), testDeps());

    expect(status.complete).toBe(true);
  });
});
