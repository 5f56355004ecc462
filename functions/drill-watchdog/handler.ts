import type { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { drillMetrics } from '../../lib/observe/metrics';
import { drillWatchdog, watchdogConfig, type WatchdogConfig } from './drill-watchdog';

export type WatchdogDeps = Deps & WatchdogConfig & { metrics: Metrics };

// The scheduled event carries nothing the watchdog needs: what it watches is configuration.
export const makeHandler = (deps: WatchdogDeps) => () => drillWatchdog(deps, deps, deps.metrics);
// productionDeps first, so a missing AWS_REGION is the error a broken deployment reports.
export const handler = lambdaHandler(makeHandler, (runtime) => ({ ...productionDeps({ dynamodb: DynamoDBClient }, runtime), ...watchdogConfig(runtime.env), metrics: drillMetrics() }));
