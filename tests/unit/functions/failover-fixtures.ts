// The NHS example's failover target as the failover Lambdas receive it, worked out here from the plan (not with the
// code under test), plus an ARC variant, deps with a scripted health URL and canary, and observations to fold.
import type { FailoverItem, Observation } from '../../../lib/failover/contracts';
import type { CanaryStore, HttpGet } from '../../../lib/failover/ports';
import type { Deps } from '../../../lib/lambda/deps';
import { ACCOUNT, checkedPlan, drillContext, nhsPlanInput, testDeps } from './fixtures';

export const PRIMARY = 'eu-west-1';
export const DR = 'eu-west-2';
export const GLOBAL_ID = 'patients-global';
export const PRIMARY_CLUSTER_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db`;
export const DR_CLUSTER_ARN = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:patients-db-london`;
export const HEALTH_URL = 'https://patients.nhs-platform.example.uk/health';
export const PRIMARY_ANSWER = 'patients-eu-west-1.nhs-platform.example.uk';
export const DR_ANSWER = 'patients-eu-west-2.nhs-platform.example.uk';
export const PRIMARY_SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:nhs-patient-platform/patients-db/drill-canary-Ab12Cd`;
export const DR_SECRET = `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:nhs-patient-platform/patients-db/drill-canary-Ef34Gh`;

export const PRIMARY_CONTROL = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/0123456789abcdef/routingcontrol/a1b2c3d4e5f60718`;
export const DR_CONTROL = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/0123456789abcdef/routingcontrol/f1e2d3c4b5a60798`;
export const ARC_ENDPOINTS = [
  { region: 'eu-west-1', endpoint: 'https://a1b2c3d4.route53-recovery-cluster.eu-west-1.amazonaws.com/v1' },
  { region: 'eu-west-2', endpoint: 'https://e5f6a7b8.route53-recovery-cluster.eu-west-2.amazonaws.com/v1' },
];

/** The NHS example's patients-global target: a switchover proven by Route 53 DNS, settings in seconds. */
export function failoverItem(change: (item: FailoverItem) => void = () => undefined): FailoverItem {
  const plan = checkedPlan(nhsPlanInput());
  const failover = plan.failover!;
  const item: FailoverItem = {
    drill: drillContext(plan),
    target: structuredClone(failover.targets[0]!),
    objectives: { cutoverSeconds: 90, rtoSeconds: 120, rpoSeconds: 30 },
    settings: {
      probeIntervalSeconds: 5,
      switchTimeoutSeconds: 900,
      soakSeconds: 600,
      rollbackTimeoutSeconds: 3600,
      approvalTimeoutSeconds: 3600,
      approvalRequired: true,
      approvedBy: null,
    },
    primaryRegion: PRIMARY,
    drRegion: DR,
  };
  change(item);
  return item;
}

/** The same target with its traffic moved by ARC routing controls instead of DNS. */
export function arcItem(change: (item: FailoverItem) => void = () => undefined): FailoverItem {
  return failoverItem((item) => {
    delete item.target.dns;
    item.target.routingControls = { clusterEndpoints: structuredClone(ARC_ENDPOINTS), primaryControlArn: PRIMARY_CONTROL, drControlArn: DR_CONTROL };
    change(item);
  });
}

/** A health URL that answers each call with the next of `answers` (a status, or an Error to throw); the last repeats. */
export function scriptedHttp(answers: (number | Error)[] = [200]) {
  let i = 0;
  const http = jest.fn<ReturnType<HttpGet>, Parameters<HttpGet>>(async () => {
    const answer = answers[Math.min(i++, answers.length - 1)] as number | Error;
    if (answer instanceof Error) throw answer;
    return { status: answer };
  });
  return http;
}

export function memoryCanary(): CanaryStore & { write: jest.Mock; read: jest.Mock } {
  return {
    write: jest.fn(async () => ({ writtenAt: '2025-03-04T03:00:00.250Z' })),
    read: jest.fn(async () => ({ writtenAt: '2025-03-04T03:00:00.250Z', newestWrittenAt: '2025-03-04T03:00:00.250Z' })),
  };
}

/** Deps for a failover Lambda in the DR region; `times` are what successive now() calls answer. */
export function failoverDeps(times?: string[], extra: Partial<Deps> = {}): Deps {
  return { ...testDeps(times), http: scriptedHttp(), canary: memoryCanary(), ...extra };
}

export const T0 = Date.parse('2025-03-04T03:00:05.000Z');
/** T0 + seconds, as ISO-8601. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** One look at the world `seconds` after T0: on the primary and healthy unless told otherwise. */
export function observation(seconds: number, o: Partial<Omit<Observation, 'at'>> = {}): Observation {
  return {
    at: at(seconds),
    writerRegion: PRIMARY,
    switchStatus: null,
    trafficRegion: PRIMARY,
    trafficAnswer: PRIMARY_ANSWER,
    healthy: true,
    healthAnswer: 'HTTP 200',
    ...o,
  };
}

/** Looked at from the DR side: writer and traffic in London. */
export const onDr = (o: Partial<Omit<Observation, 'at'>> = {}): Partial<Omit<Observation, 'at'>> => ({
  writerRegion: DR,
  trafficRegion: DR,
  trafficAnswer: DR_ANSWER,
  ...o,
});
