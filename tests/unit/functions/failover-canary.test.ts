import { failoverCanary } from '../../../functions/failover-canary/failover-canary';
import { CanarySqlError } from '../../../lib/failover/canary-sql';
import { DRILL_ID, OUTSIDE_REGION } from './fixtures';
import { DR, DR_CLUSTER_ARN, DR_SECRET, PRIMARY, PRIMARY_CLUSTER_ARN, PRIMARY_SECRET, failoverDeps, failoverItem, memoryCanary } from './failover-fixtures';

const MARKER = `${DRILL_ID}-patients-global`;
const endpoint = (region: string, clusterArn: string, secretArn: string) => ({
  clusterArn,
  region,
  engine: 'postgres',
  database: 'patients',
  table: 'dr_drill_canary',
  secretArn,
  dataApi: false,
});

describe('failoverCanary (Failover Canary)', () => {
  it('writes the drill\'s marker into the PRIMARY cluster with the primary secret, returning the database\'s own time', async () => {
    const canary = memoryCanary();

    const result = await failoverCanary({ item: failoverItem(), action: 'write' }, failoverDeps(undefined, { canary }));

    expect(result).toEqual({ marker: MARKER, writtenAt: '2025-03-04T03:00:00.250Z', region: PRIMARY });
    expect(canary.write).toHaveBeenCalledWith(endpoint(PRIMARY, PRIMARY_CLUSTER_ARN, PRIMARY_SECRET), MARKER);
    expect(canary.read).not.toHaveBeenCalled();
  });

  it('reads the marker in the DR cluster with the DR secret', async () => {
    const canary = memoryCanary();

    const result = await failoverCanary({ item: failoverItem(), action: 'read', region: DR }, failoverDeps(['2025-03-04T03:01:00.000Z'], { canary }));

    expect(result).toEqual({
      marker: MARKER,
      found: true,
      writtenAt: '2025-03-04T03:00:00.250Z',
      newestWrittenAt: '2025-03-04T03:00:00.250Z',
      checkedAt: '2025-03-04T03:01:00.000Z',
      region: DR,
    });
    expect(canary.read).toHaveBeenCalledWith(endpoint(DR, DR_CLUSTER_ARN, DR_SECRET), MARKER);
  });

  it('reports a missing marker as found: false with the newest row the cluster holds', async () => {
    const canary = memoryCanary();
    canary.read.mockResolvedValue({ writtenAt: null, newestWrittenAt: '2025-02-02T03:00:00.000Z' });

    const result = await failoverCanary({ item: failoverItem(), action: 'read', region: DR }, failoverDeps(undefined, { canary }));

    expect(result).toMatchObject({ found: false, writtenAt: null, newestWrittenAt: '2025-02-02T03:00:00.000Z' });
  });

  it('uses the Data API when the plan asks for it', async () => {
    const canary = memoryCanary();
    const item = failoverItem((i) => {
      i.target.canary.dataApi = true;
    });

    await failoverCanary({ item, action: 'write' }, failoverDeps(undefined, { canary }));

    expect(canary.write).toHaveBeenCalledWith(expect.objectContaining({ dataApi: true }), MARKER);
  });

  it('fails the write with CanaryWriteError naming the cluster and the database\'s reason', async () => {
    const canary = memoryCanary();
    canary.write.mockRejectedValue(new CanarySqlError('permission denied for table dr_drill_canary'));

    const run = failoverCanary({ item: failoverItem(), action: 'write' }, failoverDeps(undefined, { canary }));

    await expect(run).rejects.toMatchObject({
      name: 'CanaryWriteError',
      message: 'the canary marker could not be written in the primary cluster patients-db (eu-west-1): permission denied for table dr_drill_canary',
    });
  });

  it('fails the read with CanaryReadError', async () => {
    const canary = memoryCanary();
    canary.read.mockRejectedValue(Object.assign(new Error('Secrets Manager can\'t find the specified secret.'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }));

    const run = failoverCanary({ item: failoverItem(), action: 'read', region: DR }, failoverDeps(undefined, { canary }));

    await expect(run).rejects.toMatchObject({
      name: 'CanaryReadError',
      message: "the canary could not be read in the cluster patients-db-london (eu-west-2): ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    });
  });

  it('turns AWS throttling into TransientAwsError, which the state machine retries', async () => {
    const canary = memoryCanary();
    canary.write.mockRejectedValue(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));

    const run = failoverCanary({ item: failoverItem(), action: 'write' }, failoverDeps(undefined, { canary }));

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
  });

  it('refuses to read in a region that is neither of the plan\'s, and outside the policy, before touching the store', async () => {
    const canary = memoryCanary();
    const item = failoverItem((i) => {
      i.drRegion = OUTSIDE_REGION;
    });

    await expect(failoverCanary({ item: failoverItem(), action: 'read', region: 'eu-central-1' }, failoverDeps(undefined, { canary }))).rejects.toMatchObject({ name: 'BadPayloadError' });
    await expect(failoverCanary({ item, action: 'read', region: OUTSIDE_REGION }, failoverDeps(undefined, { canary }))).rejects.toMatchObject({ name: 'ResidencyViolationError' });
    expect(canary.read).not.toHaveBeenCalled();
  });

  it('refuses an unknown action as BadPayloadError', async () => {
    await expect(failoverCanary({ item: failoverItem(), action: 'delete' }, failoverDeps())).rejects.toMatchObject({ name: 'BadPayloadError' });
  });
});
