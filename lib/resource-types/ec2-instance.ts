// An EC2 instance AWS Backup restored. State.Name: pending | running | shutting-down | terminated | stopping | stopped
// (InstanceState, EC2 API Reference). "Terminated instances remain visible after termination (for approximately one
// hour)" (TerminateInstances, EC2 API Reference): terminated is gone.
import { DescribeInstancesCommand, ModifyInstanceAttributeCommand, TerminateInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { isNotFound, isTransientAwsError, rethrowClassified } from '../aws/classify-error';
import { idOfArn, type AskContext, type CreatedRef, type ResourceType, type StepFailure } from './resource-type';

export const EC2_INSTANCE: ResourceType = {
  kind: 'ec2-instance',
  clients: { ec2: EC2Client },
  fromArn: (arn) => idOfArn(arn, 'ec2', 'instance'),
  deleteRank: 10,
  namedByDrill: false,
  async describe({ clients, region }, id) {
    const i = (await clients.get('ec2', region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
    return i ? { state: i.State?.Name ?? 'unknown', createdAt: i.LaunchTime ?? null } : null;
  },
  readyState: 'running',
  deletingStates: new Set(['shutting-down']),
  goneStates: new Set(['terminated']),
  async remove({ clients, region }, id) {
    await clients.get('ec2', region).send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    return true;
  },
  dependents: {
    prepare: deleteVolumesWithInstance,
    unread: (arn) => `the EBS volumes of ${arn} could not be read before it was terminated: any whose DeleteOnTermination was false is left`,
  },
};

/**
 * Terminating an instance deletes only the volumes whose DeleteOnTermination is true ("Preserve data when an instance
 * is terminated", EC2 User Guide): a data volume attached after launch defaults to false, and the restored instance
 * keeps what the backup's AMI recorded. So every EBS device is first set to be deleted with the instance
 * (ModifyInstanceAttribute, authorized on the instance, which carries the drill's tag: nothing else of the account can
 * be reached this way), and the volume ids are kept for Check Cleanup to confirm they are gone.
 */
async function deleteVolumesWithInstance({ clients, region }: AskContext, id: string): Promise<{ refs: CreatedRef[] | null; failed: StepFailure | null }> {
  const ec2 = clients.get('ec2', region);
  let refs: CreatedRef[] | null = null;
  try {
    const reservation = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0];
    const devices = (reservation?.Instances?.[0]?.BlockDeviceMappings ?? []).filter((d) => d.DeviceName && d.Ebs?.VolumeId);
    refs = devices.map((d) => {
      const volumeId = d.Ebs!.VolumeId!;
      return { kind: 'ebs-volume', id: volumeId, arn: `arn:aws:ec2:${region}:${reservation?.OwnerId ?? ''}:volume/${volumeId}` };
    });
    // One device at a time, as the definition's Map did (MaxConcurrency 1): EC2 rejects concurrent modifications.
    for (const d of devices) {
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, BlockDeviceMappings: [{ DeviceName: d.DeviceName, Ebs: { DeleteOnTermination: true } }] }));
    }
    return { refs, failed: null };
  } catch (error) {
    // Throttling: the whole delete is asked again; not found: already gone (removeCreated). Anything else (a denial): the instance is still terminated, and
    // Check Cleanup names each volume that outlived it.
    if (isTransientAwsError(error) || isNotFound(error)) rethrowClassified(error);
    const e = error as { name?: string; message?: string };
    return { refs, failed: { Error: e.name ?? 'Error', Cause: `DeleteOnTermination could not be set on the volumes of ${id}: ${e.message ?? ''}`.trim() } };
  }
}
