// An EC2 instance as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: the AWS Backup Developer Guide's page on restoring an EC2 instance (under "Restore a backup"),
// and the EC2 rows of its restore testing metadata table.
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { valueOf, withDefined, withoutKeys } from '../restore-metadata';
import { resourceArn, securityGroupIds, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { pick, text } from '../../../cost/target-cost';
import { isEc2SnapshotOrImage } from '../copied-recovery-points';

const list = (items: readonly string[]) => items.join(', ');

export const ec2ValidationSchema = z.strictObject({
  timeoutSeconds: validationTimeoutSeconds,
  statusChecks: z
    .boolean()
    .default(true)
    .describe('EC2 status checks (DescribeInstanceStatus InstanceStatus and SystemStatus) must be ok'),
  health: z
    .strictObject({
      port: z.number().int().min(1).max(65535),
      path: z.string().regex(/^\/[\x21-\x7e]*$/, 'must be a URL path starting with "/"').max(2048),
      expectStatus: z.number().int().min(100).max(599).default(200),
      timeoutSeconds: z.number().int().positive().max(60).describe('Give up on the request after this many seconds'),
    })
    .optional()
    .describe("An HTTP GET to http://<the restored instance's private IP>:<port><path>; only the status code is compared"),
});
export type Ec2Validation = z.infer<typeof ec2ValidationSchema>;

export const ec2TargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('ec2'),
  validation: ec2ValidationSchema.optional().describe('Checks on the restored instance, beyond its state (status checks, an HTTP health URL)'),
  resourceArn: resourceArn('ec2', 'instance/i-[0-9a-f]{8,17}', 'an EC2 instance', 'instance/i-...'),
  restore: z.strictObject({
    subnetId: z
      .string()
      .regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id (subnet-...)')
      .describe('The subnet in the DR region to launch the restored instance in: isolated, so it cannot reach production'),
    securityGroupIds: securityGroupIds.describe('Security groups in the DR region for the restored instance: at least one'),
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an instance type such as t3.micro')
      .optional()
      .describe("The restored instance's type (default: the backed-up instance's)"),
    iamInstanceProfileName: z
      .string()
      .regex(/^[\w+=,.@-]{1,128}$/, 'must be an instance profile name')
      .optional()
      .describe('An instance profile for the restored instance (default: none)'),
  }),
});
export type Ec2Target = z.infer<typeof ec2TargetSchema>;

export const EC2 = {
  type: 'ec2',
  schema: ec2TargetSchema,
  backupResourceType: 'EC2',
  restoredKind: 'ec2-instance',
  restoreQuota: 100,
  namedByDrill: false,
  copiedRecoveryPoint: isEc2SnapshotOrImage,
  // The source's VPC, zone and key pair do not exist in the DR region. NetworkInterfaces is where a recorded public IP
  // association lives: without it the instance gets only what the isolated subnet hands out (no public IP). The
  // source's instance profile carries production's permissions, so only one the plan names is used.
  regionBoundKeys: ['AvailabilityZone', 'SubnetId', 'SecurityGroupIds', 'KeyName', 'Placement', 'NetworkInterfaces', 'IamInstanceProfileName'],
  // Keys as AWS Backup's restore-testing metadata table names them for EC2.
  restoreMetadata: (target, _names, metadata, recorded) =>
    withDefined(withoutKeys(metadata, ['instanceType', 'disableApiTermination', 'requireImdsV2']), {
      subnetId: target.restore.subnetId,
      securityGroupIds: JSON.stringify(target.restore.securityGroupIds),
      instanceType: target.restore.instanceType ?? valueOf(recorded, 'instanceType'),
      iamInstanceProfileName: target.restore.iamInstanceProfileName,
      // Termination protection would stop the drill from cleaning up.
      disableApiTermination: 'false',
      // What AWS Backup's own restore tests infer: no instance metadata without a session token.
      requireImdsV2: 'true',
    }),
  // "Preserve data when an instance is terminated", EC2 User Guide: a volume whose DeleteOnTermination is false
  // outlives its terminated instance.
  // An instance of the type its restore metadata names (the plan's or as recorded), Linux on-demand, per second with a
  // 60-second minimum (EC2 On-Demand pricing). Its EBS volumes are billed besides: their sizes are in the AMI's block
  // device mapping, which the drill does not read.
  cost: {
    backupStorage: 'backup.warm.ebs',
    size: (_target, metadata) => pick(metadata, ['instanceType']),
    billed: (size) => {
      const type = text(size, 'instanceType');
      return [
        type ? { what: `${type} instance (Linux)`, price: `ec2.linux.${type}`, amount: 1 } : { what: 'the restored instance', notEstimated: 'its type is not in the restore metadata' },
        { what: "the instance's EBS volumes", notEstimated: "their sizes are in the image's block device mapping, which the drill does not read" },
      ];
    },
  },
  init: {
    needs: 'subnet',
    restore: (network) =>
      network.subnet
        ? {
            restore: { subnetId: network.subnet.id, securityGroupIds: network.subnet.securityGroupIds },
            choices: { subnetId: 'subnet', securityGroupIds: 'security-groups' },
          }
        : { cannot: 'no isolated subnet in the DR region', missing: 'network' },
    checks: 'EC2 status checks and an HTTP health URL on the restored instance (validation: statusChecks, health)',
  },
  wouldDo: {
    restore: (target, { dr }) => [
      `restore it in ${dr} as an instance${target.restore.instanceType ? ` (${target.restore.instanceType})` : ''} in subnet ${target.restore.subnetId} with security groups ${list(target.restore.securityGroupIds)}, no public IP, then wait for its status checks`,
    ],
    created: () => ['the restored instance'],
    dataChecks: ({ validation: v }) => ({ count: v ? (v.statusChecks ? 1 : 0) + (v.health ? 1 : 0) : 0 }),
  },
} as const satisfies TargetDefinition<Ec2Target>;
