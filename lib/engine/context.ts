import type { FlowDefinition, JsonObject } from '../fdl/types.ts';
import { HISTORY_EVENT_LIMIT } from './limits.ts';
import { ResultChunks } from './results.ts';
import type {
  ApprovalLinks,
  EngineCommand,
  ExecutionState,
  HistoryEvent,
  HistoryEventType,
  IdSource,
  TaskAttempt,
} from './types.ts';

/** Events that end an execution; they may take the last id within the history limit. */
const TERMINAL_EVENTS: ReadonlySet<HistoryEventType> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionStopped',
]);

/**
 * Events whose `detail.input` is recorded without the collections of the foreach steps around them:
 * every iteration's input holds the whole collection (FDL merges the item into the foreach input), and
 * recording it in each iteration's events made the history of a foreach over N items O(N²).
 */
const ITERATION_SCOPED_EVENTS: ReadonlySet<HistoryEventType> = new Set([
  'IterationEntered',
  'StepEntered',
  'BranchEntered',
  'TaskScheduled',
]);

/** What a recorded input shows in place of a foreach's collection. */
export interface CollectionReference {
  /** The foreach step whose collection this is. */
  $foreach: string;
  /** How many items it has. */
  items: number;
}

/** Thrown by `emit` when a non-terminal event would leave no room for the terminal one. */
export class HistoryLimitReached extends Error {
  constructor() {
    super('history limit reached');
  }
}

/**
 * Everything one `advance` call works with: the draft state (a private copy), the clock reading,
 * the id source, the result chunks, and the history events and commands produced so far.
 */
export class Ctx {
  readonly events: HistoryEvent[] = [];
  readonly commands: EngineCommand[] = [];
  readonly time: string;
  /** Collections of the foreach steps being driven (by identity), and what history shows instead. */
  readonly #collections = new Map<unknown, CollectionReference>();
  /** How to get the input of each attempt this advance touches (derived, not stored: schema 3). */
  readonly #attemptInputs = new Map<TaskAttempt, () => JsonObject>();

  constructor(
    readonly definition: FlowDefinition,
    readonly state: ExecutionState,
    readonly now: number,
    readonly ids: IdSource,
    /** The result chunks of finished foreach locals this advance may read and make (`results.ts`). */
    readonly results: ResultChunks = new ResultChunks(),
  ) {
    this.time = new Date(now).toISOString();
  }

  /** Records a history event and returns its id. */
  emit(type: HistoryEventType, stepName: string, detail: JsonObject, scheduleEventId = 0): number {
    const eventId = this.state.nextEventId;
    if (!TERMINAL_EVENTS.has(type) && eventId >= HISTORY_EVENT_LIMIT) throw new HistoryLimitReached();
    this.state.nextEventId = eventId + 1;
    const recorded = ITERATION_SCOPED_EVENTS.has(type) ? this.#withoutCollections(detail) : detail;
    this.events.push({ eventId, type, stepName, time: this.time, scheduleEventId, detail: recorded });
    return eventId;
  }

  /**
   * Runs `drive` (a foreach driving its iterations) with `items` recorded as a `CollectionReference`
   * wherever an iteration-scoped event's input holds that very array (a field of the iteration input
   * passed on unmapped); the input given to steps and calls is unchanged.
   */
  withCollection<T>(stepName: string, items: readonly unknown[], drive: () => T): T {
    if (this.#collections.has(items)) return drive();
    this.#collections.set(items, { $foreach: stepName, items: items.length });
    try {
      return drive();
    } finally {
      this.#collections.delete(items);
    }
  }

  /** `detail` with the collections being driven replaced in the top level of its `input`. */
  #withoutCollections(detail: JsonObject): JsonObject {
    const input = detail.input;
    if (this.#collections.size === 0 || typeof input !== 'object' || input === null || Array.isArray(input))
      return detail;
    let copy: JsonObject | undefined;
    for (const [name, value] of Object.entries(input)) {
      const reference = this.#collections.get(value);
      if (reference === undefined) continue;
      copy ??= { ...input };
      copy[name] = { ...reference };
    }
    return copy === undefined ? detail : { ...detail, input: copy };
  }

  /** Tells the context how to get `attempt`'s input (computed at its start, or derived when found). */
  knowAttemptInput(attempt: TaskAttempt, input: () => JsonObject): void {
    this.#attemptInputs.set(attempt, input);
  }

  /**
   * The input of `attempt`: stored on attempts of older layouts, otherwise as `knowAttemptInput`
   * was told. An attempt the context was not told about is a bug in the engine, so it throws.
   */
  attemptInput(attempt: TaskAttempt): JsonObject {
    if (attempt.input !== undefined) return attempt.input;
    const input = this.#attemptInputs.get(attempt);
    if (input === undefined)
      throw new Error(`the input of attempt ${attempt.scheduleEventId} was not derived`);
    return input();
  }

  /** Queues a command for the runtime. */
  command(command: EngineCommand): void {
    this.commands.push(command);
  }

  /**
   * The `$context` object of a step: `task.callId` for a task attempt, `task.token` only for
   * waitForCallback attempts, with `task.approveUrl`/`rejectUrl` when the runtime signs approval links.
   */
  contextObject(
    stepName: string,
    retryCount: number,
    token?: string,
    callId?: string,
    links?: ApprovalLinks,
  ): JsonObject {
    const context: JsonObject = {
      execution: { name: this.state.executionName, input: this.state.input },
      flow: { name: this.state.flowName },
      step: { name: stepName, retryCount },
    };
    const task: JsonObject = {};
    if (token !== undefined) task.token = token;
    if (callId !== undefined) task.callId = callId;
    if (links !== undefined) {
      task.approveUrl = links.approveUrl;
      task.rejectUrl = links.rejectUrl;
    }
    if (Object.keys(task).length > 0) context.task = task;
    return context;
  }
}
