// EBS: the restored volume is available and, when the plan asks, at least as large as expected.
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2'
import { BYTES_PER_GIB, sizeChecks } from '../../../checks/volume';
import { EBS_VOLUME } from '../../ebs-volume';
import { equalsCheck, idFromArn, NO_DATA_CHECKS, orMissing, readinessAndDataChecks } from '../check-helpers';
import { noNetworkChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

export const EBS_CHECKS: TargetChecks<TargetOf<'ebs'>> = {
  clients: { ec2: EC2Client },
  async readiness({ restoredResourceArn, region, clients }) {
    const volume = (await orMissing(clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [idFromArn(restoredResourceArn)] }))))
      ?.Volumes?.[0];
    return [equalsCheck('volume available', volume?.State, EBS_VOLUME.readyState, 'restored volume')];
  },
  async dataChecks({ target, restoredResourceArn, region, clients }) {
    if (!target.validation) return NO_DATA_CHECKS;
    const volume = (await orMissing(clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [idFromArn(restoredResourceArn)] }))))
      ?.Volumes?.[0];
    // EBS reports whole GiB; sizeChecks takes bytes.
    const bytes = volume?.Size === undefined ? undefined : volume.Size * BYTES_PER_GIB;
    return { checks: sizeChecks('volume', bytes, target.validation), dataAgeSeconds: null };
  },
  dryRunChecks: noNetworkChecks,
  restoreTestingChecks: (input) => readinessAndDataChecks(EBS_CHECKS, input),
};
