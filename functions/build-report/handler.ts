import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { storeOf } from '../../lib/drill/store';
import { DrillsTable } from '../../lib/evidence/drills-table';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { buildReport } from './build-report';

export interface BuildReportDeps extends Deps {
  drillsTable?: string;
}

export const makeHandler = (deps: BuildReportDeps) => {
  const store = storeOf(deps);
  // Read once at cold start: the coverage reads the plan's earlier drills, so a function without its table is a deployment fault.
  if (!deps.drillsTable) throw new Error('DRILLS_TABLE is not set: Build Report cannot read the coverage of earlier drills');
  const table = new DrillsTable(deps, deps.drillsTable);
  return (event: unknown) => buildReport(event, { ...deps, readProofs: (plan, since) => table.since(plan, since) }, store);
};
export const handler = lambdaHandler(makeHandler, (runtime) => ({
  ...productionDeps({ s3: S3Client, dynamodb: DynamoDBClient }, runtime),
  drillsTable: runtime.env.DRILLS_TABLE,
}));
