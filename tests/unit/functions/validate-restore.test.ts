import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DBClusterNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { validateRestore } from '../../../functions/validate-restore/validate-restore';
import { validationResultSchema } from '../../../lib/drill/contracts';
import { ACCOUNT, OUTSIDE_REGION, childState, regionsOf, restoredName, testDeps, type ChildState } from './fixtures';

const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const efs = mockClient(EFSClient);
const ec2 = mockClient(EC2Client);
const s3 = mockClient(S3Client);

const STARTED = '2025-03-04T02:41:00.000Z';
const FINISHED = '2025-03-04T02:41:02.000Z';
/** now() is read when validation starts and when it finishes. */
const clock = () => testDeps([STARTED, FINISHED]);

const CREATED = {
  aurora: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`,
  rds: `arn:aws:rds:eu-west-2:${ACCOUNT}:db:${restoredName('gp-referrals')}`,
  dynamodb: `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName('appointments')}`,
  s3: `arn:aws:s3:::${restoredName('documents')}`,
  efs: `arn:aws:elasticfilesystem:eu-west-2:${ACCOUNT}:file-system/fs-0fedcba9876543210`,
  ebs: `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0fedcba9876543210`,
};

/** The child state when Validate Restored Resource runs: the restore job completed (Step Functions naming). */
async function restoredState(targetId: string, createdResourceArn: string): Promise<ChildState & Record<string, unknown>> {
  const state = await childState(targetId);
  return {
    ...state,
    restore: {
      jobId: '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F',
      job: {
        RestoreJobId: '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F',
        Status: 'COMPLETED',
        CreationDate: '2025-03-04T02:13:30.000Z',
        CompletionDate: '2025-03-04T02:31:30.000Z',
        CreatedResourceArn: createdResourceArn,
        PercentDone: '100.00%',
      },
    },
    ...(state.target.type === 'aurora' ? { instance: { identifier: state.names.instance, status: 'available' } } : {}),
  };
}

beforeEach(() => {
  for (const mock of [rds, dynamodb, efs, ec2, s3]) mock.reset();
});

describe('validateRestore (Validate Restored Resource)', () => {
  describe('Aurora', () => {
    it('passes a restored cluster and drill instance that are available with endpoints', async () => {
      rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [{ DBClusterIdentifier: restoredName('patients-db'), Status: 'available', Endpoint: `${restoredName('patients-db')}.cluster-c1a2b3c4d5e6.eu-west-2.rds.amazonaws.com` }],
      });
      rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [{ DBInstanceIdentifier: `${restoredName('patients-db')}-db`, DBInstanceStatus: 'available', Endpoint: { Address: 'i.eu-west-2.rds.amazonaws.com', Port: 5432 } }],
      });

      const result = await validateRestore(await restoredState('patients-db', CREATED.aurora), clock());

      expect(result).toEqual({
        passed: true,
        startedAt: STARTED,
        finishedAt: FINISHED,
        // The NHS example's patients-db declares no SQL checks here: no data age to report.
        dataAgeSeconds: null,
        checks: [
          { name: 'cluster available', passed: true, value: 'available', expected: 'available', reason: 'restored cluster is available' },
          { name: 'cluster endpoint', passed: true, value: 'present', expected: 'present', reason: 'cluster writer endpoint is present' },
          { name: 'instance available', passed: true, value: 'available', expected: 'available', reason: 'drill DB instance is available' },
          { name: 'instance endpoint', passed: true, value: 'present', expected: 'present', reason: 'DB instance endpoint is present' },
        ],
      });
      expect(validationResultSchema.safeParse(result).success).toBe(true);
    });

    it("describes the drill's own cluster and instance, in the DR region", async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', Endpoint: 'e' }] });
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', Endpoint: { Address: 'a' } }] });

      await validateRestore(await restoredState('patients-db', CREATED.aurora), clock());

      expect(rds.commandCalls(DescribeDBClustersCommand).map((c) => c.args[0].input)).toEqual([{ DBClusterIdentifier: restoredName('patients-db') }]);
      expect(rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input)).toEqual([
        { DBInstanceIdentifier: `${restoredName('patients-db')}-db` },
      ]);
      expect(await regionsOf(rds.calls())).toEqual(['eu-west-2', 'eu-west-2']);
    });

    it('answers a failed result, not an exception, when the instance is not available and has no endpoint', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', Endpoint: 'e' }] });
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'modifying' }] });

      const result = await validateRestore(await restoredState('patients-db', CREATED.aurora), clock());

      expect(result.passed).toBe(false);
      expect(result.checks.filter((c) => !c.passed)).toEqual([
        { name: 'instance available', passed: false, value: 'modifying', expected: 'available', reason: 'drill DB instance is modifying, not available' },
        { name: 'instance endpoint', passed: false, value: null, expected: 'present', reason: 'DB instance endpoint is missing' },
      ]);
    });

    // BUG (or at least a gap against the contract "a failing check is a result, not an exception"): Aurora's
    // readiness (lib/resource-types/targets/aurora/checks.ts) handles a cluster AWS does not return ("restored
    // cluster is unknown, not available"), but AWS answers a missing cluster with DBClusterNotFoundFault, which
    // validateRestore rethrows. The target still fails (the state machine catches it into failures.validate), but
    // with no checks in the report and the reason "validation failed: DBClusterNotFoundFault ..." instead of a
    // failed "cluster available" check.
    it('answers a failed check, not an exception, when the restored cluster does not exist', async () => {
      rds.on(DescribeDBClustersCommand).rejects(
        new DBClusterNotFoundFault({ $metadata: { httpStatusCode: 404 }, message: `DBCluster ${restoredName('patients-db')} not found.` }),
      );
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', Endpoint: { Address: 'a' } }] });

      const result = await validateRestore(await restoredState('patients-db', CREATED.aurora), clock());

      expect(result.passed).toBe(false);
      expect(result.checks[0]).toMatchObject({ name: 'cluster available', passed: false, value: null });
    });
  });

  describe('RDS', () => {
    it("checks the restored instance by the drill's name", async () => {
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', Endpoint: { Address: 'a', Port: 5432 } }] });

      const result = await validateRestore(await restoredState('gp-referrals', CREATED.rds), clock());

      expect(result.passed).toBe(true);
      expect(result.checks.map((c) => c.name)).toEqual(['instance available', 'instance endpoint']);
      expect(rds.commandCalls(DescribeDBInstancesCommand)[0]?.args[0].input).toEqual({ DBInstanceIdentifier: restoredName('gp-referrals') });
    });
  });

  describe('DynamoDB', () => {
    it('passes an ACTIVE table that reports an item count, with the count as the value', async () => {
      dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: restoredName('appointments'), TableStatus: 'ACTIVE', ItemCount: 1520 } });

      const result = await validateRestore(await restoredState('appointments', CREATED.dynamodb), clock());

      expect(result.checks).toEqual([
        { name: 'table active', passed: true, value: 'ACTIVE', expected: 'ACTIVE', reason: 'restored table is ACTIVE' },
        { name: 'item count reported', passed: true, value: 1520, expected: 'a number', reason: 'DynamoDB reports an item count' },
      ]);
      expect(dynamodb.commandCalls(DescribeTableCommand)[0]?.args[0].input).toEqual({ TableName: restoredName('appointments') });
      expect(await regionsOf(dynamodb.calls())).toEqual(['eu-west-2']);
    });

    it('fails a table that is still being created', async () => {
      dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'CREATING' } });

      const result = await validateRestore(await restoredState('appointments', CREATED.dynamodb), clock());

      expect(result.passed).toBe(false);
      expect(result.checks[0]).toMatchObject({ passed: false, value: 'CREATING', reason: 'restored table is CREATING, not ACTIVE' });
    });
  });

  describe('EFS', () => {
    it('checks the file system named by the restore job, in the DR region', async () => {
      efs.on(DescribeFileSystemsCommand).resolves({
        FileSystems: [
          {
            OwnerId: ACCOUNT,
            CreationToken: restoredName('shared-files'),
            FileSystemId: 'fs-0fedcba9876543210',
            CreationTime: new Date('2025-03-04T02:20:00.000Z'),
            LifeCycleState: 'available',
            NumberOfMountTargets: 0,
            SizeInBytes: { Value: 6144 },
            PerformanceMode: 'generalPurpose',
            Tags: [],
          },
        ],
      });

      const result = await validateRestore(await restoredState('shared-files', CREATED.efs), clock());

      expect(result).toMatchObject({ passed: true, checks: [{ name: 'file system available', passed: true, value: 'available' }] });
      expect(efs.commandCalls(DescribeFileSystemsCommand)[0]?.args[0].input).toEqual({ FileSystemId: 'fs-0fedcba9876543210' });
      expect(await regionsOf(efs.calls())).toEqual(['eu-west-2']);
    });
  });

  describe('EBS', () => {
    it('checks the volume named by the restore job, in the DR region', async () => {
      ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0fedcba9876543210', State: 'available' }] });

      const result = await validateRestore(await restoredState('imaging-cache', CREATED.ebs), clock());

      expect(result).toMatchObject({ passed: true, checks: [{ name: 'volume available', passed: true, value: 'available' }] });
      expect(ec2.commandCalls(DescribeVolumesCommand)[0]?.args[0].input).toEqual({ VolumeIds: ['vol-0fedcba9876543210'] });
      expect(await regionsOf(ec2.calls())).toEqual(['eu-west-2']);
    });
  });

  describe('S3', () => {
    it('passes a restored bucket with objects, counting them without naming any', async () => {
      s3.on(ListObjectsV2Command).resolves({
        KeyCount: 1000,
        IsTruncated: true,
        Contents: [{ Key: 'patients/9434765919/discharge-summary.pdf', Size: 48_213 }],
      });

      const result = await validateRestore(await restoredState('documents', CREATED.s3), clock());

      expect(result.checks).toEqual([
        { name: 'objects restored', passed: true, value: 1000, expected: '>= 1', reason: '1000+ objects in the restored bucket' },
      ]);
      expect(JSON.stringify(result)).not.toContain('9434765919');
      expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({ Bucket: restoredName('documents'), MaxKeys: 1000 });
      expect(await regionsOf(s3.calls())).toEqual(['eu-west-2']);
    });

    it('fails an empty restored bucket', async () => {
      s3.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });

      const result = await validateRestore(await restoredState('documents', CREATED.s3), clock());

      expect(result).toMatchObject({
        passed: false,
        checks: [{ name: 'objects restored', passed: false, value: 0, expected: '>= 1', reason: 'the restored bucket is empty' }],
      });
    });
  });

  describe('errors', () => {
    it('turns throttling into TransientAwsError', async () => {
      rds.on(DescribeDBClustersCommand).rejects(
        new RDSServiceException({ name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }),
      );

      const run = validateRestore(await restoredState('patients-db', CREATED.aurora), clock());

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'Throttling: Rate exceeded' });
    });

    describe('the validation ceiling', () => {
      beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
      afterEach(() => jest.useRealTimers());

      it("fails with ValidationTimeoutError, naming the ceiling, when a check runs past the target's validation seconds", async () => {
        dynamodb.on(DescribeTableCommand).callsFake(() => new Promise(() => {}));
        const state = await restoredState('appointments', CREATED.dynamodb);
        state.ceilings.validationSeconds = 120;

        const run = validateRestore(state, clock());
        const outcome = expect(run).rejects.toMatchObject({
          name: 'ValidationTimeoutError',
          message: "target appointments: validation did not finish within the plan's 120 s",
        });
        await jest.advanceTimersByTimeAsync(120_000);

        await outcome;
      });

      it('does not give up on checks that finish just inside the ceiling', async () => {
        dynamodb.on(DescribeTableCommand).callsFake(
          () => new Promise((resolve) => setTimeout(() => resolve({ Table: { TableStatus: 'ACTIVE', ItemCount: 3 } }), 119_000)),
        );
        const state = await restoredState('appointments', CREATED.dynamodb);
        state.ceilings.validationSeconds = 120;

        const run = validateRestore(state, clock());
        await jest.advanceTimersByTimeAsync(119_000);

        await expect(run).resolves.toMatchObject({ passed: true });
      });
    });

    it('refuses to validate outside the residency policy before any AWS call', async () => {
      const state = await restoredState('appointments', CREATED.dynamodb);
      state.drill.drRegion = OUTSIDE_REGION;

      const run = validateRestore(state, clock());

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message: 'target appointments validation: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
      expect(dynamodb.calls()).toHaveLength(0);
    });

    it('refuses a state without a restored resource with BadPayloadError', async () => {
      const state = await childState('appointments');

      const run = validateRestore({ ...state, restore: { jobId: 'j', job: { Status: 'COMPLETED' } } }, clock());

      await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
    });
  });
});
