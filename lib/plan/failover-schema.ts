// The failover half of a drill plan: which Aurora global databases to switch to the DR region and back, how the
// application's traffic follows (Route 53 health-checked records or ARC routing controls), and the bar the case
// study set (cutover under 90 s, downtime 2 min, data loss under 30 s). A failover changes production: the
// `.describe()` texts say so where it matters.
import { z } from 'zod';

const seconds = (max: number) => z.number().int().positive().max(max);

export const failoverObjectivesSchema = z.strictObject({
  cutoverSeconds: seconds(3600).describe('Switch API call to the DR cluster being writer, in seconds (case study: 90)'),
  rtoSeconds: seconds(4 * 3600).describe('Observed downtime of the health URL during the switch, in seconds (case study: 120)'),
  rpoSeconds: z
    .number()
    .int()
    .nonnegative()
    .max(3600)
    .describe('Data loss, and replication lag before the switch, in seconds (case study: under 30)'),
});

const globalClusterIdentifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'must be a global cluster identifier (a letter, then letters, digits, "-")')
  .describe('The Aurora global database (global cluster identifier)');

const clusterArn = (where: string) =>
  z
    .string()
    .regex(
      /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[A-Za-z][A-Za-z0-9-]{0,62}$/,
      'must be an Aurora DB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<name>)',
    )
    .describe(`The member cluster in the ${where} region`);

const secretArn = (where: string) =>
  z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'must be a Secrets Manager secret ARN')
    .describe(`A secret in the ${where} region with "username" and "password" allowed to INSERT into and SELECT from the canary table`);

const sqlIdentifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/, 'must be a table name (letters, digits, "_", optionally schema.table)');

export const canarySchema = z
  .strictObject({
    engine: z.enum(['postgres', 'mysql']).describe('The SQL dialect of the global database'),
    database: z.string().min(1).max(63).describe('The database holding the canary table'),
    table: sqlIdentifier.describe(
      'A table with columns drill_id (text) and written_at (timestamp): the drill inserts one row just before the switch and reads it back in the new primary',
    ),
    secretArn: secretArn('primary'),
    drSecretArn: secretArn('DR'),
    dataApi: z.boolean().default(false).describe('Write and read through the RDS Data API (needs the HTTP endpoint on both clusters) instead of a connection'),
  })
  .describe('The marker that proves how much data the switch lost');

const hostedZoneId = z.string().regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id (Z...)');
const dnsName = z
  .string()
  .regex(/^(?=.{1,253}\.?$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/, 'must be a lower-case DNS name such as app.example.nhs.uk');

export const dnsCutoverSchema = z
  .strictObject({
    hostedZoneId,
    recordName: dnsName.describe('The failover record the application is reached by'),
    recordType: z.enum(['A', 'AAAA', 'CNAME']).default('CNAME'),
    primaryAnswer: z.string().min(1).max(255).describe('What Route 53 answers while the primary region serves (an IP or a name)'),
    drAnswer: z.string().min(1).max(255).describe('What Route 53 must answer once the DR region serves'),
    zone: z
      .enum(['public', 'private'])
      .default('public')
      .describe('Whether the hosted zone is public or private (associated with VPCs): a private zone answers only inside its VPCs'),
    measureFrom: z
      .enum(['route53', 'vpc'])
      .default('route53')
      .describe(
        "route53: ask Route 53 what it answers (TestDNSAnswer; public hosted zones only; no cache in the way). vpc: resolve the record from inside the VPC through its Route 53 Resolver, as the application's clients do, TTL caching included (needs dnsObserverVpc in the stack's config/<stage>.yml)",
      ),
  })
  .superRefine((dns, ctx) => {
    // TestDNSAnswer "only supports querying public hosted zones" (Amazon Route 53 API Reference, TestDNSAnswer).
    if (dns.zone === 'private' && dns.measureFrom === 'route53') {
      ctx.addIssue({
        code: 'custom',
        path: ['measureFrom'],
        message:
          'a private hosted zone cannot be measured with Route 53 (TestDNSAnswer answers for public hosted zones only): set measureFrom: vpc to resolve the record from inside the VPC',
      });
    }
  })
  .describe('Route 53 health-checked failover records, and how the drill reads what they answer (measureFrom)');

const routingControlArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:route53-recovery-control::\d{12}:controlpanel\/[0-9a-f]+\/routingcontrol\/[0-9a-z]+$/,
    'must be a routing control ARN (arn:aws:route53-recovery-control::<account>:controlpanel/<id>/routingcontrol/<id>)',
  );

export const routingControlsSchema = z
  .strictObject({
    clusterEndpoints: z
      .array(
        z.strictObject({
          region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region code'),
          endpoint: z.string().regex(/^https:\/\/[a-z0-9.-]+\/v1$/, 'must be an ARC cluster endpoint URL (https://host-....route53-recovery-cluster.<region>.amazonaws.com/v1)'),
        }),
      )
      .min(1)
      .max(5)
      .describe('The ARC cluster endpoints to use, tried in order: only those in allowed regions'),
    primaryControlArn: routingControlArn.describe('The routing control that sends traffic to the primary region'),
    drControlArn: routingControlArn.describe('The routing control that sends traffic to the DR region'),
  })
  .describe('Route 53 ARC routing controls: the drill turns the DR control on and the primary off once the DR cluster is writer');

const failoverTargetId = z
  .string()
  .regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,39}$/, 'must start with a letter, use only a-z, 0-9 and single "-", at most 40 characters');

export const failoverTargetSchema = z
  .strictObject({
    id: failoverTargetId.describe('A short name for the failover target, unique among failover targets'),
    globalClusterIdentifier,
    primaryClusterArn: clusterArn('primary'),
    drClusterArn: clusterArn('DR'),
    mode: z
      .enum(['switchover', 'failover'])
      .default('switchover')
      .describe('switchover: planned, no data loss (SwitchoverGlobalCluster). failover: rehearses an unplanned outage (FailoverGlobalCluster with data loss allowed)'),
    healthUrl: z
      .string()
      .url()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .describe('The URL patients reach the service by; probed every few seconds during each switch'),
    canary: canarySchema,
    dns: dnsCutoverSchema.optional(),
    routingControls: routingControlsSchema.optional(),
    objectives: failoverObjectivesSchema.partial().optional().describe("Overrides the failover objectives for this target"),
  })
  .superRefine((target, ctx) => {
    if (!target.dns === !target.routingControls) {
      ctx.addIssue({
        code: 'custom',
        path: target.dns ? ['routingControls'] : ['dns'],
        message: 'name exactly one of `dns` (Route 53 failover records) or `routingControls` (ARC) to prove the traffic cutover',
      });
    }
  });

export const failoverSchema = z
  .strictObject({
    unattended: z
      .boolean()
      .default(false)
      .describe('Let a scheduled drill switch production without a person approving it (the case study ran monthly failovers unattended)'),
    approvalTimeoutMinutes: z.number().int().positive().max(7 * 24 * 60).default(60).describe('End the drill cleanly if nobody approves within this time'),
    probeIntervalSeconds: z.number().int().min(1).max(60).default(5).describe('How often the health URL, the writer and DNS are read while a switch runs'),
    switchTimeoutMinutes: z.number().int().positive().max(120).default(15).describe('Roll back if the switch and the traffic cutover are not done in this time'),
    soakMinutes: z.number().int().nonnegative().max(24 * 60).default(10).describe('How long the service runs from the DR region before failing back'),
    rollbackTimeoutMinutes: z.number().int().positive().max(240).default(60).describe('How long a rollback may try before the drill says the service is NOT back on its primary'),
    objectives: z
      .strictObject({
        cutoverSeconds: failoverObjectivesSchema.shape.cutoverSeconds.default(90),
        rtoSeconds: failoverObjectivesSchema.shape.rtoSeconds.default(120),
        rpoSeconds: failoverObjectivesSchema.shape.rpoSeconds.default(30),
      })
      .prefault({})
      .describe('What every failover target must meet; the defaults are the case study\'s figures'),
    targets: z.array(failoverTargetSchema).min(1).max(10).describe('The global databases to switch, one at a time'),
  })
  .describe('The failover drill: switch each Aurora global database to the DR region, prove traffic followed, soak, fail back');

export type FailoverPlan = z.infer<typeof failoverSchema>;
export type FailoverTarget = z.infer<typeof failoverTargetSchema>;
export type FailoverObjectives = z.infer<typeof failoverObjectivesSchema>;
export type Canary = z.infer<typeof canarySchema>;
