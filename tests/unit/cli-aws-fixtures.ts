// What the drill commands' tests share: fake dependencies (real SDK clients, which aws-sdk-client-mock intercepts;
// a clock; a sleep that runs the test's next step instead of waiting) and the deployed stack as DescribeStacks
// returns it.
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient, type DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AwsCliDeps } from '../../cli/aws/deps';
import { DRILL_SM } from './cli-drill-history';

export interface FakeWorld {
  deps: AwsCliDeps;
  env: Record<string, string | undefined>;
  /** Every sleep asked for, in ms. */
  sleeps: number[];
  /** What happens at each sleep, in order (time passing); a sleep with nothing left fails the test. */
  onSleep: (() => void)[];
  files: Map<string, Uint8Array>;
  /** The regions clients were built for, per service. */
  regions: string[];
}

export function fakeWorld(now = '2025-03-04T03:00:00.000Z'): FakeWorld {
  const world: FakeWorld = {
    env: {},
    sleeps: [],
    onSleep: [],
    files: new Map(),
    regions: [],
    deps: undefined as unknown as AwsCliDeps,
  };
  const built = <T>(service: string, region: string, client: T) => (world.regions.push(`${service}@${region}`), client);
  world.deps = {
    cfn: (region) => built('cloudformation', region, new CloudFormationClient({ region })),
    sfn: (region) => built('sfn', region, new SFNClient({ region })),
    s3: (region) => built('s3', region, new S3Client({ region })),
    dynamodb: (region) => built('dynamodb', region, new DynamoDBClient({ region })),
    lambda: (region) => built('lambda', region, new LambdaClient({ region })),
    backup: (region) => built('backup', region, new BackupClient({ region })),
    get env() {
      return world.env;
    },
    now: () => new Date(now),
    who: () => ({ user: 'priya', host: 'oncall-7' }),
    sleep: async (ms) => {
      world.sleeps.push(ms);
      const next = world.onSleep.shift();
      if (!next) throw new Error(`the test did not expect another sleep (${ms} ms)`);
      next();
    },
    isTTY: false,
    writeFile: async (path, data) => void world.files.set(path, data),
  };
  return world;
}

export const STORE_BUCKET = 'dr-drill-prod-drillstorebucket-1x2y3z';
export const EVIDENCE_BUCKET = 'dr-drill-prod-evidencebucket-4a5b6c';
export const DRILLS_TABLE = 'dr-drill-prod-drills';
export const SWEEPER_FUNCTION = 'dr-drill-prod-sweeper';

export const ALL_OUTPUTS: Record<string, string> = {
  DrillStateMachineArn: DRILL_SM,
  DrillStoreBucketName: STORE_BUCKET,
  EvidenceBucketName: EVIDENCE_BUCKET,
  DrillsTableName: DRILLS_TABLE,
  SweeperFunctionName: SWEEPER_FUNCTION,
};

export function stack(outputs: Record<string, string> = ALL_OUTPUTS, name = 'dr-drill-prod'): DescribeStacksCommandOutput {
  return {
    $metadata: {},
    Stacks: [
      {
        StackName: name,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date('2025-01-10T09:00:00.000Z'),
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  };
}

/** What CloudFormation answers for a stack that is not there. */
export function noSuchStack(name: string): Error {
  return Object.assign(new Error(`Stack with id ${name} does not exist`), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
}

/** What the SDK's default credential chain throws when it finds nothing. */
export function noCredentials(): Error {
  return Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });
}
