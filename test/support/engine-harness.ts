/**
 * Drives the pure engine by hand in tests: keeps one execution's state, a virtual `now`, the
 * history and the commands, and answers resource calls from local functions when asked to.
 * Nothing here does I/O or reads the real clock.
 */
import { advance, createExecutionState, ResultChunksNeeded } from '../../lib/engine/index.ts';
import type {
  AdvanceResult,
  CallResourceCommand,
  ChunkLocals,
  EngineCommand,
  EngineEvent,
  ExecutionState,
  HistoryEvent,
  IdSource,
  ParentReference,
  TaskReport,
} from '../../lib/engine/types.ts';
import { parseFlow } from '../../lib/fdl/parse.ts';
import type { FlowDefinition, Json, JsonObject } from '../../lib/fdl/types.ts';

/** A local function for tests: returns a result, or throws to fail the call. */
export type TestFunction = (event: JsonObject) => Json;

/**
 * Deterministic ids: the N-th token asked for is `token-N` with hash `hash-N`; asked again for the
 * same seed and attempt, the same one (as production derives it); seeds `seed-N`, names UUID-shaped.
 */
export function testIds(tokensBefore = 0): IdSource {
  const tokens = new Map<string, { token: string; hash: string }>();
  let seeds = 0;
  let uuids = 0;
  return {
    newSeed() {
      seeds += 1;
      return `seed-${seeds}`;
    },
    tokenOf(seed, scheduleEventId) {
      const key = `${seed}:${scheduleEventId}`;
      let issued = tokens.get(key);
      if (issued === undefined) {
        const n = tokensBefore + tokens.size + 1;
        issued = { token: `token-${n}`, hash: `hash-${n}` };
        tokens.set(key, issued);
      }
      return issued;
    },
    uuid() {
      uuids += 1;
      return `00000000-0000-4000-8000-${String(uuids).padStart(12, '0')}`;
    },
  };
}

/** Parses a definition or fails the test with its issues. */
export function definitionOf(text: string): FlowDefinition {
  const parsed = parseFlow(text);
  if (!parsed.ok) throw new Error(`invalid test definition: ${JSON.stringify(parsed.issues)}`);
  return parsed.definition;
}

/** One execution driven by hand. */
export class Harness {
  readonly definition: FlowDefinition;
  state: ExecutionState;
  now: number;
  readonly ids: IdSource;
  readonly history: HistoryEvent[] = [];
  readonly commands: EngineCommand[] = [];
  /** Calls not yet answered, oldest first. */
  readonly openCalls: CallResourceCommand[] = [];
  /** Timers not yet fired. */
  readonly timers = new Map<string, number>();
  /** When set, calls to these functions are answered at once. */
  functions: Record<string, TestFunction> | undefined;
  /** The result chunks the engine handed over, as a runtime stores them. */
  readonly chunks = new Map<string, ChunkLocals>();
  /** How often an advance asked for chunks (`ResultChunksNeeded`) and was run again with them. */
  chunkLoads = 0;

  constructor(
    definition: string | FlowDefinition,
    input: JsonObject = {},
    options: { now?: number; functions?: Record<string, TestFunction>; parent?: ParentReference } = {},
  ) {
    this.definition = typeof definition === 'string' ? definitionOf(definition) : definition;
    this.now = options.now ?? Date.UTC(2026, 0, 1);
    this.ids = testIds();
    this.functions = options.functions;
    this.state = createExecutionState({
      flowName: 'test-flow',
      executionName: 'exec-1',
      input,
      now: this.now,
      ...(options.parent ? { parent: options.parent } : {}),
    });
  }

  /** Applies one event, records what it produced, and answers calls to known functions. */
  send(event: EngineEvent): AdvanceResult {
    const result = this.advanceWithChunks(event);
    for (const chunk of result.chunks ?? []) this.chunks.set(chunk.id, chunk.locals);
    this.checkEventIds(result);
    this.state = result.state;
    this.history.push(...result.events);
    this.commands.push(...result.commands);
    for (const command of result.commands) {
      if (command.type === 'CallResource') this.openCalls.push(command);
      if (command.type === 'ScheduleTimer') this.timers.set(command.timerId, command.fireAt);
    }
    this.answerKnownCalls();
    return result;
  }

  /** `advance`, given the result chunks it asks for as the runtime does (`ResultChunksNeeded`). */
  private advanceWithChunks(event: EngineEvent): AdvanceResult {
    try {
      return advance(this.definition, this.state, event, this.now, this.ids);
    } catch (error) {
      if (!(error instanceof ResultChunksNeeded)) throw error;
      this.chunkLoads++;
      const given = new Map(
        error.ids.map((id) => {
          const locals = this.chunks.get(id);
          if (locals === undefined) throw new Error(`result chunk ${id} was never handed over`);
          return [id, locals];
        }),
      );
      return advance(this.definition, this.state, event, this.now, this.ids, given);
    }
  }

  /** Starts the execution. */
  start(): AdvanceResult {
    return this.send({ type: 'Start' });
  }

  /** Answers the oldest open call (or the one for `stepName`). */
  answer(
    result: { ok: true; output: Json } | { ok: false; error: string; cause: string },
    stepName?: string,
  ): AdvanceResult {
    const call = this.openCalls.find((c) => stepName === undefined || c.stepName === stepName);
    if (!call) throw new Error(`no open call${stepName ? ` for ${stepName}` : ''}`);
    return this.answerCall(call, result);
  }

  /** Answers one open call. */
  answerCall(
    call: CallResourceCommand,
    result: { ok: true; output: Json } | { ok: false; error: string; cause: string },
  ): AdvanceResult {
    this.openCalls.splice(this.openCalls.indexOf(call), 1);
    return this.send({
      type: 'CallResult',
      scheduleEventId: call.scheduleEventId,
      result,
      ...(call.taskToken !== undefined ? { taskToken: call.taskToken } : {}),
    });
  }

  /** The registered token commands, newest last. */
  registeredTokens(): { hash: string; scheduleEventId: number; stepName: string }[] {
    return this.commands.flatMap((c) =>
      c.type === 'RegisterToken'
        ? [{ hash: c.tokenHash, scheduleEventId: c.scheduleEventId, stepName: c.stepName }]
        : [],
    );
  }

  /** Reports on the newest token of `stepName` (or the newest token). */
  report(report: TaskReport, stepName?: string): AdvanceResult {
    const token = this.latestToken(stepName);
    return this.send({
      type: 'Report',
      scheduleEventId: token.scheduleEventId,
      tokenHash: token.hash,
      report,
    });
  }

  /** Sends a heartbeat on the newest token of `stepName`. */
  heartbeat(stepName?: string): AdvanceResult {
    const token = this.latestToken(stepName);
    return this.send({ type: 'Heartbeat', scheduleEventId: token.scheduleEventId, tokenHash: token.hash });
  }

  /** The newest registered token of `stepName` (or of any step). */
  latestToken(stepName?: string): { hash: string; scheduleEventId: number; stepName: string } {
    const tokens = this.registeredTokens().filter((t) => stepName === undefined || t.stepName === stepName);
    const token = tokens.at(-1);
    if (!token) throw new Error('no token registered');
    return token;
  }

  /** Moves the clock forward, firing due timers in time order. */
  advanceBy(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, at]) => at <= until).sort((a, b) => a[1] - b[1])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = Math.max(this.now, due[1]);
      this.send({ type: 'TimerFired', timerId: due[0] });
    }
    this.now = until;
  }

  /** Types of the history events, in order. */
  types(): string[] {
    return this.history.map((event) => event.type);
  }

  /** Commands of one type. */
  commandsOf<T extends EngineCommand['type']>(type: T): Extract<EngineCommand, { type: T }>[] {
    return this.commands.filter((c): c is Extract<EngineCommand, { type: T }> => c.type === type);
  }

  /** Every history this harness records has ids 1, 2, 3 … without gaps, whatever the test checks. */
  private checkEventIds(result: AdvanceResult): void {
    let expected = (this.history.at(-1)?.eventId ?? 0) + 1;
    for (const event of result.events) {
      if (event.eventId !== expected)
        throw new Error(`history event ${event.type} has id ${event.eventId}, expected ${expected}`);
      expected += 1;
    }
    if (result.state.nextEventId !== expected) {
      throw new Error(`state.nextEventId is ${result.state.nextEventId} after event ${expected - 1}`);
    }
  }

  private answerKnownCalls(): void {
    if (!this.functions) return;
    const call = this.openCalls.find(
      (c) => c.resource.kind === 'function' && this.functionFor(c) !== undefined,
    );
    if (!call) return;
    const fn = this.functionFor(call);
    if (!fn) return;
    let result: { ok: true; output: Json } | { ok: false; error: string; cause: string };
    try {
      result = { ok: true, output: fn(call.input) };
    } catch (error) {
      const failure = error as Error;
      result = { ok: false, error: failure.name, cause: failure.message };
    }
    this.answerCall(call, result);
  }

  private functionFor(call: CallResourceCommand): TestFunction | undefined {
    if (call.resource.kind !== 'function') return undefined;
    const key = call.resource.service
      ? `${call.resource.service}/${call.resource.functionName}`
      : call.resource.functionName;
    return this.functions?.[key];
  }
}
