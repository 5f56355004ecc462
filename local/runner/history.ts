// Estimates the history events AWS would record for an execution, from the local engine's event log.
// AWS writes, per state: Entered + Exited; per Task also Scheduled, Started and Succeeded/Failed (plus Submitted
// for .sync integrations) and the same three again on every retry; per Map: Started/Succeeded and, per item,
// IterationStarted/IterationSucceeded; per Parallel: Started/Succeeded and nothing per branch (the HistoryEventType
// enum of the Step Functions API has ParallelStateStarted/Succeeded, no branch event); per execution: Started +
// Succeeded/Failed. The 25,000-event cap applies to
// this count, which is why each target runs as its own child execution.
import { ENTERED_TIME_RESOURCE, type StateDefinition } from './definitions';

/** The part of aws-local-stepfunctions' event log this runner reads (the package does not export the type). */
export interface EngineEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  Error?: string;
  Cause?: unknown;
  index?: number;
}

export class HistoryCounter {
  events = 0;
  transitions = 0;

  constructor(private readonly states: Map<string, StateDefinition>) {}

  add(event: EngineEvent): void {
    switch (event.type) {
      case 'ExecutionStarted':
      case 'ExecutionSucceeded':
      case 'ExecutionFailed':
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.events += 1;
        return;
      case 'StateEntered': {
        this.transitions += 1;
        this.events += 1 + this.extraPerAttempt(event.state?.name ?? '');
        if (event.state?.type === 'Map' || event.state?.type === 'Parallel') this.events += 2;
        return;
      }
      case 'StateExited':
        this.events += 1;
        return;
      case 'StateRetried':
        this.events += this.extraPerAttempt(event.state?.name ?? '');
        return;
      default:
        return;
    }
  }

  private extraPerAttempt(stateName: string): number {
    const state = this.states.get(stateName);
    if (!state || state.Type !== 'Task') return 0;
    // A Wait turned into a virtual-clock Task is a plain Wait in AWS: no task events.
    if (typeof state.Resource === 'string' && state.Resource.includes('dr-drill-local-virtual-wait')) return 0;
    // So is a Pass that reads $$.State.EnteredTime, run locally as a Task.
    if (state.Resource === ENTERED_TIME_RESOURCE) return 0;
    return typeof state.Resource === 'string' && state.Resource.endsWith('.sync:2') ? 4 : 3;
  }
}
