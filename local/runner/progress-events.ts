// Turns engine events into the progress a person watches: Task and Wait states only (Pass and Choice states are
// bookkeeping), with the status a polling step saw, so "Describe Restore Job ok (RUNNING)" tells the story.
import type { ProgressEvent } from '../../lib/report/progress';
import type { EngineEventNotice } from './engine';

type Obj = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Obj)[key] : undefined), value);

/** What a finished state learned, for the states where it matters. */
function detailOf(step: string, output: unknown): string | undefined {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  switch (step) {
    case 'Describe Copy Job':
    case 'Describe Settling Copy Job':
      return text(get(output, 'copy', 'job', 'state'));
    case 'Describe Restore Job':
    case 'Describe Settling Restore Job':
      return text(get(output, 'restore', 'job', 'Status'));
    case 'Describe DB Instance':
      return text(get(output, 'instance', 'status'));
    case 'Validate Restored Resource': {
      const checks = get(output, 'validation', 'result', 'checks');
      if (!Array.isArray(checks)) return undefined;
      return `${checks.filter((c) => (c as Obj).passed).length}/${checks.length} checks passed`;
    }
    case 'Check Cleanup': {
      const remaining = get(output, 'cleanupCheck', 'remaining');
      return Array.isArray(remaining) ? (remaining.length ? `${remaining.length} still being deleted` : 'all gone') : undefined;
    }
    case 'Evaluate Target':
      return text(get(output, 'verdict'));
    case 'Preflight':
      return get(output, 'preflight', 'ok') === true ? 'nothing stops the switch' : 'refused: nothing changed';
    case 'Wait For Approval':
      return text(get(output, 'approval', 'outcome'));
    case 'Start Watching':
    case 'Observe': {
      const watch = get(output, 'observed', 'watch');
      const last = get(watch, 'last') as Obj | undefined;
      if (!last) return undefined;
      const switching = last.switchStatus ? ` (${String(last.switchStatus)})` : '';
      return `${String(get(watch, 'phase'))}: writer ${String(last.writerRegion)}${switching}, traffic ${String(last.trafficRegion)}, health ${String(last.healthAnswer)}`;
    }
    case 'Evaluate Failover':
      return text(get(output, 'evaluated', 'result', 'verdict'));
    default:
      return undefined;
  }
}

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
    case 'StateEntered':
      return { ...base, phase: 'started' };
    case 'StateExited':
      return { ...base, phase: 'succeeded', detail: detailOf(state.name, state.output) };
    case 'StateRetried':
      return { ...base, phase: 'retrying', detail: String(event.Error ?? 'transient error') };
    case 'StateFailed':
      return { ...base, phase: 'failed', detail: `${String(event.Error ?? 'error')}${typeof event.Cause === 'string' ? `: ${event.Cause.slice(0, 160)}` : ''}` };
    default:
      return null;
  }
}
