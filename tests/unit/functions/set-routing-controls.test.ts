import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  AccessDeniedException,
  EndpointTemporarilyUnavailableException,
  Route53RecoveryClusterClient,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { setRoutingControls } from '../../../functions/set-routing-controls/set-routing-controls';
import { OUTSIDE_REGION, regionsOf } from './fixtures';
import { ARC_ENDPOINTS, DR, DR_CONTROL, PRIMARY, PRIMARY_CONTROL, arcItem, at, failoverDeps, failoverItem } from './failover-fixtures';

const arc = mockClient(Route53RecoveryClusterClient);
const unavailable = () => new EndpointTemporarilyUnavailableException({ $metadata: { httpStatusCode: 400 }, message: 'The cluster endpoint is not available. Try another cluster endpoint.' });

/** The host each update was sent to. */
async function hostsOf(calls: { thisValue: unknown }[]): Promise<string[]> {
  return Promise.all(calls.map(async (c) => (await (c.thisValue as { config: { endpoint: () => Promise<{ hostname: string }> } }).config.endpoint()).hostname));
}
const host = (i: number) => new URL(ARC_ENDPOINTS[i]!.endpoint).hostname;

beforeEach(() => {
  arc.reset();
  arc.on(UpdateRoutingControlStatesCommand).resolves({});
});

describe('setRoutingControls (Set Routing Controls)', () => {
  it('turns the DR control On and the primary Off in one update at the first endpoint, in its region', async () => {
    const result = await setRoutingControls({ item: arcItem(), toward: DR }, failoverDeps([at(31)]));

    expect(result).toEqual({ setAt: at(31), endpoint: ARC_ENDPOINTS[0]!.endpoint });
    expect(arc).toHaveReceivedCommandTimes(UpdateRoutingControlStatesCommand, 1);
    expect(arc).toHaveReceivedCommandWith(UpdateRoutingControlStatesCommand, {
      UpdateRoutingControlStateEntries: [
        { RoutingControlArn: DR_CONTROL, RoutingControlState: 'On' },
        { RoutingControlArn: PRIMARY_CONTROL, RoutingControlState: 'Off' },
      ],
    });
    expect(await regionsOf(arc.calls())).toEqual([PRIMARY]);
    expect(await hostsOf(arc.calls())).toEqual([host(0)]);
  });

  it('sends traffic back to the primary for the failback and the rollback', async () => {
    await setRoutingControls({ item: arcItem(), toward: PRIMARY }, failoverDeps());

    expect(arc).toHaveReceivedCommandWith(UpdateRoutingControlStatesCommand, {
      UpdateRoutingControlStateEntries: [
        { RoutingControlArn: DR_CONTROL, RoutingControlState: 'Off' },
        { RoutingControlArn: PRIMARY_CONTROL, RoutingControlState: 'On' },
      ],
    });
  });

  it('tries the next endpoint when one is unavailable', async () => {
    arc.on(UpdateRoutingControlStatesCommand).rejectsOnce(unavailable()).resolves({});

    const result = await setRoutingControls({ item: arcItem(), toward: DR }, failoverDeps());

    expect(result.endpoint).toBe(ARC_ENDPOINTS[1]!.endpoint);
    expect(await hostsOf(arc.calls())).toEqual([host(0), host(1)]);
    expect(await regionsOf(arc.calls())).toEqual([PRIMARY, DR]);
  });

  it('fails with RoutingControlError naming every endpoint when none answers', async () => {
    arc.on(UpdateRoutingControlStatesCommand).rejects(unavailable());

    const run = setRoutingControls({ item: arcItem(), toward: DR }, failoverDeps());

    await expect(run).rejects.toMatchObject({
      name: 'RoutingControlError',
      message: expect.stringContaining(`${ARC_ENDPOINTS[1]!.endpoint}: EndpointTemporarilyUnavailableException: The cluster endpoint is not available`),
    });
    expect(arc).toHaveReceivedCommandTimes(UpdateRoutingControlStatesCommand, 2);
  });

  it('fails at once with RoutingControlError when AWS refuses the change: another endpoint would refuse it too', async () => {
    arc.on(UpdateRoutingControlStatesCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform: route53-recovery-cluster:UpdateRoutingControlStates' }));

    const run = setRoutingControls({ item: arcItem(), toward: DR }, failoverDeps());

    await expect(run).rejects.toMatchObject({
      name: 'RoutingControlError',
      message: 'failover target patients-global: the routing controls could not be set toward eu-west-2: AccessDeniedException: not authorized to perform: route53-recovery-cluster:UpdateRoutingControlStates',
    });
    expect(arc).toHaveReceivedCommandTimes(UpdateRoutingControlStatesCommand, 1);
  });

  it('never uses an endpoint outside the residency policy, and refuses when no other is left', async () => {
    const outside = { region: OUTSIDE_REGION, endpoint: 'https://c9d8e7f6.route53-recovery-cluster.us-east-1.amazonaws.com/v1' };
    const item = arcItem((i) => {
      i.target.routingControls!.clusterEndpoints = [outside];
    });

    const run = setRoutingControls({ item, toward: DR }, failoverDeps());

    await expect(run).rejects.toMatchObject({ name: 'ResidencyViolationError' });
    expect(arc.calls()).toHaveLength(0);
  });

  it('refuses as BadPayloadError a DNS target or a region that is neither of the plan\'s', async () => {
    await expect(setRoutingControls({ item: failoverItem(), toward: DR }, failoverDeps())).rejects.toMatchObject({ name: 'BadPayloadError' });
    await expect(setRoutingControls({ item: arcItem(), toward: OUTSIDE_REGION }, failoverDeps())).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(arc.calls()).toHaveLength(0);
  });
});
