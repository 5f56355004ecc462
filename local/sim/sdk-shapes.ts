// The AWS API's shape rules, read from the installed @aws-sdk/client-* packages (see sdk-schema.ts), in the two
// namings a caller can use:
// - 'sdk': the API's own member names, as the JavaScript SDK uses them (DBInstanceIdentifier);
// - 'sfn': Step Functions' aws-sdk integration names, the Java SDK v2 convention (DbInstanceIdentifier; sfn-naming.ts).
//
// Timestamps. Canonical values inside the simulation are ISO-8601 strings. For 'sdk' naming outputs become `Date`
// objects, as the JavaScript SDK returns them. For 'sfn' naming they stay ISO-8601 strings: Step Functions passes
// aws-sdk results as JSON and timestamps arrive as strings such as "2013-08-23T01:02:15.422Z" (functionless issue
// #489 shows a describeStacks CreationTime read from a Step Functions aws-sdk task as that string, and the Step
// Functions timestamp comparators/intrinsics work on RFC 3339 strings). lib/drill/contracts.ts relies on the same.
import {
  getOperation,
  isSdkService,
  listOperations,
  resolveOperationName,
  type OperationShape,
  type SdkService,
  type Shape,
} from './sdk-schema';
import { sfnMemberName } from './sfn-naming';

export type Naming = 'sdk' | 'sfn';

export interface ShapeProblem {
  /** Where, as a path of member names in the naming checked: Delete.Objects[0].Kee */
  path: string;
  kind: 'unknown-member' | 'missing-member' | 'wrong-type';
  member: string;
  message: string;
  /** The right spelling when the member exists under the other naming or another case. */
  hint?: string;
}

/** A definition or parameter Step Functions would refuse, with its wording. */
export class SdkShapeError extends Error {
  override readonly name: 'InvalidDefinition' | 'States.Runtime';
  readonly code = 'SCHEMA_VALIDATION_FAILED' as const;
  constructor(
    name: 'InvalidDefinition' | 'States.Runtime',
    message: string,
    readonly location: string,
    readonly problems: ShapeProblem[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = name;
  }
}

type Structure = Extract<Shape, { kind: 'structure' }>;
type Json = Record<string, unknown>;

const sfnLookup = new WeakMap<Structure, Map<string, string>>();

/** sfn member name -> API member name for one structure, built from the schema. */
function sfnToApi(shape: Structure): Map<string, string> {
  let table = sfnLookup.get(shape);
  if (!table) {
    table = new Map();
    for (const api of shape.members.keys()) if (!table.has(sfnMemberName(api))) table.set(sfnMemberName(api), api);
    sfnLookup.set(shape, table);
  }
  return table;
}

const nameIn = (api: string, naming: Naming): string => (naming === 'sfn' ? sfnMemberName(api) : api);

function apiMember(shape: Structure, key: string, naming: Naming): string | undefined {
  if (naming === 'sdk') return shape.members.has(key) ? key : undefined;
  return sfnToApi(shape).get(key);
}

const isPlainObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function operation(service: string, action: string): OperationShape | undefined {
  if (!isSdkService(service)) return undefined;
  const name = resolveOperationName(service, action);
  return name ? getOperation(service, name) : undefined;
}

function requireOperation(service: string, action: string): OperationShape {
  const op = operation(service, action);
  if (!op) throw new Error(`sdk-shapes: ${service} has no operation ${action}`);
  return op;
}

/** True when the installed SDK defines `service`.`action` (startCopyJob or StartCopyJob). */
export function operationExists(service: string, action: string): boolean {
  return operation(service, action) !== undefined;
}

/** The API operation name (StartCopyJob) for an action as Step Functions writes it (startCopyJob). */
export function operationName(service: string, action: string): string | undefined {
  return operation(service, action)?.name;
}

function hintFor(shape: Structure, key: string, naming: Naming): string | undefined {
  for (const api of shape.members.keys()) {
    const right = nameIn(api, naming);
    if (right.toLowerCase() === key.toLowerCase() || api === key) return right;
  }
  return undefined;
}

interface WalkOptions {
  naming: Naming;
  /** Step Functions Parameters: a key ending in ".$" names the member, its value is only known at run time. */
  dynamicKeys: boolean;
}

function walk(shape: Shape, value: unknown, path: string, opts: WalkOptions, out: ShapeProblem[]): void {
  if (value === undefined || value === null) return;
  switch (shape.kind) {
    case 'structure': {
      if (!isPlainObject(value)) {
        out.push({ path, kind: 'wrong-type', member: path, message: `${path || 'input'} must be an object` });
        return;
      }
      const present = new Set<string>();
      for (const [rawKey, child] of Object.entries(value)) {
        if (child === undefined) continue;
        const dynamic = opts.dynamicKeys && rawKey.endsWith('.$');
        const key = dynamic ? rawKey.slice(0, -2) : rawKey;
        const childPath = path ? `${path}.${key}` : key;
        const api = apiMember(shape, key, opts.naming);
        if (!api) {
          const hint = hintFor(shape, key, opts.naming);
          out.push({
            path: childPath,
            kind: 'unknown-member',
            member: key,
            message: `${shape.name} has no member "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
            hint,
          });
          continue;
        }
        present.add(api);
        if (!dynamic) walk(shape.members.get(api)!(), child, childPath, opts, out);
      }
      for (const api of shape.required) {
        if (present.has(api)) continue;
        const member = nameIn(api, opts.naming);
        out.push({
          path: path ? `${path}.${member}` : member,
          kind: 'missing-member',
          member,
          message: `${shape.name} requires "${member}"`,
        });
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        out.push({ path, kind: 'wrong-type', member: path, message: `${path} must be a list` });
        return;
      }
      const member = shape.member();
      value.forEach((item, i) => walk(member, item, `${path}[${i}]`, opts, out));
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        out.push({ path, kind: 'wrong-type', member: path, message: `${path} must be a map (an object)` });
        return;
      }
      const item = shape.value();
      for (const [k, v] of Object.entries(value)) walk(item, v, `${path}.${k}`, opts, out);
      return;
    }
    default:
      return;
  }
}

/**
 * Problems with `params` as the input of `service`.`action`: unknown members at any depth, missing required members,
 * containers of the wrong type. `dynamicKeys` treats "Name.$" as the member Name with a run-time value.
 */
export function validateParameters(
  service: string,
  action: string,
  params: unknown,
  naming: Naming,
  options: { dynamicKeys?: boolean } = {},
): ShapeProblem[] {
  const op = requireOperation(service, action);
  const out: ShapeProblem[] = [];
  walk(op.input, params ?? {}, '', { naming, dynamicKeys: options.dynamicKeys ?? false }, out);
  return out;
}

/** Problems with a canonical ('sdk' naming) output: members the SDK's output schema does not declare. */
export function validateOutput(service: string, action: string, output: unknown): ShapeProblem[] {
  const op = requireOperation(service, action);
  const out: ShapeProblem[] = [];
  walk(op.output, output ?? {}, '', { naming: 'sdk', dynamicKeys: false }, out);
  return out.filter((p) => p.kind !== 'missing-member');
}

function toIso(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value * 1000).toISOString(); // smithy: epoch seconds
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  return value;
}

type Direction = 'in' | 'out';

function convert(shape: Shape, value: unknown, naming: Naming, direction: Direction): unknown {
  if (value === undefined || value === null) return value;
  switch (shape.kind) {
    case 'timestamp': {
      if (direction === 'in') return toIso(value);
      const iso = toIso(value);
      return naming === 'sdk' && typeof iso === 'string' ? new Date(iso) : iso;
    }
    case 'structure': {
      if (!isPlainObject(value)) return value;
      const result: Json = {};
      for (const [key, child] of Object.entries(value)) {
        const api = direction === 'in' ? apiMember(shape, key, naming) : shape.members.has(key) ? key : undefined;
        if (!api) {
          result[key] = child; // unknown: left for validation to report
          continue;
        }
        const converted = convert(shape.members.get(api)!(), child, naming, direction);
        result[direction === 'in' ? api : nameIn(api, naming)] = converted;
      }
      return result;
    }
    case 'list': {
      if (!Array.isArray(value)) return value;
      const member = shape.member();
      return value.map((item) => convert(member, item, naming, direction));
    }
    case 'map': {
      if (!isPlainObject(value)) return value;
      const item = shape.value();
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(item, v, naming, direction)]));
    }
    default:
      return value;
  }
}

/** Input in either naming -> canonical input (API member names, timestamps as ISO-8601 strings). */
export function toCanonicalInput(service: string, action: string, params: Json, naming: Naming): Json {
  return convert(requireOperation(service, action).input, params, naming, 'in') as Json;
}

/** Canonical output -> what a caller in `naming` sees ('sdk': Date timestamps; 'sfn': sfn names, ISO strings). */
export function fromCanonicalOutput(service: string, action: string, output: Json, naming: Naming): Json {
  return convert(requireOperation(service, action).output, output, naming, 'out') as Json;
}

export interface AwsSdkTask {
  service: SdkService;
  /** As written in the resource: startCopyJob */
  action: string;
  /** The API operation: StartCopyJob */
  operation: string;
  pattern: 'request-response' | 'waitForTaskToken';
  /** Required members the Parameters neither give nor take from a path (AWS reports these when the task runs). */
  missingRequired: string[];
}

const AWS_SDK_RESOURCE = /^arn:aws[a-z-]*:states:::aws-sdk:([^:]+):([^:]+)$/;

const notRecognized = (stateName: string, resourceArn: string, hint?: string): SdkShapeError =>
  new SdkShapeError(
    'InvalidDefinition',
    `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource provided ${resourceArn} is not recognized. ` +
      `The value is not a valid resource ARN, or the resource is not available in this region. at /States/${stateName}/Resource'`,
    `/States/${stateName}/Resource`,
    [],
    hint,
  );

function fieldError(kind: 'InvalidDefinition' | 'States.Runtime', stateName: string, problems: ShapeProblem[]): SdkShapeError {
  const first = problems[0]!;
  const location = `/States/${stateName}/Parameters`;
  const field = `The field "${first.member}" is not supported by Step Functions`;
  const message =
    kind === 'InvalidDefinition' ? `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${field} at ${location}'` : field;
  return new SdkShapeError(kind, message, location, problems, first.hint);
}

/** undefined when `resourceArn` is not an aws-sdk integration (lambda:invoke, states:startExecution...). */
export function parseAwsSdkResource(resourceArn: string): { service: string; action: string; pattern?: string } | undefined {
  const match = AWS_SDK_RESOURCE.exec(resourceArn);
  if (!match) return undefined;
  const [action = '', pattern] = match[2]!.split('.', 2);
  return { service: match[1]!, action, pattern };
}

/**
 * What Step Functions checks when a state machine is created, for one aws-sdk Task: the service and action exist
 * (the action spelled as the API operation with a lower-case first letter, as in `aws-sdk:rds:createDBInstance`),
 * only `.waitForTaskToken` is appended, and every field in Parameters is a member of the input (at any depth; a
 * "Name.$" key names the member Name). Throws SdkShapeError with Step Functions' wording; returns undefined for
 * Tasks that are not aws-sdk integrations.
 */
export function validateTaskResource(stateName: string, resourceArn: string, parameters: unknown): AwsSdkTask | undefined {
  const parsed = parseAwsSdkResource(resourceArn);
  if (!parsed) return undefined;
  const { service, action, pattern } = parsed;
  if (!isSdkService(service)) {
    throw new SdkShapeError(
      'InvalidDefinition',
      `dr-drill simulation: no SDK client is installed for aws-sdk service "${service}" (${resourceArn}), so it cannot be checked or simulated`,
      `/States/${stateName}/Resource`,
    );
  }
  const op = operation(service, action);
  const lowerFirst = op ? op.name[0]!.toLowerCase() + op.name.slice(1) : undefined;
  if (!op || action !== lowerFirst) {
    const wanted = action.toLowerCase();
    const close = listOperations(service).find((o) => o.toLowerCase() === wanted || o.toLowerCase() === wanted.replace(/x+$/, ''));
    throw notRecognized(stateName, resourceArn, close ? `aws-sdk:${service}:${close[0]!.toLowerCase()}${close.slice(1)}` : undefined);
  }
  if (pattern !== undefined && pattern !== 'waitForTaskToken') throw notRecognized(stateName, resourceArn);
  const problems = validateParameters(service, action, parameters ?? {}, 'sfn', { dynamicKeys: true });
  const fields = problems.filter((p) => p.kind !== 'missing-member');
  if (fields.length > 0) throw fieldError('InvalidDefinition', stateName, fields);
  return {
    service,
    action,
    operation: op.name,
    pattern: pattern === 'waitForTaskToken' ? 'waitForTaskToken' : 'request-response',
    missingRequired: problems.filter((p) => p.kind === 'missing-member').map((p) => p.path),
  };
}

/**
 * The same field check on Parameters after paths were resolved, when the Task runs: fields that arrive through a
 * "Name.$" path are only seen then, and Step Functions fails the task with the same "is not supported" wording.
 * (The error name States.Runtime is this simulation's choice; the wording is AWS's.)
 */
export function checkResolvedParameters(stateName: string, service: string, action: string, parameters: unknown): void {
  const fields = validateParameters(service, action, parameters ?? {}, 'sfn').filter((p) => p.kind !== 'missing-member');
  if (fields.length > 0) throw fieldError('States.Runtime', stateName, fields);
}
