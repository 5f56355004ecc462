// RDS: AWS Backup restores the DB instance itself, so readiness and the SQL checks go to the restored instance.
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { DB_INSTANCE } from '../../db-instance';
import { equalsCheck, NO_DATA_CHECKS, orMissing, presentCheck } from '../check-helpers';
import { DATABASE_CHECK_CLIENTS, databaseDataChecks, SQL_NOT_RUN } from '../database-checks';
import { dbSubnetGroupChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

export const RDS_CHECKS: TargetChecks<TargetOf<'rds'>> = {
  clients: DATABASE_CHECK_CLIENTS,
  async readiness({ names, region, clients }) {
    const rds = clients.get('rds', region);
    const instance = (await orMissing(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: names.restored }))))?.DBInstances?.[0];
    return [
      equalsCheck('instance available', instance?.DBInstanceStatus, DB_INSTANCE.readyState, 'restored DB instance'),
      presentCheck('instance endpoint', instance?.Endpoint?.Address, 'DB instance endpoint'),
    ];
  },
  dataChecks: async (input) => (input.target.validation ? databaseDataChecks(input, input.target.validation, input.names.restored) : NO_DATA_CHECKS),
  dryRunChecks: (reads, drill, target) => dbSubnetGroupChecks(reads, drill, target.restore),
  async restoreTestingChecks(input) {
    return { checks: await RDS_CHECKS.readiness(input), notChecked: input.target.validation ? SQL_NOT_RUN : null };
  },
};
