// What the drill commands (start, status, report, list, sweep, coverage) need from the world, in one place so tests replace it:
// SDK clients per region (aws-sdk-client-mock intercepts them), the clock, who is running the command, sleeping
// between polls, and writing the downloaded HTML evidence.
import { writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { SignalSource, TerminalStream } from '../live-terminal';

export interface AwsCliDeps {
  cfn(region: string): CloudFormationClient;
  sfn(region: string): SFNClient;
  s3(region: string): S3Client;
  dynamodb(region: string): DynamoDBClient;
  /** `dr-drill sweep` invokes the stack's sweeper function. */
  lambda(region: string): LambdaClient;
  /** `dr-drill coverage` lists the protected resources of the plan's vaults (read only). */
  backup(region: string): BackupClient;
  env: Record<string, string | undefined>;
  now(): Date;
  /** The person running the command: user name and host, for the execution name, `approvedBy` and the trigger. */
  who(): { user: string; host: string };
  sleep(ms: number): Promise<void>;
  /** Whether stdout is a terminal: collapse repeated polling lines; colour, unless NO_COLOR (cli/color.ts). */
  isTTY: boolean;
  /** Where `dr-drill status` draws its live view on a terminal (the command context's); absent: plain lines only. */
  terminal?: TerminalStream;
  /** Where Ctrl-C is heard while the live view holds the cursor. */
  signals?: SignalSource;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

export const defaultAwsCliDeps = (): AwsCliDeps => ({
  cfn: (region) => new CloudFormationClient({ region }),
  sfn: (region) => new SFNClient({ region }),
  s3: (region) => new S3Client({ region }),
  dynamodb: (region) => new DynamoDBClient({ region }),
  lambda: (region) => new LambdaClient({ region }),
  backup: (region) => new BackupClient({ region }),
  env: process.env,
  now: () => new Date(),
  who: () => ({ user: process.env.USER || userInfo().username, host: hostname() }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  isTTY: Boolean(process.stdout.isTTY),
  signals: process,
  writeFile: (path, data) => writeFile(path, data),
});
