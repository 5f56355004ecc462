// An NHS-trust-like plan with one target of every type, for local runs and tests of the simulated account.
import { planSchema, type Plan, type PlanInput } from '../../lib/plan/schema';

export const EXAMPLE_ACCOUNT = '111122223333';

export function examplePlanInput(account = EXAMPLE_ACCOUNT): PlanInput {
  const vault = (region: string, name: string) => `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
  const common = {
    sourceVault: vault('eu-west-2', 'trust-prod-vault'),
    drVault: vault('eu-west-1', 'trust-dr-vault'),
    backupRoleArn: `arn:aws:iam::${account}:role/dr-drill-backup`,
  };
  const network = { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f60718'] };
  return {
    name: 'trust-dr-drill',
    description: 'Quarterly restore drill of patient-facing systems into Ireland',
    residency: { policy: 'UK and Ireland', allowedRegions: ['eu-west-2', 'eu-west-1'] },
    regions: { primary: 'eu-west-2', dr: 'eu-west-1' },
    objectives: { rtoMinutes: 240, rpoMinutes: 1440 },
    targets: [
      { ...common, id: 'appointments', type: 'aurora', resourceArn: `arn:aws:rds:eu-west-2:${account}:cluster:appointments-prod`, restore: { ...network, instanceClass: 'db.r6g.large' } },
      { ...common, id: 'pharmacy', type: 'rds', resourceArn: `arn:aws:rds:eu-west-2:${account}:db:pharmacy-prod`, restore: { ...network } },
      { ...common, id: 'referrals', type: 'dynamodb', resourceArn: `arn:aws:dynamodb:eu-west-2:${account}:table/referrals` },
      { ...common, id: 'pacs-cache', type: 'ebs', resourceArn: `arn:aws:ec2:eu-west-2:${account}:volume/vol-0123456789abcdef0`, restore: { availabilityZone: 'eu-west-1a' } },
      { ...common, id: 'letters', type: 'efs', resourceArn: `arn:aws:elasticfilesystem:eu-west-2:${account}:file-system/fs-0123456789abcdef0` },
      { ...common, id: 'discharge-exports', type: 's3', resourceArn: 'arn:aws:s3:::trust-discharge-exports-prod' },
    ],
  };
}

export function examplePlan(account = EXAMPLE_ACCOUNT): Plan {
  return planSchema.parse(examplePlanInput(account));
}

/** Data checks for every target of the example plan, satisfied by a healthy restore in the simulation. */
export function exampleValidation(account = EXAMPLE_ACCOUNT) {
  return {
    appointments: {
      engine: 'postgres',
      database: 'appointments',
      secretArn: `arn:aws:secretsmanager:eu-west-1:${account}:secret:trust/appointments/drill-readonly-Ab12Cd`,
      statementTimeoutSeconds: 30,
      sql: [
        { name: 'patients restored', query: 'SELECT count(*) FROM patients', expect: '>= 2500' },
        { name: 'newest patient update', query: 'SELECT extract(epoch FROM now() - max(updated_at)) FROM patients', expect: '<= 86400', freshness: true },
      ],
    },
    pharmacy: {
      engine: 'mysql',
      database: 'pharmacy',
      secretArn: `arn:aws:secretsmanager:eu-west-1:${account}:secret:trust/pharmacy/drill-readonly-Ef34Gh`,
      sql: [{ name: 'prescriptions restored', query: 'SELECT count(*) FROM prescriptions', expect: '>= 1' }],
    },
    referrals: {
      minItems: 10_000,
      keys: [
        { pk: 'PATIENT#TEST-999-000-0042', sk: 'REFERRAL#0001' },
        { pk: 'PATIENT#TEST-999-000-0043', sk: 'REFERRAL#0001' },
      ],
      freshness: { attribute: 'updatedAt', maxAgeSeconds: 86_400 },
    },
    'pacs-cache': { minSizeGiB: 100 },
    letters: { minSizeGiB: 5 },
    'discharge-exports': {
      minObjects: 10,
      objects: [
        { key: 'discharges/TEST-999-000-0042/summary.pdf', sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=' },
        { key: 'discharges/TEST-999-000-0043/summary.pdf' },
      ],
    },
  } as const;
}

/**
 * An EC2 target for the example plan's account and regions, kept out of the example itself so the drills and counts
 * other tests assert stay as they are: tests that drill an instance append it.
 */
export function exampleEc2TargetInput(account = EXAMPLE_ACCOUNT) {
  return {
    id: 'ward-kiosk',
    type: 'ec2',
    sourceVault: `arn:aws:backup:eu-west-2:${account}:backup-vault:trust-prod-vault`,
    drVault: `arn:aws:backup:eu-west-1:${account}:backup-vault:trust-dr-vault`,
    backupRoleArn: `arn:aws:iam::${account}:role/dr-drill-backup`,
    resourceArn: `arn:aws:ec2:eu-west-2:${account}:instance/i-0123456789abcdef0`,
    restore: { subnetId: 'subnet-0f1e2d3c4b5a69788', securityGroupIds: ['sg-0a1b2c3d4e5f60718'], instanceType: 't3.medium' },
    validation: { statusChecks: true },
  } as const;
}

/** The example plan with data checks on every target (exampleValidation). */
export function examplePlanWithChecks(account = EXAMPLE_ACCOUNT): Plan {
  const input = examplePlanInput(account);
  const validation: Record<string, unknown> = exampleValidation(account);
  return planSchema.parse({ ...input, targets: (input.targets ?? []).map((t) => ({ ...t, validation: validation[t.id] })) });
}

/**
 * A failover block for the example plan, kept out of the example itself (as the EC2 target is) so the restore drill's
 * counts stay as they are. Two global databases: appointments (switchover, Route 53 failover record, PostgreSQL
 * canary; its primary member is the restore target's own cluster) and referrals (failover with data loss allowed,
 * ARC routing controls at endpoints in both regions, MySQL canary).
 */
export function exampleFailoverInput(account = EXAMPLE_ACCOUNT) {
  const cluster = (region: string, name: string) => `arn:aws:rds:${region}:${account}:cluster:${name}`;
  const secret = (region: string, name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;
  const control = (id: string) => `arn:aws:route53-recovery-control::${account}:controlpanel/0a1b2c3d4e5f/routingcontrol/${id}`;
  return {
    targets: [
      {
        id: 'appointments-global',
        globalClusterIdentifier: 'appointments-global',
        primaryClusterArn: cluster('eu-west-2', 'appointments-prod'),
        drClusterArn: cluster('eu-west-1', 'appointments-dr'),
        mode: 'switchover',
        healthUrl: 'https://appointments.trust.example.nhs.uk/health',
        canary: {
          engine: 'postgres',
          database: 'appointments',
          table: 'dr_drill_canary',
          secretArn: secret('eu-west-2', 'trust/appointments/drill-canary-Ab12Cd'),
          drSecretArn: secret('eu-west-1', 'trust/appointments/drill-canary-Ef34Gh'),
        },
        dns: {
          hostedZoneId: 'Z0TRUSTEXAMPLE01',
          recordName: 'appointments.trust.example.nhs.uk',
          recordType: 'CNAME',
          primaryAnswer: 'appointments-eu-west-2.trust.example.nhs.uk',
          drAnswer: 'appointments-eu-west-1.trust.example.nhs.uk',
        },
      },
      {
        id: 'referrals-global',
        globalClusterIdentifier: 'referrals-global',
        primaryClusterArn: cluster('eu-west-2', 'referrals-db'),
        drClusterArn: cluster('eu-west-1', 'referrals-db-dr'),
        mode: 'failover',
        healthUrl: 'https://referrals.trust.example.nhs.uk/health',
        canary: {
          engine: 'mysql',
          database: 'referrals',
          table: 'dr_drill_canary',
          secretArn: secret('eu-west-2', 'trust/referrals/drill-canary-Ij56Kl'),
          drSecretArn: secret('eu-west-1', 'trust/referrals/drill-canary-Mn78Op'),
        },
        routingControls: {
          clusterEndpoints: [
            { region: 'eu-west-1', endpoint: 'https://host-a1b2c3.route53-recovery-cluster.eu-west-1.amazonaws.com/v1' },
            { region: 'eu-west-2', endpoint: 'https://host-d4e5f6.route53-recovery-cluster.eu-west-2.amazonaws.com/v1' },
          ],
          primaryControlArn: control('london01'),
          drControlArn: control('ireland01'),
        },
      },
    ],
  } as const;
}

/** The example plan with the failover block (exampleFailoverInput). */
export function examplePlanWithFailover(account = EXAMPLE_ACCOUNT): Plan {
  return planSchema.parse({ ...examplePlanInput(account), failover: exampleFailoverInput(account) });
}
