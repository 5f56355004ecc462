// The data checks Validate Restored Resource runs after readiness: which runner each target type gets, where the
// database credentials and endpoint come from, and what a check that could not even start reports.
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AwsClients } from '../../../lib/aws/clients';
import { ALL_CLIENTS } from '../../../lib/aws/all-clients';
import { CheckSetupError, type SqlConnector, type SqlEndpoint } from '../../../lib/checks/types';
import { checksFor } from '../../../lib/resource-types/targets/checks-registry';
import type { DataCheckInput } from '../../../lib/resource-types/targets/target-checks';
import { checkPlan } from '../../../lib/plan/load';
import type { Target } from '../../../lib/plan/schema';
import { itemOf, nhsPlanInputWithEveryType, targetsOf, DR_REGION, ACCOUNT } from './fixtures';

/** The data checks as Validate Restored Resource asks for them: through the target type's own module. */
const dataChecks = (input: DataCheckInput) => checksFor(input.target).dataChecks(input);

const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);
const ec2 = mockClient(EC2Client);
const SECRET = `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:dr-drill/patients-ro-AbCdEf`;

beforeEach(() => {
  rds.reset();
  secrets.reset();
  ec2.reset();
});

/** The plan with validation blocks on the database and the volume targets. */
function planWithChecks() {
  const input = nhsPlanInputWithEveryType();
  for (const t of targetsOf(input)) {
    if (t.id === 'patients-db') {
      t.validation = { engine: 'postgres', database: 'patients', secretArn: SECRET, sql: [{ name: 'patients present', query: 'SELECT count(*) FROM patients', expect: '>= 1000' }] };
    }
    if (t.type === 'ebs') t.validation = { minSizeGiB: 100 };
  }
  const checked = checkPlan(input);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.plan;
}

function input(target: Target, sql: Record<'postgres' | 'mysql', SqlConnector>, restoredResourceArn: string) {
  const item = itemOf(planWithChecks(), target.id);
  return { target, names: item.names, restoredResourceArn, region: DR_REGION, clients: new AwsClients(ALL_CLIENTS), sql, now: new Date('2025-03-04T02:41:00Z') };
}

describe('dataChecks', () => {
  it('connects to the drill instance of a restored Aurora cluster with the secret\'s credentials, over TLS, and runs the SQL', async () => {
    const plan = planWithChecks();
    const target = plan.targets.find((t) => t.id === 'patients-db')!;
    const name = itemOf(plan, 'patients-db').names.instance;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'dr_readonly', password: 's3cret' }) });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: name }).resolves({ DBInstances: [{ Endpoint: { Address: `${name}.abc.eu-west-2.rds.amazonaws.com`, Port: 5432 } }] });
    const opened: SqlEndpoint[] = [];
    const connector: SqlConnector = async (endpoint) => {
      opened.push(endpoint);
      return { scalar: async () => ({ value: '1200', rowCount: 1 }), close: async () => undefined };
    };

    const outcome = await dataChecks(input(target, { postgres: connector, mysql: connector }, `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:x`));

    expect(opened).toEqual([{ engine: 'postgres', host: `${name}.abc.eu-west-2.rds.amazonaws.com`, port: 5432, database: 'patients', user: 'dr_readonly', password: 's3cret', tls: true }]);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: SECRET });
    expect(await secrets.commandCalls(GetSecretValueCommand)[0]!.thisValue.config.region()).toBe('eu-west-2');
    expect(outcome.checks).toEqual([expect.objectContaining({ name: 'patients present', passed: true })]);
  });

  it('fails every declared SQL check with the reason when the database cannot be reached', async () => {
    const plan = planWithChecks();
    const target = plan.targets.find((t) => t.id === 'patients-db')!;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'u', password: 'p' }) });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ Endpoint: { Address: 'h', Port: 5432 } }] });
    const refused: SqlConnector = async () => {
      throw new CheckSetupError('cannot connect to postgres at h:5432: connection refused');
    };

    const outcome = await dataChecks(input(target, { postgres: refused, mysql: refused }, 'arn:aws:rds:eu-west-2:111122223333:cluster:x'));

    expect(outcome.checks).toEqual([
      { name: 'patients present', passed: false, value: null, expected: '>= 1000', reason: 'not run: cannot connect to postgres at h:5432: connection refused' },
    ]);
  });

  it('says what is wrong with a secret that has no username and password, without showing it', async () => {
    const plan = planWithChecks();
    const target = plan.targets.find((t) => t.id === 'patients-db')!;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'not json, perhaps a password' });
    const never: SqlConnector = async () => {
      throw new Error('must not connect');
    };

    const outcome = await dataChecks(input(target, { postgres: never, mysql: never }, 'arn:aws:rds:eu-west-2:111122223333:cluster:x'));

    expect(outcome.checks[0]?.reason).toContain('has no "username" and "password"');
    expect(JSON.stringify(outcome)).not.toContain('perhaps a password');
  });

  it('fails the size check of a restored volume AWS no longer knows, instead of throwing', async () => {
    const plan = planWithChecks();
    const target = plan.targets.find((t) => t.type === 'ebs')!;
    ec2.on(DescribeVolumesCommand).rejects(Object.assign(new Error('The volume does not exist'), { name: 'InvalidVolume.NotFound' }));
    const none = {} as Record<'postgres' | 'mysql', SqlConnector>;

    const outcome = await dataChecks(input(target, none, `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0abc`));

    expect(outcome.checks).toHaveLength(1);
    expect(outcome.checks[0]).toMatchObject({ name: 'volume size', passed: false });
  });

  it('runs nothing for a target without data checks', async () => {
    const plan = planWithChecks();
    const target = plan.targets.find((t) => t.id === 'appointments')!;

    await expect(dataChecks(input(target, {} as never, 'arn:aws:dynamodb:eu-west-2:111122223333:table/x'))).resolves.toEqual({ checks: [], dataAgeSeconds: null });
  });
});
