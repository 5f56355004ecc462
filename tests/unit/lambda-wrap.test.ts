import type { Context } from 'aws-lambda';
import { drillKeysOf, pinLogLevel, wrap, type LocalLogLevel } from '../../lib/lambda/wrap';

describe('the drill keys every log line carries', () => {
  it('takes the drill and target ids from any of the shapes the state machines send, and nothing else', () => {
    expect(drillKeysOf({ drill: { id: 'd1a2b3c4d' }, targetId: 'patients-db', secret: 'x' })).toEqual({ drillId: 'd1a2b3c4d', targetId: 'patients-db' });
    expect(drillKeysOf({ item: { drill: { id: 'd1a2b3c4d' }, target: { id: 'patients-global' } } })).toEqual({ drillId: 'd1a2b3c4d', targetId: 'patients-global' });
    expect(drillKeysOf({ input: {}, executionArn: 'arn' })).toEqual({});
    expect(drillKeysOf(null)).toEqual({});
    expect(drillKeysOf({ drill: { id: 42 } })).toEqual({});
  });
});

describe('the log level a local run pins', () => {
  const context = { functionName: 'dr-drill-local-test', awsRequestId: 'local', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

  /**
   * What invocations of one wrapped handler print: three in turn (the 2nd and 3rd are warm, when Powertools resets its
   * level), or `atOnce` at the same time, as a local Map runs a function for 40 targets.
   */
  async function printedBy(level: LocalLogLevel, atOnce = 1): Promise<string[]> {
    pinLogLevel(level);
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
    try {
      const handler = wrap(async (event: { drill: { id: string }; turns: number }) => {
        // Some turns of work, each invocation its own number, so concurrent invocations end while others are between
        // their middlewares.
        for (let i = 0; i < event.turns; i++) await Promise.resolve();
        return event.drill.id;
      });
      if (atOnce === 1) for (let i = 0; i < 3; i++) await handler({ drill: { id: 'd1a2b3c4d' }, turns: 1 }, context);
      else {
        // Each starts a turn after the one before, so invocations start while others are ending.
        const started = Array.from({ length: atOnce }, async (_, i) => {
          for (let t = 0; t < i; t++) await Promise.resolve();
          return handler({ drill: { id: 'd1a2b3c4d' }, turns: i % 12 }, context);
        });
        await Promise.all(started);
      }
    } finally {
      spies.forEach((s) => s.mockRestore());
      pinLogLevel('SILENT');
    }
    return lines;
  }

  it('keeps a SILENT run silent on warm invocations too', async () => {
    expect(await printedBy('SILENT')).toEqual([]);
  });

  it('keeps a SILENT run silent while invocations run at the same time (npm run bench printed INFO lines)', async () => {
    await printedBy('SILENT');

    expect(await printedBy('SILENT', 40)).toEqual([]);
  });

  it('keeps logging at the pinned level on every invocation', async () => {
    const lines = await printedBy('INFO');

    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.includes('"message":"finished"') && l.includes('"drillId":"d1a2b3c4d"'))).toBe(true);
  });
});
