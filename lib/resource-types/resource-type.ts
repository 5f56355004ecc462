// What dr-drill asks of one kind of thing a drill made (a restored resource, a copied recovery point), written once
// per kind: how to describe it by id, which of its states mean ready, being deleted and gone, and how to delete it.
// Check Cleanup, the sweeper, readiness and Mark Created all ask through these modules (issue 12).
import type { AwsClients, ClientConstructors } from '../aws/clients';
import type { CreatedKind } from '../sweep/contracts';

export interface Described {
  /** AWS's own word for its state (HeadBucket, which has none, answers `exists`). */
  state: string;
  /** When AWS says it was created (launched); unknown for a bucket, which HeadBucket does not say. */
  createdAt: Date | null;
}

export interface AskContext {
  clients: AwsClients;
  /** The region it lives in: never defaulted. */
  region: string;
  /** The vault a recovery point is in (DescribeRecoveryPoint and DeleteRecoveryPoint take it); null when not known. */
  vaultName: string | null;
}

export interface ResourceType {
  kind: CreatedKind;
  /** The SDK clients its calls use: every function that asks through the registry is given them (registry.ts). */
  clients: ClientConstructors;
  /** The id its Describe and Delete calls take, when the ARN is one of this kind's; null otherwise. */
  fromArn(arn: string): string | null;
  /**
   * Where it comes in the sweeper's delete order (lower first): what holds or depends on others goes before them
   * (an instance before its volumes, a DB instance before its cluster), recovery points last.
   */
  deleteRank: number;
  /** The drill names it (drdrill-...): one without the drill's prefix is not the drill's, whatever its tags say. */
  namedByDrill: boolean;
  /**
   * Asks AWS about it. Null when the answer lists nothing under that id; AWS's own not-found error is thrown as is
   * (callers decide what missing means to them: gone to cleanup, not restored to readiness).
   */
  describe(ctx: AskContext, id: string): Promise<Described | null>;
  /** The state in which it exists and can be used. */
  readyState: string;
  /** States in which a delete is already under way: asking again would only fail. */
  deletingStates: ReadonlySet<string>;
  /** States AWS still lists it in after it is deleted: gone, as much as not found. */
  goneStates: ReadonlySet<string>;
  /**
   * Deletes it the way Clean Up does (restore-target.asl.yml). False when it was already gone by the time a delete
   * could be asked for (a bucket found gone while being emptied); otherwise AWS's not-found error is thrown as is.
   */
  remove(ctx: AskContext, id: string): Promise<boolean>;
  /**
   * AWS's error names for a delete refused in a state that passes by itself: Clean Up retries them as
   * ResourceBusyError (the sweeper simply tries again on its next run).
   */
  busyErrors?: ReadonlySet<string>;
  /**
   * What deleting it takes with it that must be readied first and confirmed gone on its own (an EC2 instance's EBS
   * volumes); absent when a delete leaves nothing behind. removeCreated runs it before remove().
   */
  dependents?: Dependents;
}

/** Something a drill made, as Check Cleanup confirms it gone: its kind, its id and the ARN the report names. */
export interface CreatedRef {
  kind: CreatedKind;
  id: string;
  arn: string;
}

/** A step of a delete that failed without stopping it, as Step Functions records a caught error. */
export interface StepFailure {
  Error: string;
  Cause: string;
}

export interface Dependents {
  /**
   * Readies them to go with it and lists them. Transient errors are thrown (the whole delete is retried); any other
   * failure is answered in `failed`, and the delete still goes ahead: what is left is then confirmed, not assumed.
   * `refs` is null when they could not be read.
   */
  prepare(ctx: AskContext, id: string): Promise<{ refs: CreatedRef[] | null; failed: StepFailure | null }>;
  /** Check Cleanup's line when they could not be read before the delete: once it is gone nothing links them to it. */
  unread(arn: string): string;
}

/** What removeCreated did: whether it deleted it, what went with it, and a step that failed on the way. */
export interface Removal {
  /** False when AWS said it was already gone. */
  removed: boolean;
  /** What went with it, each to be confirmed gone on its own; null when they could not be read; [] when none. */
  dependents: CreatedRef[] | null;
  /** A step before the delete that failed (setting DeleteOnTermination); null when none did. */
  failed: StepFailure | null;
}

/**
 * The resource part of an ARN of `service` split at its first ':' or '/': `type` and the rest as the id (null when the
 * ARN is of another service or has no id). S3 bucket ARNs have no type: they are matched by s3-bucket.ts itself.
 */
export function arnResource(arn: string, service: string): { type: string; id: string } | null {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== service) return null;
  const resource = parts.slice(5).join(':');
  const type = resource.split(/[:/]/, 1)[0]!;
  // Everything after the type, as written: a table's stream (table/<name>/stream/...) keeps its slashes.
  const id = resource.slice(type.length + 1);
  return type && id ? { type, id } : null;
}

/** The id when the ARN is `service`'s `type`/..., else null. */
export const idOfArn = (arn: string, service: string, type: string): string | null => {
  const r = arnResource(arn, service);
  return r && r.type === type ? r.id : null;
};

/** The first item of a Describe answer's list, or null when it lists nothing. */
export const firstOrNull = <T>(list: T[] | undefined): T | null => list?.[0] ?? null;
