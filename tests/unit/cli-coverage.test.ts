// dr-drill coverage: the plan's coverage as of now, from the drills table's proofs and AWS Backup's protected
// resources listed again (read only), printed per resource and as the line the evidence gives.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, ListProtectedResourcesByBackupVaultCommand } from '@aws-sdk/client-backup';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { bufferOutput, main } from '../../cli/index';
import { coverageCommand, type CoverageOptions } from '../../cli/commands/coverage';
import type { DrillIndexEntry } from '../../lib/evidence/contracts';
import { drillIndexEntry } from '../drill-index-entry';
import { DRILLS_TABLE, fakeWorld, stack, type FakeWorld } from './cli-aws-fixtures';

const dynamodb = mockClient(DynamoDBClient);
const cfn = mockClient(CloudFormationClient);
const backup = mockClient(BackupClient);
let world: FakeWorld;

const ACCOUNT = '111122223333';
const VAULT = `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`;
const table = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`;
const PLAN = 'nhs-patient-platform';

function entry(startedAt: string, drillId: string, proven: string[], failed: string[] = [], overrides: Partial<DrillIndexEntry> = {}): DrillIndexEntry {
  return drillIndexEntry({
    planName: PLAN,
    startedAt,
    drillId,
    executionArn: `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-drill:${drillId}`,
    verdict: failed.length ? 'FAILED' : 'PASSED',
    coverage: {
      proven: proven.map(table),
      failed: failed.map(table),
      windowDays: 30,
      maxUnprovenDays: 45,
      region: 'eu-west-1',
      vaults: [VAULT],
      protectedCount: 3,
      provenCount: 1,
      line: 'as it was then',
    },
    ...overrides,
  });
}

// The world's clock: 2025-03-04T03:00:00Z.
const MARCH = entry('2025-03-01T02:00:00.000Z', 'd33333333', ['orders'], ['imaging']);
const JANUARY = entry('2025-01-25T02:00:00.000Z', 'd11111111', ['audit']);
const BEFORE_COVERAGE = entry('2025-02-10T02:00:00.000Z', 'd22222222', [], [], { coverage: undefined });
const LONG_AGO = entry('2024-12-01T02:00:00.000Z', 'd00000000', ['newtable']);

async function coverage(options: Partial<CoverageOptions> = {}) {
  const io = bufferOutput();
  const code = await coverageCommand({ stage: 'prod', color: false, ...options }, io, world.deps);
  return { code, ...io };
}

beforeEach(() => {
  dynamodb.reset();
  cfn.reset();
  backup.reset();
  world = fakeWorld();
  world.env.AWS_REGION = 'eu-west-2';
  cfn.on(DescribeStacksCommand).resolves(stack());
  dynamodb.on(QueryCommand).resolves({ Items: [MARCH, BEFORE_COVERAGE, JANUARY, LONG_AGO].map((e) => marshall(e, { removeUndefinedValues: true })) });
  backup
    .on(ListProtectedResourcesByBackupVaultCommand, { NextToken: undefined })
    .resolves({
      Results: [
        { ResourceArn: table('orders'), ResourceType: 'DynamoDB' },
        { ResourceArn: table('imaging'), ResourceType: 'DynamoDB' },
        { ResourceArn: `arn:aws:redshift:eu-west-1:${ACCOUNT}:cluster:warehouse`, ResourceType: 'Redshift' },
      ],
      NextToken: 'page-2',
    })
    .on(ListProtectedResourcesByBackupVaultCommand, { NextToken: 'page-2' })
    .resolves({ Results: [{ ResourceArn: table('audit'), ResourceType: 'DynamoDB' }, { ResourceArn: table('newtable'), ResourceType: 'DynamoDB' }] });
});

describe('dr-drill coverage', () => {
  it("prints each protected resource's last proof and the coverage line, from the plan's drills within its limit and the vault listed now", async () => {
    const { code, stdout, stderr } = await coverage({ plan: PLAN });

    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(stdout.at(-1)).toBe(
      '1/4 protected resources proven in the last 30 days; drilled but failed: imaging; not drilled: audit, newtable; 2 unproven for more than 45 days',
    );
    const rowOf = (name: string) => stdout.find((l) => l.startsWith(table(name)))?.split(/\s{2,}/);
    expect(rowOf('imaging')).toEqual([table('imaging'), 'DynamoDB', 'FAILED', 'none', 'd33333333 (failed)', '-', 'yes']);
    expect(rowOf('audit')).toEqual([table('audit'), 'DynamoDB', 'not drilled', '2025-01-25T02:00:00Z', 'd11111111', '38', 'no']);
    expect(rowOf('orders')).toEqual([table('orders'), 'DynamoDB', 'proven', '2025-03-01T02:00:00Z', 'd33333333', '3', 'no']);
    // The drill of December is beyond the 45-day limit: its proof of newtable does not count.
    expect(rowOf('newtable')).toEqual([table('newtable'), 'DynamoDB', 'not drilled', 'none', '-', '-', 'yes']);
    expect(stdout).toContain('Also protected there, of types dr-drill does not drill (not counted): Redshift 1');
    expect(stdout).toContain('(1 drill(s) in the window were recorded before coverage: what they proved is not counted)');
  });

  it("reads the plan's partition of the drills table and lists the recorded vault in the recorded primary region, read only", async () => {
    await coverage({ plan: PLAN });

    expect(dynamodb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: DRILLS_TABLE,
      KeyConditionExpression: 'planName = :plan',
      ExpressionAttributeValues: { ':plan': { S: PLAN } },
      ScanIndexForward: false,
    });
    expect(backup).toHaveReceivedCommandTimes(ListProtectedResourcesByBackupVaultCommand, 2);
    expect(backup).toHaveReceivedCommandWith(ListProtectedResourcesByBackupVaultCommand, { BackupVaultName: 'nhs-patient-platform', BackupVaultAccountId: ACCOUNT });
    expect(world.regions).toContain('backup@eu-west-1');
  });

  it('finds the plan when the drills table holds only one, and asks for --plan when it holds several', async () => {
    dynamodb.on(ScanCommand).resolvesOnce({ Items: [marshall({ planName: PLAN }), marshall({ planName: PLAN })] });

    const one = await coverage();

    expect(one.code).toBe(0);
    expect(one.stdout[0]).toMatch(/^Coverage of plan nhs-patient-platform: /);

    dynamodb.on(ScanCommand).resolves({ Items: [marshall({ planName: PLAN }), marshall({ planName: 'imaging' })] });
    const several = await coverage();

    expect(several.code).toBe(2);
    expect(several.stderr).toEqual(['dr-drill coverage: the drills table holds several plans (imaging, nhs-patient-platform): name one with --plan']);
  });

  it('says so when no drill of the plan has recorded coverage yet', async () => {
    dynamodb.on(QueryCommand).resolves({ Items: [marshall(BEFORE_COVERAGE, { removeUndefinedValues: true })] });

    const { code, stdout } = await coverage({ plan: PLAN });

    expect(code).toBe(0);
    expect(stdout).toEqual([
      `No drill of plan ${PLAN} in ${DRILLS_TABLE} has recorded its coverage yet (drills recorded before coverage do not): run one with \`dr-drill start --stage prod\``,
    ]);
    expect(backup).not.toHaveReceivedCommand(ListProtectedResourcesByBackupVaultCommand);
  });

  it('fails, saying the coverage is unknown and why, when the vault cannot be listed', async () => {
    backup.on(ListProtectedResourcesByBackupVaultCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    const { code, stdout } = await coverage({ plan: PLAN });

    expect(code).toBe(3);
    expect(stdout.at(-1)).toBe('coverage unknown: the protected resources in 1 vault could not be listed (AccessDeniedException)');
  });

  it('is a dr-drill command', async () => {
    const io = bufferOutput();

    const code = await main(['coverage', '--help'], io);

    expect(code).toBe(0);
    expect(io.stdout.join('\n')).toContain('--stage <stage>');
  });
});
