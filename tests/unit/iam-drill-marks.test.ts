// The mark that permits a delete (the drill's tag, dr-drill:drill-id) must not be forgeable by the roles that
// delete: a role that may tag and delete by that tag may delete anything it can tag. Under an IAM policy simulator,
// for EVERY role of the packaged template, a production resource the drill did not create — file system, volume,
// instance, cluster, DB instance, table, bucket, recovery point of each form — untagged:
//  - is deletable by no role;
//  - is taggable with the drill's keys by no role, except Mark Created for the types IAM cannot tell apart from the
//    drill's own (EFS, EBS and EC2 ids are AWS-generated, and so are recovery points; AWS Backup documents no AWS-set
//    tag on what it restores or copies): those are listed here, and Mark Created tags only what AWS Backup records
//    the drill's own jobs made (tests/unit/functions/mark-created.test.ts);
// and no role may both tag and delete a resource of those types.
import { loadPackagedTemplate } from './packaged-template';
import { ACCOUNT, asList, decide, Resolver, rolesOf, statementsOf, type Role, type Template } from './iam-template';

let roles: Role[];
let conditional: Role[];
beforeAll(() => {
  const template = loadPackagedTemplate() as unknown as Template;
  const resolver = new Resolver(template);
  const all = rolesOf(template);
  // A role created only when config/<stage>.yml asks for it (the evidence replica's) is evaluated when it exists.
  roles = all.filter((r) => !r.createdIf || resolver.condition(r.createdIf));
  conditional = all.filter((r) => !roles.includes(r));
}, 180_000);

const A = ACCOUNT;
const DR = 'eu-west-2';
const MARKER = 'MarkCreatedIamRoleLambdaExecution';
const DRILL_TAG = { 'aws:TagKeys': ['dr-drill:drill-id'], 'aws:RequestTag/dr-drill:drill-id': 'd1a2b3c4d' };
const TAGGED = { 'aws:ResourceTag/dr-drill:drill-id': 'd1a2b3c4d' };

interface Kind {
  /** A production one, in the DR region, that no drill created. */
  production: string;
  /** One a drill created. */
  drills: string;
  tag: string;
  deletes: string[];
  /** IAM cannot tell the drill's from production's: only Mark Created may tag it (the documented limit). */
  unnamed: boolean;
}

const KINDS: Record<string, Kind> = {
  'EFS file system': {
    production: `arn:aws:elasticfilesystem:${DR}:${A}:file-system/fs-0aa11bb22cc33dd44`,
    drills: `arn:aws:elasticfilesystem:${DR}:${A}:file-system/fs-0fedcba9876543210`,
    tag: 'elasticfilesystem:TagResource',
    deletes: ['elasticfilesystem:DeleteFileSystem'],
    unnamed: true,
  },
  'EBS volume': {
    production: `arn:aws:ec2:${DR}:${A}:volume/vol-0aa11bb22cc33dd44`,
    drills: `arn:aws:ec2:${DR}:${A}:volume/vol-0fedcba9876543210`,
    tag: 'ec2:CreateTags',
    deletes: ['ec2:DeleteVolume'],
    unnamed: true,
  },
  'EC2 instance': {
    production: `arn:aws:ec2:${DR}:${A}:instance/i-0aa11bb22cc33dd44`,
    drills: `arn:aws:ec2:${DR}:${A}:instance/i-0fedcba9876543210`,
    tag: 'ec2:CreateTags',
    deletes: ['ec2:TerminateInstances'],
    unnamed: true,
  },
  'Aurora cluster': {
    production: `arn:aws:rds:${DR}:${A}:cluster:patients-db-london`,
    drills: `arn:aws:rds:${DR}:${A}:cluster:drdrill-1a2b3c4d-patients-db`,
    tag: 'rds:AddTagsToResource',
    deletes: ['rds:DeleteDBCluster'],
    unnamed: false,
  },
  'RDS DB instance': {
    production: `arn:aws:rds:${DR}:${A}:db:pacs-db-london`,
    drills: `arn:aws:rds:${DR}:${A}:db:drdrill-1a2b3c4d-pacs-db`,
    tag: 'rds:AddTagsToResource',
    deletes: ['rds:DeleteDBInstance'],
    unnamed: false,
  },
  'DynamoDB table': {
    production: `arn:aws:dynamodb:${DR}:${A}:table/appointments`,
    drills: `arn:aws:dynamodb:${DR}:${A}:table/drdrill-1a2b3c4d-appointments`,
    tag: 'dynamodb:TagResource',
    deletes: ['dynamodb:DeleteTable'],
    unnamed: false,
  },
  'S3 bucket': {
    production: 'arn:aws:s3:::patients-documents-london',
    drills: 'arn:aws:s3:::drdrill-1a2b3c4d-documents',
    tag: 's3:PutBucketTagging',
    deletes: ['s3:DeleteBucket'],
    unnamed: false,
  },
  'recovery point (EFS, DynamoDB, S3)': {
    production: `arn:aws:backup:${DR}:${A}:recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    drills: `arn:aws:backup:${DR}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`,
    tag: 'backup:TagResource',
    deletes: ['backup:DeleteRecoveryPoint'],
    unnamed: true,
  },
  'recovery point (Aurora)': {
    production: `arn:aws:rds:${DR}:${A}:cluster-snapshot:awsbackup:copyjob-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    drills: `arn:aws:rds:${DR}:${A}:cluster-snapshot:awsbackup:copyjob-1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`,
    tag: 'rds:AddTagsToResource',
    deletes: ['backup:DeleteRecoveryPoint', 'rds:DeleteDBClusterSnapshot'],
    unnamed: true,
  },
  'recovery point (RDS)': {
    production: `arn:aws:rds:${DR}:${A}:snapshot:awsbackup:copyjob-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    drills: `arn:aws:rds:${DR}:${A}:snapshot:awsbackup:copyjob-1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`,
    tag: 'rds:AddTagsToResource',
    deletes: ['backup:DeleteRecoveryPoint', 'rds:DeleteDBSnapshot'],
    unnamed: true,
  },
  'recovery point (EBS)': {
    production: `arn:aws:ec2:${DR}::snapshot/snap-0aa11bb22cc33dd44`,
    drills: `arn:aws:ec2:${DR}::snapshot/snap-0fedcba9876543210`,
    tag: 'ec2:CreateTags',
    deletes: ['backup:DeleteRecoveryPoint', 'ec2:DeleteSnapshot'],
    unnamed: true,
  },
  'recovery point (EC2)': {
    production: `arn:aws:ec2:${DR}::image/ami-0aa11bb22cc33dd44`,
    drills: `arn:aws:ec2:${DR}::image/ami-0fedcba9876543210`,
    tag: 'ec2:CreateTags',
    deletes: ['backup:DeleteRecoveryPoint', 'ec2:DeregisterImage'],
    unnamed: true,
  },
};

const allowed = async (role: Role, action: string, resource: string, context: Record<string, string | string[]> = {}) =>
  (await decide(role, { action, resource, region: DR, context })) === 'Allowed';

describe("the drill's mark under the IAM policy simulator, for every role of the packaged template", () => {
  it('enumerates every role of the stack', () => {
    expect(roles.length).toBeGreaterThanOrEqual(27);
    expect(roles.map((r) => r.id)).toEqual(expect.arrayContaining([MARKER, 'RestoreTargetStateMachineRole', 'SweeperIamRoleLambdaExecution']));
    // The one role not created with this stage's config replicates evidence: it neither tags nor deletes.
    expect(conditional.map((r) => r.id)).toEqual(['EvidenceReplicationRole']);
    const actions = conditional.flatMap((r) => statementsOf(r).filter((x) => x.Effect === 'Allow').flatMap((x) => asList(x.Action)));
    expect(actions.filter((a) => /:(Tag|CreateTags|AddTags|PutBucketTagging|Delete|Terminate|Deregister)/.test(a))).toEqual([]);
  });

  it.each(Object.keys(KINDS))('no role may delete a production %s that carries no drill tag', async (kind) => {
    const { production, deletes } = KINDS[kind]!;
    const may: string[] = [];
    for (const role of roles) for (const action of deletes) if (await allowed(role, action, production)) may.push(`${role.id} ${action}`);
    expect(may).toEqual([]);
  });

  it.each(Object.keys(KINDS))("only Mark Created, and only where IAM cannot tell it apart, may put the drill's tag on a production %s", async (kind) => {
    const { production, tag, unnamed } = KINDS[kind]!;
    const may: string[] = [];
    for (const role of roles) if (await allowed(role, tag, production, DRILL_TAG)) may.push(role.id);
    expect(may).toEqual(unnamed ? [MARKER] : []);
  });

  it.each(Object.keys(KINDS).filter((k) => KINDS[k]!.unnamed))('no role may both tag a %s and delete one by the tag', async (kind) => {
    const { drills, tag, deletes } = KINDS[kind]!;
    const both: string[] = [];
    for (const role of roles) {
      const tags = await allowed(role, tag, drills, DRILL_TAG);
      let deletesTagged = false;
      for (const action of deletes) if (await allowed(role, action, drills, TAGGED)) deletesTagged = true;
      if (tags && deletesTagged) both.push(role.id);
    }
    expect(both).toEqual([]);
  });

  it('still lets the drill delete what it created and marked (Delete Restored Resource, the restore-target role and the sweeper)', async () => {
    const role = (id: string) => roles.find((r) => r.id === id)!;
    const got: string[] = [];
    for (const [kind, { drills, deletes }] of Object.entries(KINDS)) {
      if (kind === 'S3 bucket') continue;
      for (const action of deletes) {
        if (kind === 'RDS DB instance' || kind === 'Aurora cluster' || kind === 'DynamoDB table' || KINDS[kind]!.unnamed) {
          // Clean Up deletes what the restore made through Delete Restored Resource's function; the state machine
          // itself deletes the copy, and the DB instance it added to an Aurora cluster (below).
          const [who, roleId] = kind.startsWith('recovery point') ? ['restore-target', 'RestoreTargetStateMachineRole'] : ['delete-restored', 'DeleteRestoredIamRoleLambdaExecution'];
          if (!(await allowed(role(roleId), action, drills, TAGGED))) got.push(`${who} ${action} ${kind}`);
          if (!(await allowed(role('SweeperIamRoleLambdaExecution'), action, drills, TAGGED))) got.push(`sweeper ${action} ${kind}`);
        }
      }
    }
    if (!(await allowed(role('RestoreTargetStateMachineRole'), 'rds:DeleteDBInstance', KINDS['RDS DB instance']!.drills, TAGGED))) got.push('restore-target rds:DeleteDBInstance');
    expect(got).toEqual([]);
  });

  it("lets Mark Created put only the drill's keys, and never delete", async () => {
    const marker = roles.find((r) => r.id === MARKER)!;
    const { drills } = KINDS['EFS file system']!;
    expect(await allowed(marker, 'elasticfilesystem:TagResource', drills, DRILL_TAG)).toBe(true);
    expect(await allowed(marker, 'elasticfilesystem:TagResource', drills, { 'aws:TagKeys': ['dr-drill:drill-id', 'owner'] })).toBe(false);
    expect(await allowed(marker, 'elasticfilesystem:TagResource', drills, {})).toBe(false);
    for (const { drills: arn, deletes } of Object.values(KINDS)) for (const action of deletes) expect(await allowed(marker, action, arn, TAGGED)).toBe(false);
  });
});
