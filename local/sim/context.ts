// What a service handler gets for one API call.
import type { FaultName } from './faults';
import type { SimRandom } from './hash';
import type { RegionState, World } from './world';

export interface SimContext {
  world: World;
  /** The region the call was sent to. */
  region: RegionState;
  /** The endpoint the client was built with, for services reached at per-resource endpoints (ARC clusters). */
  endpoint?: string;
  service: string;
  /** The API operation: StartCopyJob */
  action: string;
  /** Virtual time of the call, epoch ms. */
  now: number;
  random: SimRandom;
  faults(targetId: string | undefined): ReadonlySet<FaultName>;
  /** Throws the `throttled` fault's ThrottlingException the first time this action is called for the target. */
  throttleOnce(targetId: string | undefined): void;
  /** A per-key counter (0, 1, 2...) that keeps generated ids and durations deterministic. */
  ordinal(key: string): number;
  /** Resources of the call the caller's role may not act on (TagResources reports them in FailedResourcesMap). */
  refused: ReadonlyMap<string, string>;
  /** Attributes the call to a target in the call log. */
  attribute(targetId: string | undefined): void;
  /** The account of the principal making the call: the simulated account's own unless it acts as another's role. */
  callerAccount: string;
  /** The principal making the call, as AWS names it in an AccessDenied message. */
  callerArn: string;
}

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;
export type Handler = (ctx: SimContext, input: Input) => Output;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
