import { approvalRequest, logNotifier, requestApproval } from '../../../functions/request-approval/request-approval';
import { failoverItem, failoverDeps } from './failover-fixtures';

const EXECUTION = 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-failover-target:d1a2b3c4-patients-global';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAf7Tq2VrYUzl0secret-task-token';

describe('requestApproval (Request Approval)', () => {
  it('announces the exact approve command and the deadline, and returns nothing for the waiting task', async () => {
    const notify = jest.fn(async () => undefined);

    const result = await requestApproval({ item: failoverItem(), taskToken: TOKEN, executionArn: EXECUTION }, failoverDeps(['2025-03-04T03:00:00.000Z']), [notify]);

    expect(result).toEqual({});
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(
      expect.objectContaining({
        targetId: 'patients-global',
        globalClusterIdentifier: 'patients-global',
        executionArn: EXECUTION,
        command: `dr-drill approve ${EXECUTION}`,
        deadline: '2025-03-04T04:00:00.000Z',
      }),
    );
  });

  it('says what will change in production, how to approve and what happens if nobody does', () => {
    const request = approvalRequest(failoverItem(), EXECUTION, new Date('2025-03-04T03:00:00.000Z'));

    expect(request.message).toContain('switch the PRODUCTION Aurora global database patients-global from eu-west-1 to eu-west-2 by a planned switchover');
    expect(request.message).toContain(`To approve, run: dr-drill approve ${EXECUTION} .`);
    expect(request.message).toContain('If nobody approves by 2025-03-04T04:00:00.000Z, the drill ends and nothing is changed.');
  });

  it('says when the drill rehearses an unplanned failover with data loss allowed', () => {
    const item = failoverItem((i) => {
      i.target.mode = 'failover';
    });

    expect(approvalRequest(item, EXECUTION, new Date()).message).toContain('by a failover with data loss allowed (FailoverGlobalCluster)');
  });

  it('logs the request without the task token', async () => {
    const log = { info: jest.fn() };

    await requestApproval({ item: failoverItem(), taskToken: TOKEN, executionArn: EXECUTION }, failoverDeps(), [logNotifier(log)]);

    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info.mock.calls[0]?.[0]).toContain(`dr-drill approve ${EXECUTION}`);
    expect(JSON.stringify(log.info.mock.calls)).not.toContain(TOKEN);
  });

  it('refuses an event without a task token as BadPayloadError, announcing nothing', async () => {
    const notify = jest.fn(async () => undefined);

    await expect(requestApproval({ item: failoverItem(), executionArn: EXECUTION }, failoverDeps(), [notify])).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(notify).not.toHaveBeenCalled();
  });
});
