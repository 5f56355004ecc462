// The restore-target role may delete a restored resource only while it carries the drill's tag (IAM, see
// tests/unit/iam-least-privilege.test.ts). These scenarios run the REAL definitions on the local simulation and
// show that every delete of a restored resource follows a successful tagging of that very resource, even when
// Tag Restored Resource itself failed.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { TaskFaults } from '../../local/runner/task-faults';
import type { CallRecord } from '../../local/sim/account';
import { nhsCopyPlanInput } from './example-plans';

jest.setTimeout(60_000);

// Through the drill's own copy (recoveryPoint.source: copy): the copy is one of the things it tags.
const nhsPlanInput = nhsCopyPlanInput;

type Ran = Extract<LocalDrillResult, { refused: false }>;
async function drill(taskFaults?: TaskFaults): Promise<Ran> {
  const result = await runLocalDrill({ plan: nhsPlanInput(), ...(taskFaults ? { taskFaults } : {}) });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return result;
}

const DELETES = new Set(['DeleteDBCluster', 'DeleteDBInstance', 'DeleteTable', 'DeleteFileSystem', 'DeleteVolume', 'TerminateInstances']);

/** The restored resource a delete names: a table or cluster name, a file system, volume or instance id. */
function deletedName(call: CallRecord): string {
  const input = (call.input ?? {}) as Record<string, unknown>;
  const name = input.TableName ?? input.DBClusterIdentifier ?? input.DBInstanceIdentifier ?? input.FileSystemId ?? input.VolumeId ?? (input.InstanceIds as string[] | undefined)?.[0];
  if (typeof name !== 'string') throw new Error(`no resource named in ${call.action} ${JSON.stringify(input)}`);
  return name;
}

/** The ARNs a TagResources call tagged with the drill's id. */
function taggedArns(call: CallRecord): string[] {
  const input = (call.input ?? {}) as { ResourceARNList?: string[]; Tags?: Record<string, string> };
  return call.ok && call.action === 'TagResources' && input.Tags?.['dr-drill:drill-id'] ? (input.ResourceARNList ?? []) : [];
}

/** The DB instance the drill adds to an Aurora restore carries the drill's id from its creation. */
function createdTagged(call: CallRecord): string | undefined {
  const input = (call.input ?? {}) as { DBInstanceIdentifier?: string; Tags?: { Key: string }[] };
  return call.ok && call.action === 'CreateDBInstance' && input.Tags?.some((t) => t.Key === 'dr-drill:drill-id') ? input.DBInstanceIdentifier : undefined;
}

/** For each delete of a restored resource: was that very resource tagged with the drill's id before it? */
function deletesAfterTagging(calls: readonly CallRecord[]): { action: string; name: string; taggedBefore: boolean }[] {
  return calls
    .filter((c) => c.ok && DELETES.has(c.action))
    .map((del) => {
      const name = deletedName(del);
      const taggedBefore = calls.some(
        (c) => c.seq < del.seq && (createdTagged(c) === name || taggedArns(c).some((arn) => arn.endsWith(`/${name}`) || arn.endsWith(`:${name}`))),
      );
      return { action: del.action, name, taggedBefore };
    });
}

describe("restore drill: deletes follow the drill's tag", () => {
  it('tags every restored resource before deleting it in a drill where nothing fails', async () => {
    const r = await drill();

    const deletes = deletesAfterTagging(r.account.calls);
    expect(deletes.map((d) => d.action).sort()).toEqual(['DeleteDBCluster', 'DeleteDBInstance', 'DeleteFileSystem', 'DeleteTable']);
    expect(deletes.filter((d) => !d.taggedBefore)).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('tags the restored table again before deleting it when Tag Restored Resource failed, and leaves nothing', async () => {
    const faults = new TaskFaults([{ stateMachine: 'restoreTarget', state: 'Tag Restored Resource', targetId: 'appointments', error: 'denied' }]);

    const r = await drill(faults);

    expect(faults.fired.map((f) => f.fault.targetId)).toEqual(['appointments']);
    const table = r.account.calls.find((c) => c.ok && c.action === 'DeleteTable');
    const tagging = r.account.calls.filter((c) => taggedArns(c).some((arn) => arn.endsWith(`/${deletedName(table!)}`)));
    // The failed Tag Restored Resource sent nothing: the one tagging of the table is Clean Up's, before the delete.
    expect(tagging).toHaveLength(1);
    expect(tagging[0]!.seq).toBeLessThan(table!.seq);
    expect(deletesAfterTagging(r.account.calls).filter((d) => !d.taggedBefore)).toEqual([]);
    expect(r.report?.targets.find((t) => t.targetId === 'appointments')?.verdict).toBe('FAILED');
    expect(r.account.leftovers()).toEqual([]);
  });
});

describe('restore drill: TagResources answers 200 with per-resource failures', () => {
  type Ran = Extract<LocalDrillResult, { refused: false }> & { warnings: Record<string, { Error: string; Cause: string }> | undefined };
  const tagDenied = async (targetId: string): Promise<Ran> => {
    let warnings: Ran['warnings'];
    const result = await runLocalDrill({
      plan: nhsPlanInput(),
      faults: [`tag-denied:${targetId}`],
      only: [targetId],
      // The copy's tagging is a warning: it is in the execution's state, read where the restore is prepared.
      onEngineEvent: ({ event }) => {
        if (event.type === 'StateEntered' && event.state?.name === 'Get Restore Metadata') {
          warnings = (event.state.input as { warnings: Ran['warnings'] }).warnings;
        }
      },
    });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
    return { ...result, warnings };
  };
  const failedMaps = (r: Ran) =>
    r.account.calls
      .filter((c) => c.ok && c.action === 'TagResources')
      .map((c) => ({ arns: (c.input as { ResourceARNList: string[] }).ResourceARNList }));

  it('fails the target at tagging when FailedResourcesMap lists the restored resource, says so in the report, and still cleans up', async () => {
    const r = await tagDenied('appointments');

    // Every TagResources call succeeded at the HTTP level: only its answer said the table was not tagged.
    expect(r.account.calls.filter((c) => c.action === 'TagResources' && !c.ok)).toEqual([]);
    expect(failedMaps(r).length).toBeGreaterThan(0);
    const target = r.report?.targets.find((t) => t.targetId === 'appointments');
    expect(target?.verdict).toBe('FAILED');
    expect(target?.failedStep).toBe('tagRestored');
    expect(target?.reason).toContain('TagResourcesFailed');
    expect(target?.reason).toContain('AccessDeniedException');
    expect(target?.reason).toContain(target!.restoredResourceArn!);
    // Validation never ran on a resource the sweeper could not find.
    expect(r.account.calls.some((c) => c.action === 'Scan' || c.action === 'GetItem')).toBe(false);
    // Unmarked, it may not be deleted either (the roles that delete need the drill's tag): it is left, and the report
    // names it and the denial, for a person.
    expect(r.account.leftovers().map((l) => l.arn)).toEqual([target!.restoredResourceArn]);
    expect(target?.cleanup.leftBehind.join(' ')).toContain(target!.restoredResourceArn!);
    expect(target?.cleanup.errors.join(' ')).toMatch(/not authorized to perform: dynamodb:DeleteTable/);
  });

  it('records an untagged copy as a warning, not a failure, when FailedResourcesMap lists the copied snapshot', async () => {
    const r = await tagDenied('patients-db');

    const target = r.report?.targets.find((t) => t.targetId === 'patients-db');
    // The restored cluster is refused too (same fault): the copy's warning must be there as well as the failure.
    expect(target?.failedStep).toBe('tagRestored');
    expect(r.warnings?.tagCopy?.Error).toBe('TagResourcesFailed');
    expect(r.warnings?.tagCopy?.Cause).toMatch(/left arn:aws:rds:eu-west-2:\d{12}:cluster-snapshot:awsbackup:copyjob-\S+ untagged: .*AccessDeniedException/);
    // Neither the cluster nor the copy carries the mark, so neither may be deleted: both are left, both named.
    const left = r.account.leftovers().map((l) => l.arn).sort();
    expect(left).toHaveLength(2);
    for (const arn of left) expect(target?.cleanup.leftBehind.join(' ')).toContain(arn);
  });
});
