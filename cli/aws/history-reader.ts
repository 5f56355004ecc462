// Reads an execution's history a little at a time: each call returns only the events not returned before. It reads
// newest first and stops at the last event it has already seen, so a poll costs one call however long the history
// (up to 25,000 events) has grown; only the first read pages through all of it.
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';

const PAGE_SIZE = 1000;

export class HistoryReader {
  private lastId = 0;

  constructor(
    private readonly sfn: SFNClient,
    readonly executionArn: string,
  ) {}

  /** The events after the last one returned, oldest first. */
  async readNew(): Promise<HistoryEvent[]> {
    const fresh = new Map<number, HistoryEvent>();
    let nextToken: string | undefined;
    pages: do {
      const page = await this.sfn.send(
        new GetExecutionHistoryCommand({ executionArn: this.executionArn, reverseOrder: true, includeExecutionData: true, maxResults: PAGE_SIZE, nextToken }),
      );
      for (const event of page.events ?? []) {
        const id = event.id ?? 0;
        if (id <= this.lastId) break pages;
        // Events added while paging can shift a page boundary: an event seen twice is kept once.
        fresh.set(id, event);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    const events = [...fresh.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    const newest = events[events.length - 1];
    if (newest) this.lastId = newest.id ?? this.lastId;
    return events;
  }
}
