// `dr-drill smoke` against AWS: smoke's own calls with the person's credentials, and the drill started and followed
// as `dr-drill start --wait` does (cli/commands/start.ts, status.ts), on the stack dr-drill-<stage> in the DR region.
import {
  BackupClient,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Output } from '../context';
import type { AwsCliDeps } from '../aws/deps';
import { findDrillStack, stateMachineOf } from '../aws/stack';
import { executionNameFor } from '../commands/start';
import { watchDrill } from '../commands/status';
import type { SmokePorts, SmokeService } from './smoke';
import type { SmokeSettings } from './settings';

export interface SmokeAwsDeps extends AwsCliDeps {
  backup(region: string): BackupClient;
}

type Send = (client: { send: (command: never) => Promise<unknown> }, command: unknown) => Promise<Record<string, unknown>>;
const send: Send = async (client, command) => (await client.send(command as never)) as Record<string, unknown>;

// Only the operations smoke uses: anything else is a bug here, not a call to make.
const COMMANDS: Record<SmokeService, Record<string, new (input: never) => unknown>> = {
  dynamodb: { CreateTable: CreateTableCommand, DescribeTable: DescribeTableCommand, PutItem: PutItemCommand, DeleteTable: DeleteTableCommand },
  backup: {
    StartBackupJob: StartBackupJobCommand,
    DescribeBackupJob: DescribeBackupJobCommand,
    ListRecoveryPointsByBackupVault: ListRecoveryPointsByBackupVaultCommand,
    ListCopyJobs: ListCopyJobsCommand,
    DescribeRecoveryPoint: DescribeRecoveryPointCommand,
    DeleteRecoveryPoint: DeleteRecoveryPointCommand,
  },
};

export function awsSmokePorts(settings: SmokeSettings, deps: SmokeAwsDeps, io: Output, signal: AbortSignal): SmokePorts {
  const region = settings.drRegion;
  let stateMachineArn: string | undefined;
  const { user, host } = deps.who();
  return {
    async prepare() {
      const stack = await findDrillStack(deps.cfn(region), settings.stage, region);
      stateMachineArn = stateMachineOf(stack);
      io.out(`✓ stack ${stack.name} in ${region} (${stack.status})`);
    },
    async call(callRegion, service, action, input) {
      const Command = COMMANDS[service][action];
      if (!Command) throw new Error(`dr-drill smoke: no ${service}:${action} command is wired`);
      const client = service === 'dynamodb' ? deps.dynamodb(callRegion) : deps.backup(callRegion);
      return send(client, new Command(input as never));
    },
    async drill(input, drillSignal, onStarted) {
      const sfn = deps.sfn(region);
      const name = executionNameFor(deps.now(), user).replace(/^cli-/, 'smoke-');
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      const arn = started.executionArn as string;
      onStarted(arn);
      // Ctrl-C: stop the execution; the stack's sweeper rule then deletes what the drill had made, and smoke's own
      // cleanup looks again for the copy and the restored table.
      const stopped = new Promise<'stopped'>((resolve) => {
        const stop = () => resolve('stopped');
        if (drillSignal.aborted) stop();
        else drillSignal.addEventListener('abort', stop, { once: true });
      });
      const watching = watchDrill(arn, { sfn, region, stage: settings.stage }, io, deps);
      // After a stop the watch is no longer awaited: its end (or failure) must not surface as an unhandled rejection.
      watching.catch(() => undefined);
      const outcome = await Promise.race([watching, stopped]);
      if (outcome === 'stopped') {
        await sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'SmokeInterrupted', cause: `stopped by dr-drill smoke (Ctrl-C) as ${user}@${host}` }));
        io.out(`■ stopped execution ${arn}`);
        return { passed: false };
      }
      return { passed: outcome === 0 };
    },
    // deps.sleep (replaced in tests), cut short by Ctrl-C.
    sleep: (ms, sleepSignal) =>
      Promise.race([
        deps.sleep(ms),
        new Promise<void>((resolve) => (sleepSignal?.aborted ? resolve() : sleepSignal?.addEventListener('abort', () => resolve(), { once: true }))),
      ]),
    now: () => deps.now(),
    out: (line) => io.out(line),
    signal,
    by: `${user}@${host}`,
  };
}
