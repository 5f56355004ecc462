// Scenario: an EC2 instance drilled with the NHS example plan, on the REAL definitions and the local simulation.
// The instance is restored into the plan's isolated subnet, waited for until its status checks settle, validated,
// terminated, and confirmed gone; every call stays inside the residency policy.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import type { TaskFaults } from '../../local/runner/task-faults';
import type { LocalStack } from '../../local/stack/stack';
import { KIOSK_SUBNET, nhsPlanWithKiosk } from './example-plans';
import { withoutAction } from './scenario-helpers';

// A restored PostgreSQL starts in PGlite (a few seconds) when the whole plan is drilled.
jest.setTimeout(60_000);

const ALLOWED = ['eu-west-1', 'eu-west-2'];

type Ran = Extract<LocalDrillResult, { refused: false }> & { restoreMetadata: Record<string, string> | undefined };
async function drill(options: { faults?: string[]; only?: string[]; taskFaults?: TaskFaults; editStack?: (stack: LocalStack) => LocalStack } = {}): Promise<Ran> {
  let restoreMetadata: Record<string, string> | undefined;
  const result = await runLocalDrill({
    plan: nhsPlanWithKiosk(),
    ...options,
    onEngineEvent: ({ event, execution }) => {
      if ((execution.input as { targetId?: string }).targetId !== 'ward-kiosk') return;
      if (event.type === 'StateEntered' && event.state?.name === 'Start Restore Job') {
        restoreMetadata = (event.state.input as { restoreRequest: { metadata: Record<string, string> } }).restoreRequest.metadata;
      }
    },
  });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return { ...result, restoreMetadata };
}

const kiosk = (r: Ran) => r.report?.targets.find((t) => t.targetId === 'ward-kiosk');
const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.action === action);

describe('restore drill of an EC2 instance on the local simulation', () => {
  it('restores the instance into the isolated subnet, validates it, terminates it and leaves nothing behind', async () => {
    const r = await drill();

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.report?.verdict).toBe('PASSED');
    expect(kiosk(r)?.verdict).toBe('PASSED');

    expect(callsOf(r, 'StartRestoreJob').map((c) => c.region)).toEqual(Array(5).fill('eu-west-2'));
    const metadata = r.restoreMetadata ?? {};
    expect(metadata).toMatchObject({ subnetId: KIOSK_SUBNET, securityGroupIds: '["sg-0a1b2c3d4e5f60718"]', instanceType: 't3.medium', disableApiTermination: 'false' });
    // Nothing of the source's network, AZ, placement or key pair goes into the DR region.
    const keys = Object.keys(metadata).map((k) => k.toLowerCase());
    for (const key of ['availabilityzone', 'placement', 'keyname', 'networkinterfaces']) expect(keys).not.toContain(key);

    expect(kiosk(r)?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['instance running', true],
      ['private IP address', true],
      ['instance status check', true],
      ['system status check', true],
    ]);
    // The simulation has no network to the instance: the health URL is left out, never shown as proven.

    const terminate = callsOf(r, 'TerminateInstances');
    expect(terminate.map((c) => [c.region, c.ok])).toEqual([['eu-west-2', true]]);
    expect(kiosk(r)?.cleanup).toMatchObject({ complete: true, leftBehind: [], errors: [] });
    expect(kiosk(r)?.cleanup.deleted).toEqual(expect.arrayContaining([expect.stringMatching(/^arn:aws:ec2:eu-west-2:\d{12}:instance\/i-/)]));

    expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });

  it("deletes the restored instance's data volume too, though its DeleteOnTermination was false, and confirms each volume gone", async () => {
    const r = await drill({ only: ['ward-kiosk'] });

    // The instance came up with the AMI's two volumes: the root (deleted with it) and a data volume (preserved).
    const described = callsOf(r, 'DescribeInstances').find((c) => c.ok && c.targetId === 'ward-kiosk');
    expect(described).toBeDefined();
    const modified = callsOf(r, 'ModifyInstanceAttribute');
    expect(modified.map((c) => [c.ok, (c.input as { BlockDeviceMappings: unknown }).BlockDeviceMappings])).toEqual([
      [true, [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true } }]],
      [true, [{ DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: true } }]],
    ]);
    expect(Math.max(...modified.map((c) => c.seq))).toBeLessThan(callsOf(r, 'TerminateInstances')[0]!.seq);

    const volumes = (kiosk(r)?.cleanup.deleted ?? []).filter((arn) => arn.includes(':volume/vol-'));
    expect(volumes).toHaveLength(2);
    expect(kiosk(r)?.cleanup).toMatchObject({ complete: true, leftBehind: [], errors: [] });
    expect(r.account.resources().filter((x) => x.kind === 'ebs-volume' && x.createdByDrill)).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('without DeleteOnTermination set, terminating leaves the data volume, and Check Cleanup names it as left behind', async () => {
    // What the definition did before: the instance terminated as restored. Delete Restored Resource's role without
    // ModifyInstanceAttribute: every one is denied, the volumes' flags stay as the AMI set them, the terminate goes on.
    const withoutModify = (stack: LocalStack): LocalStack => withoutAction(stack, 'DeleteRestoredIamRoleLambdaExecution', 'ec2:ModifyInstanceAttribute');
    const r = await drill({ only: ['ward-kiosk'], editStack: withoutModify });

    expect(callsOf(r, 'TerminateInstances').filter((c) => c.ok)).toHaveLength(1);
    const left = r.account.leftovers();
    expect(left.map((l) => [l.kind, l.state])).toEqual([['ebs-volume', 'available']]);
    expect(kiosk(r)?.verdict).toBe('FAILED');
    expect(kiosk(r)?.cleanup.complete).toBe(false);
    expect(kiosk(r)?.cleanup.leftBehind).toEqual([`${left[0]!.arn} (available)`]);
    expect(kiosk(r)?.cleanup.errors.join(' ')).toContain('deleteDependents: ');
    expect(kiosk(r)?.cleanup.errors.join(' ')).toContain('DeleteOnTermination could not be set');
  });

  it('fails the target when a status check is impaired, and still terminates the instance', async () => {
    const r = await drill({ only: ['ward-kiosk'], faults: ['validation-failed:ward-kiosk'] });

    expect(r.report?.verdict).toBe('FAILED');
    expect(kiosk(r)?.verdict).toBe('FAILED');
    const checks = kiosk(r)?.checks ?? [];
    expect(checks.find((c) => c.name === 'instance status check')).toMatchObject({ passed: false, value: 'impaired', expected: 'ok' });
    // Readiness failed: the health URL is not even tried.
    expect(checks.find((c) => c.name === 'HTTP health')).toBeUndefined();

    expect(callsOf(r, 'TerminateInstances').filter((c) => c.ok)).toHaveLength(1);
    expect(kiosk(r)?.cleanup).toMatchObject({ complete: true, leftBehind: [] });
    expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });
});
