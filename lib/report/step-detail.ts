// What a finished step learned, in a few words, for the progress lines: "Describe Restore Job ok (RUNNING)" tells
// the story where "ok" alone does not. Read from the state's output, the same in a local run (the engine's state
// output) and in AWS (the TaskStateExited event's output); shared by the local run (local/runner/progress-events.ts) and `dr-drill status`.

type Obj = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Obj)[key] : undefined), value);
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

export function stepDetail(step: string, output: unknown): string | undefined {
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
