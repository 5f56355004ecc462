// The incremental history reader: each call returns only events not returned before, once each, oldest first, even
// when events are added while it pages (newest first, a page boundary then shifts).
import { mockClient } from 'aws-sdk-client-mock';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { HistoryReader } from '../../cli/aws/history-reader';
import { DRILL_ARN, History } from './cli-drill-history';

const sfn = mockClient(SFNClient);

beforeEach(() => sfn.reset());

describe('HistoryReader', () => {
  it('returns every event once, oldest first, though events arrive between its pages', async () => {
    const full = new History().started({}).task('Check Plan').task('Build Report').events; // 11 events
    let visible = 6;
    sfn.on(GetExecutionHistoryCommand).callsFake((input: { reverseOrder?: boolean; nextToken?: string }) => {
      const ordered = full.slice(0, visible).reverse();
      const start = Number(input.nextToken ?? 0);
      const page = { events: ordered.slice(start, start + 2), nextToken: start + 2 < ordered.length ? String(start + 2) : undefined };
      // Two events happen after every page served: offsets from the newest end now point two events later.
      visible = Math.min(full.length, visible + 2);
      return page;
    });
    const reader = new HistoryReader(new SFNClient({ region: 'eu-west-2' }), DRILL_ARN);

    const ids: number[] = [];
    for (let poll = 0; poll < 6; poll++) ids.push(...(await reader.readNew()).map((e) => e.id ?? 0));

    expect(ids).toEqual(full.map((e) => e.id));
  });

  it('asks for nothing it has already read: one call when nothing is new', async () => {
    const events = new History().started({}).task('Check Plan').events;
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [...events].reverse() });
    const reader = new HistoryReader(new SFNClient({ region: 'eu-west-2' }), DRILL_ARN);

    expect(await reader.readNew()).toHaveLength(6);
    expect(await reader.readNew()).toEqual([]);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(2);
  });
});
