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

  /** What three invocations of one wrapped handler print (the 2nd and 3rd are warm, when Powertools resets its level). */
  async function printedBy(level: LocalLogLevel): Promise<string[]> {
    pinLogLevel(level);
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
    try {
      const handler = wrap(async (event: { drill: { id: string } }) => event.drill.id);
      for (let i = 0; i < 3; i++) await handler({ drill: { id: 'd1a2b3c4d' } }, context);
    } finally {
      spies.forEach((s) => s.mockRestore());
      pinLogLevel('SILENT');
    }
    return lines;
  }

  it('keeps a SILENT run silent on warm invocations too', async () => {
    expect(await printedBy('SILENT')).toEqual([]);
  });

  it('keeps logging at the pinned level on every invocation', async () => {
    const lines = await printedBy('INFO');

    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.includes('"message":"finished"') && l.includes('"drillId":"d1a2b3c4d"'))).toBe(true);
  });
});
