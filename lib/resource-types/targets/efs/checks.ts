// EFS: the restored file system is available and, when the plan asks, at least as large as expected.
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs'
import { sizeChecks } from '../../../checks/volume';
import { EFS_FILE_SYSTEM } from '../../efs-file-system';
import { equalsCheck, idFromArn, NO_DATA_CHECKS, orMissing, readinessAndDataChecks } from '../check-helpers';
import { noNetworkChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

export const EFS_CHECKS: TargetChecks<TargetOf<'efs'>> = {
  clients: { efs: EFSClient },
  async readiness({ restoredResourceArn, region, clients }) {
    const fs = (await orMissing(clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: idFromArn(restoredResourceArn) }))))
      ?.FileSystems?.[0];
    return [equalsCheck('file system available', fs?.LifeCycleState, EFS_FILE_SYSTEM.readyState, 'restored file system')];
  },
  async dataChecks({ target, restoredResourceArn, region, clients }) {
    if (!target.validation) return NO_DATA_CHECKS;
    const fs = (await orMissing(clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: idFromArn(restoredResourceArn) }))))
      ?.FileSystems?.[0];
    return { checks: sizeChecks('file system', fs?.SizeInBytes?.Value, target.validation), dataAgeSeconds: null };
  },
  dryRunChecks: noNetworkChecks,
  restoreTestingChecks: (input) => readinessAndDataChecks(EFS_CHECKS, input),
};
