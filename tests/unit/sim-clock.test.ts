import { SimClock } from '../../local/sim/clock';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const MIN = 60_000;

describe('SimClock', () => {
  let clock: SimClock;
  beforeEach(() => {
    clock = new SimClock(START);
  });
  afterEach(() => clock.dispose());

  it('ends two concurrent branches sleeping 10 and 20 minutes at +20 minutes, not +30', async () => {
    const ended: Record<string, number> = {};
    const branch = async (name: string, minutes: number) => {
      await clock.sleep(minutes * MIN);
      ended[name] = clock.now() - START;
    };

    await Promise.all([branch('short', 10), branch('long', 20)]);

    expect(ended).toEqual({ short: 10 * MIN, long: 20 * MIN });
    expect(clock.now() - START).toBe(20 * MIN);
  });

  it('adds sequential sleeps up', async () => {
    await clock.sleep(5 * MIN);
    await clock.sleep(7 * MIN);
    await clock.sleep(30 * 1000);

    expect(clock.now() - START).toBe(12.5 * MIN);
    expect(clock.nowIso()).toBe('2025-05-04T02:12:30.000Z');
  });

  it('does not advance while a branch is doing tracked async work', async () => {
    const order: string[] = [];
    const sleeper = clock.sleep(MIN).then(() => order.push(`sleeper woke at +${(clock.now() - START) / MIN}m`));
    const worker = clock
      .track(new Promise((resolve) => setTimeout(resolve, 20)))
      .then(() => order.push(`work done at +${(clock.now() - START) / MIN}m`));

    await Promise.all([sleeper, worker]);

    expect(order).toEqual(['work done at +0m', 'sleeper woke at +1m']);
  });

  it('lets a branch that wakes and sleeps again interleave with a longer sleeper in time order', async () => {
    const log: number[] = [];
    const poller = async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(2 * MIN);
        log.push((clock.now() - START) / MIN);
      }
    };
    const waiter = async () => {
      await clock.sleep(5 * MIN);
      log.push((clock.now() - START) / MIN);
    };

    await Promise.all([poller(), waiter()]);

    expect(log).toEqual([2, 4, 5, 6]);
  });

  it('wakes sleepers due at the same instant together, counting one advance', async () => {
    await Promise.all([clock.sleep(3 * MIN), clock.sleep(3 * MIN), clock.sleep(3 * MIN)]);

    expect(clock.realWaits).toBe(1);
  });

  it('takes milliseconds of real time for a 30-minute wait', async () => {
    const started = Date.now();

    await clock.sleep(30 * MIN);

    expect(clock.now() - START).toBe(30 * MIN);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('resolves a zero sleep at the current instant', async () => {
    await clock.sleep(0);

    expect(clock.now()).toBe(START);
    expect(clock.realWaits).toBe(0);
  });
});
