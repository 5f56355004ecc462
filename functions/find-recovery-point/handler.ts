import { BackupClient } from '@aws-sdk/client-backup';
import { STSClient } from '@aws-sdk/client-sts';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { findRecoveryPoint } from './find-recovery-point';

export const makeHandler = (deps: Deps) => (event: unknown) => findRecoveryPoint(event, deps);
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({ backup: BackupClient, sts: STSClient }, runtime));
