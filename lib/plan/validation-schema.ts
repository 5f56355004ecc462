// What a drill checks in the restored data: the parts more than one resource type uses (the SQL checks of Aurora and
// RDS, the size check of EBS and EFS); a type's own validation schema lives in its definition
// (lib/resource-types/targets/<type>/definition.ts). Readiness (available, reachable) always runs; these add checks
// on the data itself. Results carry names, counts, ages and expectations only: nothing read from
// the restored data (row values, item contents, object bodies) ever leaves the validation Lambda.
import { z } from 'zod';

/** `>= 1000`, `<= 86400`, `= 0`, `!= 0`, `> 1.5`, `< 10`, `not null`, `null`, `equals <text>`. */
export const EXPECTATION_PATTERN = /^(?:(?:>=|<=|!=|>|<|=)\s*-?\d+(?:\.\d+)?|not null|null|equals .+)$/;
export const expectationSchema = z
  .string()
  .regex(EXPECTATION_PATTERN, 'must be a comparison such as ">= 1000", "<= 86400", "= 0", "not null", "null" or "equals <text>"')
  .describe('Compared with the first column of the first row the query returns');

export const validationTimeoutSeconds = z.number().int().positive().max(840).optional().describe('Limit for all checks of the target, in seconds (at most 840)');

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
  timeoutSeconds: validationTimeoutSeconds,
  engine: z.enum(['postgres', 'mysql']).describe('The SQL dialect of the checks: postgres (Aurora PostgreSQL, RDS PostgreSQL) or mysql (Aurora MySQL, RDS MySQL/MariaDB)'),
  database: z.string().min(1).max(63).describe('The database to connect to'),
  secretArn,
  dataApi: z.boolean().optional().describe('Run the checks through the RDS Data API (Aurora with the HTTP endpoint) instead of a connection'),
  statementTimeoutSeconds: z.number().int().positive().max(300).default(30).describe('Each query is cancelled after this long'),
  sql: z.array(sqlCheckSchema).min(1).max(50),
});

export const volumeValidationSchema = z.strictObject({
  timeoutSeconds: validationTimeoutSeconds,
  minSizeGiB: z.number().positive().optional().describe('The restored volume or file system must be at least this large'),
});

export type SqlCheck = z.infer<typeof sqlCheckSchema>;
export type DatabaseValidation = z.infer<typeof databaseValidationSchema>;
export type VolumeValidation = z.infer<typeof volumeValidationSchema>;
// Type-only, so no import cycle at run time: the definitions import the shared parts above.
export type { DynamodbValidation } from '../resource-types/targets/dynamodb/definition';
export type { S3Validation } from '../resource-types/targets/s3/definition';
export type { Ec2Validation } from '../resource-types/targets/ec2/definition';
