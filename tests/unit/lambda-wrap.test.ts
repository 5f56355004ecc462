import { drillKeysOf } from '../../lib/lambda/wrap';

describe('the drill keys every log line carries', () => {
  it('takes the drill and target ids from any of the shapes the state machines send, and nothing else', () => {
    expect(drillKeysOf({ drill: { id: 'd1a2b3c4d' }, targetId: 'patients-db', secret: 'x' })).toEqual({ drillId: 'd1a2b3c4d', targetId: 'patients-db' });
    expect(drillKeysOf({ item: { drill: { id: 'd1a2b3c4d' }, target: { id: 'patients-global' } } })).toEqual({ drillId: 'd1a2b3c4d', targetId: 'patients-global' });
    expect(drillKeysOf({ input: {}, executionArn: 'arn' })).toEqual({});
    expect(drillKeysOf(null)).toEqual({});
    expect(drillKeysOf({ drill: { id: 42 } })).toEqual({});
  });
});
