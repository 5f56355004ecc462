import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadTarget } from '../../../functions/load-target/load-target';
import { preflight } from '../../../functions/preflight/preflight';
import { AwsClients } from '../../../lib/aws/clients';
import { ALL_CLIENTS } from '../../../lib/aws/all-clients';
import { targetDrillInputSchema } from '../../../lib/drill/contracts';
import { DrillStore } from '../../../lib/drill/store';
import {
  DRILL_HEX,
  DRILL_ID,
  DR_REGION,
  STORE_BUCKET,
  checkedPlan,
  memoryStore,
  nhsPlanInput,
  preflightEvent,
  regionsOf,
  restoredName,
  targetsOf,
} from './fixtures';
import { ukOnlyWith } from '../plan-fixtures';

const s3 = mockClient(S3Client);

/** A store holding what Check Plan stored for `plan`, and the event the child's Load Target state sends. */
async function drillOf(plan: unknown = nhsPlanInput(), only?: string[]) {
  const store = memoryStore();
  const { drill } = await preflight(preflightEvent(plan, only), { region: DR_REGION }, store);
  return { store, eventFor: (targetId: string) => ({ drill, targetId }) };
}

beforeEach(() => s3.reset());

describe('loadTarget (Load Target)', () => {
  it('answers the Aurora target with the plan objectives, ceilings in seconds and the drill names', async () => {
    const { store, eventFor } = await drillOf();

    const item = await loadTarget(eventFor('patients-db'), store);

    expect(item).toEqual({
      target: checkedPlan().targets[0],
      objectives: { rtoMinutes: 60, rpoMinutes: 1440 },
      ceilings: { copySeconds: 10_800, restoreSeconds: 21_600, instanceSeconds: 5_400, validationSeconds: 600, cleanupSeconds: 7_200 },
      names: {
        sourceVault: 'nhs-patient-platform',
        drVault: 'nhs-patient-platform-dr',
        restored: `drdrill-${DRILL_HEX}-patients-db`,
        instance: `drdrill-${DRILL_HEX}-patients-db-db`,
        // Get Restore Metadata names the DR vault's account (BackupVaultAccountId).
        drVaultAccount: checkedPlan().targets[0]!.drVault.split(':')[4],
      },
      // A plan without `accounts`: the source vault is the recovery account's own.
      route: { kind: 'same-account' },
      // What the restore-target state machine does with an Aurora target (lib/resource-types/targets/aurora/runbook.ts).
      runbook: { afterRestore: 'create-db-instance' },
      // Its DR vault is another vault than its source vault: the drill copies the recovery point there first.
      copyNeeded: true,
    });
    expect(store.getPlan).toHaveBeenCalledWith(DRILL_ID);
  });

  it('needs no copy for a target whose DR vault is its source vault (a one-region plan restores the backup where it is)', async () => {
    const { store, eventFor } = await drillOf(ukOnlyWith());

    const direct = await loadTarget(eventFor('messages-db'), store);
    const viaRestoreVault = await loadTarget(eventFor('message-archive'), store);

    expect(direct.copyNeeded).toBe(false);
    expect(direct.names.drVault).toBe(direct.names.sourceVault);
    // The example's S3 target names a separate restore vault in London: an in-region copy.
    expect(viaRestoreVault.copyNeeded).toBe(true);
  });

  it('names every restored resource after the drill and the target, never with the stack prefix "dr-drill-"', async () => {
    const { store, eventFor } = await drillOf();
    const ids = ['patients-db', 'appointments', 'documents', 'shared-files'];

    const names = await Promise.all(ids.map(async (id) => (await loadTarget(eventFor(id), store)).names.restored));

    expect(names).toEqual(ids.map(restoredName));
    expect(names.filter((n) => n.startsWith('dr-drill-'))).toEqual([]);
  });

  it("merges a target's own objectives over the plan's, for that target only", async () => {
    const plan = nhsPlanInput();
    targetsOf(plan)[2]!.objectives = { rtoMinutes: 120 };
    const { store, eventFor } = await drillOf(plan);

    const documents = await loadTarget(eventFor('documents'), store);
    const appointments = await loadTarget(eventFor('appointments'), store);

    expect(documents.objectives).toEqual({ rtoMinutes: 120, rpoMinutes: 1440 });
    expect(appointments.objectives).toEqual({ rtoMinutes: 60, rpoMinutes: 1440 });
  });

  it("takes a target's validation timeout (seconds) over the plan's validation minutes", async () => {
    const plan = nhsPlanInput();
    // appointments (DynamoDB): its validation block may hold only a timeout.
    targetsOf(plan)[1]!.validation = { timeoutSeconds: 300 };
    const { store, eventFor } = await drillOf(plan);

    const item = await loadTarget(eventFor('appointments'), store);

    expect(item.ceilings.validationSeconds).toBe(300);
  });

  it('converts the plan timeouts to seconds, with the defaults when the plan sets only some', async () => {
    const plan = nhsPlanInput();
    plan.timeouts = { copyMinutes: 30 };
    const { store, eventFor } = await drillOf(plan);

    const item = await loadTarget(eventFor('appointments'), store);

    expect(item.ceilings).toEqual({ copySeconds: 1_800, restoreSeconds: 21_600, instanceSeconds: 5_400, validationSeconds: 600, cleanupSeconds: 7_200 });
  });

  it('answers items the child state machine accepts as its drill input', async () => {
    const { store, eventFor } = await drillOf();

    for (const id of ['patients-db', 'appointments', 'documents', 'shared-files']) {
      const event = eventFor(id);
      const item = await loadTarget(event, store);
      expect(targetDrillInputSchema.safeParse({ ...item, drill: event.drill }).success).toBe(true);
    }
  });

  it('refuses a target the stored plan does not drill with BadPayloadError', async () => {
    const { store, eventFor } = await drillOf(nhsPlanInput(), ['appointments']);

    const run = loadTarget(eventFor('patients-db'), store);

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError', message: `Load Target: drill ${DRILL_ID} has no target "patients-db"` });
  });

  it('passes a store failure on, for the state machine to retry when it is transient', async () => {
    const { store, eventFor } = await drillOf();
    store.getPlan.mockRejectedValueOnce(Object.assign(new Error('SlowDown: Please reduce your request rate.'), { name: 'TransientAwsError' }));

    const run = loadTarget(eventFor('patients-db'), store);

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('loads, through the S3 drill store, the plan Check Plan stored there, in the DR region', async () => {
    const objects = new Map<string, string>();
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      objects.set(input.Key, input.Body);
      return {};
    });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: { transformToString: async () => objects.get(input.Key) } }));
    const deps = { clients: new AwsClients(ALL_CLIENTS), region: DR_REGION };
    const { drill } = await preflight(preflightEvent(), deps, new DrillStore(deps, STORE_BUCKET));

    // Another container: nothing cached, the plan comes from S3.
    const item = await loadTarget({ drill, targetId: 'shared-files' }, new DrillStore(deps, STORE_BUCKET));

    expect(item.names.restored).toBe(restoredName('shared-files'));
    expect(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Bucket, c.args[0].input.Key])).toEqual([
      [STORE_BUCKET, `drills/${DRILL_ID}/plan.json`],
    ]);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: STORE_BUCKET, Key: `drills/${DRILL_ID}/plan.json` }]);
    expect(await regionsOf(s3.calls())).toEqual(['eu-west-2', 'eu-west-2']);
  });
});
