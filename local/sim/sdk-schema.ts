// Reads the operation schemas that every @aws-sdk/client-* v3 package exports, so the simulation checks inputs and
// outputs against the real API shapes instead of a hand-written list.
//
// The encoding (see node_modules/@aws-sdk/client-backup/dist-es/schemas/schemas_0.js and @smithy/core/schema):
// - a number is a simple type: 0 string, 1 number, 2 boolean, 4-7 timestamp, 15 document, 17/19 big number,
//   21 blob, 42 streaming blob; `64 | x` is a list of x and `128 | x` a map of string to x;
// - a function is a lazy reference to a schema; a 2-element array is a member `[schema, traits]`;
// - `[0, ns, name, traits, schema]` is a simple type with traits, `[1, ns, name, traits, value]` a list,
//   `[2, ns, name, traits, key, value]` a map, `[3 | -3 | 4, ns, name, traits, memberNames, memberSchemas,
//   requiredCount?]` a structure / error / union whose first `requiredCount` members are required,
//   `[9, ns, name, traits, () => input, () => output]` an operation; the string 'unit' means no members.

export type SimpleKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'document' | 'blob';

export type Shape =
  | { kind: SimpleKind }
  | { kind: 'list'; member: () => Shape }
  | { kind: 'map'; value: () => Shape }
  | { kind: 'structure'; name: string; members: ReadonlyMap<string, () => Shape>; required: readonly string[] };

export interface OperationShape {
  service: string;
  name: string;
  input: Shape;
  output: Shape;
}

export interface ErrorShape {
  /** The shape name, which is also the JavaScript SDK's `error.name`: DBInstanceNotFoundFault. */
  shapeName: string;
  /** The code the API puts on the wire: DBInstanceNotFound (differs from the shape name for awsQuery services). */
  code: string;
  fault: 'client' | 'server';
}

/** Step Functions' aws-sdk service names (as in arn:aws:states:::aws-sdk:<service>:<action>) -> npm package. */
export const SDK_PACKAGES = {
  backup: '@aws-sdk/client-backup',
  rds: '@aws-sdk/client-rds',
  rdsdata: '@aws-sdk/client-rds-data',
  dynamodb: '@aws-sdk/client-dynamodb',
  efs: '@aws-sdk/client-efs',
  fsx: '@aws-sdk/client-fsx',
  ec2: '@aws-sdk/client-ec2',
  s3: '@aws-sdk/client-s3',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  resourcegroupstaggingapi: '@aws-sdk/client-resource-groups-tagging-api',
  cloudwatch: '@aws-sdk/client-cloudwatch',
  route53: '@aws-sdk/client-route-53',
  route53recoverycluster: '@aws-sdk/client-route53-recovery-cluster',
  sfn: '@aws-sdk/client-sfn',
  lambda: '@aws-sdk/client-lambda',
  iam: '@aws-sdk/client-iam',
  sns: '@aws-sdk/client-sns',
  sts: '@aws-sdk/client-sts',
} as const;
export type SdkService = keyof typeof SDK_PACKAGES;

export function isSdkService(service: string): service is SdkService {
  return Object.prototype.hasOwnProperty.call(SDK_PACKAGES, service);
}

type Raw = unknown;
type Module = Record<string, Raw>;

const modules = new Map<SdkService, Module>();
const operationCache = new Map<string, OperationShape | null>();
const shapeCache = new WeakMap<object, Shape>();

function load(service: SdkService): Module {
  let mod = modules.get(service);
  if (!mod) {
    // Loaded lazily: the EC2 client alone takes ~300 ms to require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(SDK_PACKAGES[service]) as Module;
    modules.set(service, mod);
  }
  return mod;
}

function deref(raw: Raw): Raw {
  return typeof raw === 'function' ? (raw as () => Raw)() : raw;
}

const SIMPLE: Record<number, SimpleKind> = {
  0: 'string',
  1: 'number',
  2: 'boolean',
  4: 'timestamp',
  5: 'timestamp',
  6: 'timestamp',
  7: 'timestamp',
  15: 'document',
  17: 'number',
  19: 'number',
  21: 'blob',
  42: 'blob',
};

function simple(code: number): Shape {
  const kind = SIMPLE[code];
  if (!kind) throw new Error(`sdk-schema: unknown simple schema code ${code}`);
  return { kind };
}

/** Turns any schema reference into a Shape; structures are cached so recursive shapes terminate lazily. */
export function toShape(raw: Raw): Shape {
  const value = deref(raw);
  if (typeof value === 'number') {
    if (value >= 64 && value < 128) return { kind: 'list', member: () => simple(value & 0b0011_1111) };
    if (value >= 128 && value <= 255) return { kind: 'map', value: () => simple(value & 0b0011_1111) };
    return simple(value);
  }
  if (value === 'unit') return { kind: 'structure', name: 'Unit', members: new Map(), required: [] };
  if (!Array.isArray(value)) throw new Error(`sdk-schema: unexpected schema ${String(value)}`);
  if (value.length === 2) return toShape(value[0]); // member schema: [schema, traits]
  const cached = shapeCache.get(value);
  if (cached) return cached;
  const tag = value[0] as number;
  let shape: Shape;
  switch (tag) {
    case 0:
      shape = toShape(value[4]);
      break;
    case 1: {
      const member = value[4];
      shape = { kind: 'list', member: () => toShape(member) };
      break;
    }
    case 2: {
      const item = value[5];
      shape = { kind: 'map', value: () => toShape(item) };
      break;
    }
    case 3:
    case -3:
    case 4: {
      const names = value[4] as string[];
      const schemas = value[5] as Raw[];
      const requiredCount = typeof value[6] === 'number' ? value[6] : 0;
      const members = new Map<string, () => Shape>();
      names.forEach((name, i) => members.set(name, () => toShape(schemas[i])));
      shape = { kind: 'structure', name: value[2] as string, members, required: names.slice(0, requiredCount) };
      break;
    }
    default:
      throw new Error(`sdk-schema: unsupported schema tag ${tag} (${String(value[2])})`);
  }
  shapeCache.set(value, shape);
  return shape;
}

/** The SDK operation name for an action given as Step Functions writes it (startCopyJob) or as the API does. */
export function resolveOperationName(service: SdkService, action: string): string | undefined {
  if (!action) return undefined;
  const mod = load(service);
  const pascal = action[0]!.toUpperCase() + action.slice(1);
  const schema = mod[`${pascal}$`];
  return Array.isArray(schema) && schema[0] === 9 ? pascal : undefined;
}

export function getOperation(service: SdkService, operationName: string): OperationShape | undefined {
  const key = `${service}:${operationName}`;
  if (operationCache.has(key)) return operationCache.get(key) ?? undefined;
  const schema = load(service)[`${operationName}$`];
  let op: OperationShape | null = null;
  if (Array.isArray(schema) && schema[0] === 9) {
    op = { service, name: operationName, input: toShape(schema[4]), output: toShape(schema[5]) };
  }
  operationCache.set(key, op);
  return op ?? undefined;
}

/** Every operation name of a service, for "did you mean" hints. */
export function listOperations(service: SdkService): string[] {
  const mod = load(service);
  return Object.keys(mod)
    .filter((k) => k.endsWith('$') && Array.isArray(mod[k]) && (mod[k] as Raw[])[0] === 9)
    .map((k) => k.slice(0, -1));
}

/** An error shape the service models (DBClusterNotFoundFault, ResourceNotFoundException), by shape name or code. */
export function findErrorShape(service: SdkService, nameOrCode: string): ErrorShape | undefined {
  return listErrorShapes(service).find((e) => e.shapeName === nameOrCode || e.code === nameOrCode);
}

/** Every error shape the service's model declares. */
export function listErrorShapes(service: SdkService): ErrorShape[] {
  const mod = load(service);
  const errors: ErrorShape[] = [];
  for (const key of Object.keys(mod)) {
    const raw = mod[key];
    if (!key.endsWith('$') || !Array.isArray(raw) || raw[0] !== -3) continue;
    const traits = (raw[3] ?? {}) as { error?: string; awsQueryError?: [string, number] };
    const shapeName = raw[2] as string;
    errors.push({ shapeName, code: traits.awsQueryError?.[0] ?? shapeName, fault: traits.error === 'server' ? 'server' : 'client' });
  }
  return errors;
}
