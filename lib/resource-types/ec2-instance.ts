// An EC2 instance AWS Backup restored. State.Name: pending | running | shutting-down | terminated | stopping | stopped
// (InstanceState, EC2 API Reference). "Terminated instances remain visible after termination (for approximately one
// hour)" (TerminateInstances, EC2 API Reference): terminated is gone.
import { DescribeInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { ResourceType } from './resource-type';

export const EC2_INSTANCE: ResourceType = {
  kind: 'ec2-instance',
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
};
