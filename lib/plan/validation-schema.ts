// What a drill checks in the restored data, per resource type. Readiness (available, reachable) always runs;
// these add checks on the data itself. Results carry names, counts, ages and expectations only: nothing read from
// the restored data (row values, item contents, object bodies) ever leaves the validation Lambda.
import { z } from 'zod';

/** `>= 1000`, `<= 86400`, `= 0`, `!= 0`, `> 1.5`, `< 10`, `not null`, `null`, `equals <text>`. */
export const EXPECTATION_PATTERN = /^(?:(?:>=|<=|!=|>|<|=)\s*-?\d+(?:\.\d+)?|not null|null|equals .+)$/;
export const expectationSchema = z
  .string()
  .regex(EXPECTATION_PATTERN, 'must be a comparison such as ">= 1000", "<= 86400", "= 0", "not null", "null" or "equals <text>"')
  .describe('Compared with the first column of the first row the query returns');

const timeoutSeconds = z.number().int().positive().max(840).optional().describe('Limit for all checks of the target, in seconds (at most 840)');

const secretArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'must be a Secrets Manager secret ARN')
  .describe('A secret in the DR region with "username" and "password" (an RDS-managed secret works): read-only credentials');

export const sqlCheckSchema = z.strictObject({
  name: z.string().min(1).max(100),
  query: z.string().min(1).max(20_000, 'at most 20,000 characters'),
  expect: expectationSchema,
  freshness: z
    .boolean()
    .optional()
    .describe('The query returns the age of the newest data in seconds (e.g. now() - max(updated_at)): reported as the RPO the data shows'),
});

export const databaseValidationSchema = z.strictObject({
  timeoutSeconds,
  engine: z.enum(['postgres', 'mysql']).describe('The SQL dialect of the checks: postgres (Aurora PostgreSQL, RDS PostgreSQL) or mysql (Aurora MySQL, RDS MySQL/MariaDB)'),
  database: z.string().min(1).max(63).describe('The database to connect to'),
  secretArn,
  dataApi: z.boolean().optional().describe('Run the checks through the RDS Data API (Aurora with the HTTP endpoint) instead of a connection'),
  statementTimeoutSeconds: z.number().int().positive().max(300).default(30).describe('Each query is cancelled after this long'),
  sql: z.array(sqlCheckSchema).min(1).max(50),
});

const keyValue = z.union([z.string().max(1024), z.number()]);
export const dynamodbValidationSchema = z.strictObject({
  timeoutSeconds,
  minItems: z.number().int().nonnegative().optional().describe('DescribeTable ItemCount (refreshed by DynamoDB about every 6 hours) must be at least this'),
  keys: z
    .array(z.record(z.string().min(1).max(255), keyValue))
    .max(100)
    .optional()
    .describe('Primary keys (attribute name to value) that must be present: GetItem for each'),
  freshness: z
    .strictObject({
      attribute: z.string().min(1).max(255).describe('An ISO-8601 or epoch-seconds attribute on the items named by `keys`'),
      maxAgeSeconds: z.number().int().positive(),
    })
    .optional(),
});

export const s3ValidationSchema = z.strictObject({
  timeoutSeconds,
  minObjects: z.number().int().nonnegative().optional(),
  objects: z
    .array(
      z.strictObject({
        key: z.string().min(1).max(1024),
        sha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a base64 SHA-256 checksum (as S3 reports ChecksumSHA256)').optional(),
      }),
    )
    .max(1000)
    .optional()
    .describe('A manifest: objects that must be present, with an optional checksum'),
});

export const volumeValidationSchema = z.strictObject({
  timeoutSeconds,
  minSizeGiB: z.number().positive().optional().describe('The restored volume or file system must be at least this large'),
});

export const ec2ValidationSchema = z.strictObject({
  timeoutSeconds,
  statusChecks: z
    .boolean()
    .default(true)
    .describe('EC2 status checks (DescribeInstanceStatus InstanceStatus and SystemStatus) must be ok'),
  health: z
    .strictObject({
      port: z.number().int().min(1).max(65535),
      path: z.string().regex(/^\/[\x21-\x7e]*$/, 'must be a URL path starting with "/"').max(2048),
      expectStatus: z.number().int().min(100).max(599).default(200),
      timeoutSeconds: z.number().int().positive().max(60).describe('Give up on the request after this many seconds'),
    })
    .optional()
    .describe("An HTTP GET to http://<the restored instance's private IP>:<port><path>; only the status code is compared"),
});

export type SqlCheck = z.infer<typeof sqlCheckSchema>;
export type DatabaseValidation = z.infer<typeof databaseValidationSchema>;
export type DynamodbValidation = z.infer<typeof dynamodbValidationSchema>;
export type S3Validation = z.infer<typeof s3ValidationSchema>;
export type VolumeValidation = z.infer<typeof volumeValidationSchema>;
export type Ec2Validation = z.infer<typeof ec2ValidationSchema>;
