import type { FlowDefinition, JsonObject } from '../fdl/types.ts';
import { HISTORY_EVENT_LIMIT } from './limits.ts';
import type { EngineCommand, ExecutionState, HistoryEvent, HistoryEventType, IdSource } from './types.ts';

/** Events that end an execution; they may take the last id within the history limit. */
const TERMINAL_EVENTS: ReadonlySet<HistoryEventType> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionStopped',
]);

/** Thrown by `emit` when a non-terminal event would leave no room for the terminal one. */
export class HistoryLimitReached extends Error {
  constructor() {
    super('history limit reached');
  }
}

/**
 * Everything one `advance` call works with: the draft state (a private copy), the clock reading,
 * the id source, and the history events and commands produced so far.
 */
export class Ctx {
  readonly events: HistoryEvent[] = [];
  readonly commands: EngineCommand[] = [];
  readonly time: string;

  constructor(
    readonly definition: FlowDefinition,
    readonly state: ExecutionState,
    readonly now: number,
    readonly ids: IdSource,
  ) {
    this.time = new Date(now).toISOString();
  }

  /** Records a history event and returns its id. */
  emit(type: HistoryEventType, stepName: string, detail: JsonObject, scheduleEventId = 0): number {
    const eventId = this.state.nextEventId;
    if (!TERMINAL_EVENTS.has(type) && eventId >= HISTORY_EVENT_LIMIT) throw new HistoryLimitReached();
    this.state.nextEventId = eventId + 1;
    this.events.push({ eventId, type, stepName, time: this.time, scheduleEventId, detail });
    return eventId;
  }

  /** Queues a command for the runtime. */
  command(command: EngineCommand): void {
    this.commands.push(command);
  }

  /**
   * The `$context` object of a step: `task.callId` for a task attempt, `task.token` only for
   * waitForCallback attempts.
   */
  contextObject(stepName: string, retryCount: number, token?: string, callId?: string): JsonObject {
    const context: JsonObject = {
      execution: { name: this.state.executionName, input: this.state.input },
      flow: { name: this.state.flowName },
      step: { name: stepName, retryCount },
    };
    const task: JsonObject = {};
    if (token !== undefined) task.token = token;
    if (callId !== undefined) task.callId = callId;
    if (Object.keys(task).length > 0) context.task = task;
    return context;
  }
}
