// Turns engine events into the progress a person watches: Task and Wait states only (Pass and Choice states are
// bookkeeping), with the status a polling step saw, so "Describe Restore Job ok (RUNNING)" tells the story.
import type { ProgressEvent } from '../../lib/report/progress';
import type { EngineEventNotice } from './engine';
import { stepDetail } from '../../lib/report/step-detail';
import { drillFacts, pollFacts } from '../../lib/report/live-facts';

type Obj = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Obj)[key] : undefined), value);

function targetOf(notice: EngineEventNotice): string {
  const id = get(notice.execution.input, 'targetId') ?? get(notice.execution.input, 'item', 'target', 'id');
  return typeof id === 'string' ? id : 'drill';
}

export function toProgressEvent(notice: EngineEventNotice): ProgressEvent | null {
  const { event } = notice;
  const state = event.state;
  if (!state || (state.type !== 'Task' && !notice.isWait) || notice.isLocalPass) return null;
  // The parent's per-target tasks are shown by the child's own steps.
  if (state.name === 'Drill One Target' || state.name === 'Fail Over One Target') return null;
  const base = { at: notice.at, targetId: targetOf(notice), step: state.name };
  switch (event.type) {
    case 'StateEntered': {
      const poll = pollFacts(state.name, state.input);
      return { ...base, phase: 'started', ...(poll ? { poll } : {}) };
    }
    case 'StateExited': {
      const drill = drillFacts(state.name, state.output);
      return { ...base, phase: 'succeeded', detail: stepDetail(state.name, state.output), ...(drill ? { drill } : {}) };
    }
    case 'StateRetried':
      return { ...base, phase: 'retrying', detail: String(event.Error ?? 'transient error') };
    case 'StateFailed':
      return { ...base, phase: 'failed', detail: `${String(event.Error ?? 'error')}${typeof event.Cause === 'string' ? `: ${event.Cause.slice(0, 160)}` : ''}` };
    default:
      return null;
  }
}
