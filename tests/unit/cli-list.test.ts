// dr-drill list: the recent drills in the stack's drills table, newest first, with their figures against objectives.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { bufferOutput, main } from '../../cli/index';
import { listCommand, type ListOptions } from '../../cli/commands/list';
import type { DrillIndexEntry } from '../../lib/evidence/contracts';
import { DRILLS_TABLE, fakeWorld, noSuchStack, stack, type FakeWorld } from './cli-aws-fixtures';

const dynamodb = mockClient(DynamoDBClient);
const cfn = mockClient(CloudFormationClient);
let world: FakeWorld;

function entry(startedAt: string, drillId: string, overrides: Partial<DrillIndexEntry> = {}): DrillIndexEntry {
  return {
    planName: 'nhs-patient-platform',
    startedAt,
    drillId,
    executionArn: `arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:${drillId}`,
    kind: 'drill',
    verdict: 'PASSED',
    finishedAt: startedAt,
    headline: 'PASSED',
    worstRtoMinutes: 37,
    rtoObjectiveMinutes: 60,
    worstRpoMinutes: 258,
    rpoObjectiveMinutes: 1440,
    failoverDowntimeSeconds: 75,
    failoverRtoSeconds: 120,
    evidenceKey: 'e',
    htmlKey: 'h',
    ...overrides,
  };
}

const JAN = entry('2025-01-07T02:00:00.000Z', 'd11111111');
const FEB = entry('2025-02-04T02:00:00.000Z', 'd22222222', { verdict: 'FAILED', worstRtoMinutes: 75, failoverDowntimeSeconds: null, failoverRtoSeconds: null });
const MAR = entry('2025-03-04T02:00:00.123Z', 'd33333333', { kind: 'dry-run', worstRtoMinutes: null, worstRpoMinutes: null, failoverDowntimeSeconds: null });

async function list(options: Partial<ListOptions> = {}) {
  const io = bufferOutput();
  const code = await listCommand({ stage: 'prod', ...options }, io, world.deps);
  return { code, ...io };
}

beforeEach(() => {
  dynamodb.reset();
  cfn.reset();
  world = fakeWorld();
  world.env.AWS_REGION = 'eu-west-2';
  cfn.on(DescribeStacksCommand).resolves(stack());
});

describe('dr-drill list', () => {
  it('scans the drills table (every page) and shows the newest first, up to --limit', async () => {
    dynamodb
      .on(ScanCommand, { TableName: DRILLS_TABLE, ExclusiveStartKey: undefined })
      .resolves({ Items: [marshall(FEB), marshall(JAN)], LastEvaluatedKey: marshall({ planName: JAN.planName, startedAt: JAN.startedAt }) })
      .on(ScanCommand, { TableName: DRILLS_TABLE, ExclusiveStartKey: marshall({ planName: JAN.planName, startedAt: JAN.startedAt }) })
      .resolves({ Items: [marshall(MAR, { removeUndefinedValues: true }), { planName: { S: 'junk' } }] });

    const { code, stdout, stderr } = await list({ limit: '2' });

    expect(code).toBe(0);
    expect(dynamodb).toHaveReceivedCommandTimes(ScanCommand, 2);
    expect(stdout).toEqual([
      'Drills of stack dr-drill-prod, newest first (2 of 3):',
      'Started               Plan                  Kind     Verdict  Worst RTO / objective       Worst RPO / objective  Failover downtime / RTO  Drill',
      '--------------------  --------------------  -------  -------  --------------------------  ---------------------  -----------------------  ---------',
      '2025-03-04T02:00:00Z  nhs-patient-platform  dry-run  PASSED   -                           -                      -                        d33333333',
      '2025-02-04T02:00:00Z  nhs-patient-platform  drill    FAILED   1 h 15 min / 60 min MISSED  4 h 18 min / 24 h      -                        d22222222',
    ]);
    expect(stderr).toEqual([`(1 item(s) of ${DRILLS_TABLE} are not drill entries this version can read; not shown)`]);
  });

  it('--plan queries that plan newest first', async () => {
    dynamodb.on(QueryCommand).resolves({ Items: [marshall(JAN)] });

    const { code, stdout } = await list({ plan: 'nhs-patient-platform', limit: '5' });

    expect(code).toBe(0);
    expect(dynamodb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: DRILLS_TABLE,
      KeyConditionExpression: 'planName = :plan',
      ExpressionAttributeValues: { ':plan': { S: 'nhs-patient-platform' } },
      ScanIndexForward: false,
      Limit: 5,
    });
    expect(stdout[0]).toBe('Drills of plan nhs-patient-platform, newest first (1 of 1):');
    expect(stdout[3]).toBe('2025-01-07T02:00:00Z  nhs-patient-platform  drill  PASSED   37 min / 60 min        4 h 18 min / 24 h      75 s / 120 s             d11111111');
  });

  it('colours the table on a terminal only, and never with NO_COLOR set (https://no-color.org) or --no-color', async () => {
    dynamodb.on(ScanCommand).resolves({ Items: [marshall(FEB)] });
    const printed = async (isTTY: boolean, env: Record<string, string>, options: Partial<ListOptions> = {}) => {
      world.deps.isTTY = isTTY;
      Object.assign(world.env, env);
      return (await list(options)).stdout.join('\n');
    };

    expect(await printed(false, {})).not.toContain('\x1b[');
    expect(await printed(true, {})).toContain('\x1b[31mFAILED');
    expect(await printed(true, {}, { color: false })).not.toContain('\x1b[');
    expect(await printed(true, { NO_COLOR: '1' })).not.toContain('\x1b[');
  });

  it('says so when nothing is recorded yet', async () => {
    dynamodb.on(ScanCommand).resolves({ Items: [] });

    const { stdout } = await list();

    expect(stdout).toEqual([`No drills recorded for stack dr-drill-prod in ${DRILLS_TABLE} (eu-west-2) yet: start one with \`dr-drill start --stage prod\``]);
  });

  it('names the stack and region when the stage is wrong', async () => {
    cfn.on(DescribeStacksCommand).rejects(noSuchStack('dr-drill-qa'));

    const { code, stderr } = await list({ stage: 'qa' });

    expect(code).toBe(2);
    expect(stderr[0]).toMatch(/^dr-drill list: no stack dr-drill-qa in eu-west-2: check --stage and --region/);
    expect(dynamodb.calls()).toHaveLength(0);
  });

  it.each(['0', '1001', 'ten', '2.5'])('refuses --limit %s before any AWS call', async (limit) => {
    const { code, stderr } = await list({ limit });

    expect(code).toBe(2);
    expect(stderr).toEqual([`dr-drill list: --limit ${limit} is not a whole number from 1 to 1000`]);
    expect(cfn.calls()).toHaveLength(0);
  });

  it('is in the CLI, with its options in the help', async () => {
    const io = bufferOutput();

    expect(await main(['list', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Usage: dr-drill list \[options\][\s\S]*--stage <stage>[\s\S]*--limit <n>[\s\S]*--plan <name>/);
  });
});
