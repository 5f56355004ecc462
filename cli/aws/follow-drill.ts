// Follows a drill execution and the child executions it starts (one per restore target, one per failover target):
// each poll reads only the history events not read before, of the drill and of every child not yet ended, and hands
// the progress lines, in time order, to the caller. Polls every 2 s while things happen, backing off to 15 s while
// nothing does (a restore job can take an hour; the history read quota is not free).
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import type { ProgressEvent } from '../../lib/report/progress';
import { ExecutionProgress } from './history-progress';
import { HistoryReader } from './history-reader';

export const POLL = { firstMs: 2000, maxMs: 15000, factor: 1.5 };
/** Children read at once: a Map with high concurrency must not turn one poll into a burst over the API quota. */
const CHILD_READS_AT_ONCE = 8;

interface Followed {
  reader: HistoryReader;
  progress: ExecutionProgress;
}

export interface DrillPoll {
  events: ProgressEvent[];
  /** The drill execution's end event, once read. */
  end: HistoryEvent | undefined;
}

export class DrillFollower {
  private readonly drill: Followed;
  private readonly children = new Map<string, Followed>();

  constructor(
    private readonly sfn: SFNClient,
    readonly executionArn: string,
  ) {
    this.drill = { reader: new HistoryReader(sfn, executionArn), progress: new ExecutionProgress('drill', false) };
  }

  get startedAt(): string | undefined {
    return this.drill.progress.startedAt;
  }

  /** Targets whose child execution is still running, as last read. */
  get running(): string[] {
    return [...this.children.values()].filter((c) => !c.progress.end).map((c) => c.progress.targetId);
  }

  async poll(): Promise<DrillPoll> {
    const events = this.drill.progress.take(await this.drill.reader.readNew());
    for (const arn of this.drill.progress.children) {
      if (!this.children.has(arn)) this.children.set(arn, { reader: new HistoryReader(this.sfn, arn), progress: new ExecutionProgress(arn.split(':').pop() ?? arn, true) });
    }
    // Children are read after the drill: a child the drill saw end has its last events read in the same poll.
    const open = [...this.children.values()].filter((c) => !c.progress.end);
    for (let i = 0; i < open.length; i += CHILD_READS_AT_ONCE) {
      const batch = open.slice(i, i + CHILD_READS_AT_ONCE);
      const read = await Promise.all(batch.map(async (c) => c.progress.take(await c.reader.readNew())));
      for (const lines of read) events.push(...lines);
    }
    // Stable: events of one execution keep their order when timestamps are equal.
    events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return { events, end: this.drill.progress.end };
  }

  /** Failed attempts not yet known to be retried: shown as they stand when the caller stops watching. */
  flush(): ProgressEvent[] {
    return [this.drill, ...this.children.values()].flatMap((f) => f.progress.flush());
  }
}

export interface FollowOptions {
  onEvent(event: ProgressEvent): void;
  sleep(ms: number): Promise<void>;
  /** Read once and return, running or not. */
  once?: boolean;
}

/** Polls until the drill ends (or once); returns its end event, undefined if it is still running. */
export async function followDrill(follower: DrillFollower, { onEvent, sleep, once }: FollowOptions): Promise<HistoryEvent | undefined> {
  let delay = POLL.firstMs;
  for (;;) {
    const { events, end } = await follower.poll();
    for (const event of events) onEvent(event);
    if (end) return end;
    if (once) {
      for (const event of follower.flush()) onEvent(event);
      return undefined;
    }
    delay = events.length > 0 ? POLL.firstMs : Math.min(POLL.maxMs, Math.round(delay * POLL.factor));
    await sleep(delay);
  }
}
