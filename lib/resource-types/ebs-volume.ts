// An EBS volume: restored by AWS Backup (an EBS target) or left by a restored EC2 instance whose volume had
// DeleteOnTermination false. Volume State: creating | available | in-use | deleting | deleted | error (Volume, EC2 API
// Reference; "The volume may remain in the deleting state for several minutes", DeleteVolume). AWS's own
// volume-deleted waiter (EC2 service model, `aws ec2 wait volume-deleted`) succeeds on State `deleted` or
// InvalidVolume.NotFound: both are gone.
import { DeleteVolumeCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { firstOrNull, type ResourceType, idOfArn } from './resource-type';

export const EBS_VOLUME: ResourceType = {
  kind: 'ebs-volume',
  clients: { ec2: EC2Client },
  fromArn: (arn) => idOfArn(arn, 'ec2', 'volume'),
  deleteRank: 60,
  namedByDrill: false,
  async describe({ clients, region }, id) {
    const v = firstOrNull((await clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes);
    return v ? { state: v.State ?? 'unknown', createdAt: v.CreateTime ?? null } : null;
  },
  readyState: 'available',
  deletingStates: new Set(['deleting']),
  goneStates: new Set(['deleted']),
  async remove({ clients, region }, id) {
    await clients.get('ec2', region).send(new DeleteVolumeCommand({ VolumeId: id }));
    return true;
  },
};
