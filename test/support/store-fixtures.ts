/** Records, states and events the store contract and the adapters' unit tests build on. */
import type { ExecutionState, HistoryEvent } from '../../lib/engine/types.ts';
import type { NewExecutionRecord } from '../../lib/ports/execution-store.ts';
import type { FlowRecord } from '../../lib/ports/flow-store.ts';

/** A state of flow `f`. */
export function contractState(
  name: string,
  startedTime: number,
  status: ExecutionState['status'] = 'Running',
): ExecutionState {
  return {
    schemaVersion: 1,
    flowName: 'f',
    executionName: name,
    status,
    input: { n: name },
    startedTime,
    nextEventId: 1,
  };
}

/** A new record of flow `f`. */
export function contractRecord(name = 'e1', startedTime = 1000): NewExecutionRecord {
  return {
    key: { flowName: 'f', executionName: name },
    definition: { version: 'v1', type: 'flow', steps: [] },
    state: contractState(name, startedTime),
    version: 1,
    outboxes: [],
    inbox: [],
    recentHistory: [],
  };
}

/** A history event. */
export function contractEvent(eventId: number, type: HistoryEvent['type'] = 'StepEntered'): HistoryEvent {
  return {
    eventId,
    type,
    stepName: 's',
    time: '2024-01-01T00:00:00.000Z',
    scheduleEventId: 0,
    detail: { eventId },
  };
}

/** A flow record. */
export function contractFlow(name: string, version = 1): FlowRecord {
  return {
    name,
    definitionText: 'version: v1\ntype: flow\nsteps: []\n',
    definition: { version: 'v1', type: 'flow', steps: [] },
    description: `flow ${name}`,
    createdTime: 1000,
    lastModifiedTime: 1000,
    version,
  };
}
