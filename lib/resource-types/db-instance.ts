// An RDS DB instance: restored by AWS Backup (an RDS target) or added by the drill to a restored Aurora cluster.
// DBInstanceStatus values: "Viewing Amazon RDS DB instance status" (RDS User Guide), including `deleting`;
// DescribeDBInstances answers DBInstanceNotFound once it is gone (RDS API Reference).
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { firstOrNull, type ResourceType, idOfArn } from './resource-type';

export const DB_INSTANCE: ResourceType = {
  kind: 'db-instance',
  clients: { rds: RDSClient },
  fromArn: (arn) => idOfArn(arn, 'rds', 'db'),
  deleteRank: 20,
  namedByDrill: true,
  async describe({ clients, region }, id) {
    const i = firstOrNull((await clients.get('rds', region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances);
    return i ? { state: i.DBInstanceStatus ?? 'unknown', createdAt: i.InstanceCreateTime ?? null } : null;
  },
  readyState: 'available',
  deletingStates: new Set(['deleting']),
  goneStates: new Set(),
  async remove({ clients, region }, id) {
    // No final snapshot and no automated backups left behind: a drill's copy of patient data must not outlive it.
    await clients.get('rds', region).send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
    return true;
  },
};
