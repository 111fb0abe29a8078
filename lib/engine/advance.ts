import type { FlowDefinition, JsonObject, TaskStep } from '../fdl/types.ts';
import { cancelSequence } from './cancel.ts';
import { Ctx, HistoryLimitReached } from './context.ts';
import { sizeError, stepOutput } from './data.ts';
import { FlowErrors } from './errors.ts';
import { once, rootInput, sequenceInputOf } from './inputs.ts';
import { HISTORY_EVENT_LIMIT } from './limits.ts';
import { recordParentReportFailed } from './parent-report.ts';
import { type ChunkLocals, type ResultChunk, ResultChunks } from './results.ts';
import { driveSequence } from './sequence.ts';
import { onCallResult, startAttempt } from './task/attempt.ts';
import { derivedAttemptInput } from './task/attempt-data.ts';
import { checkDeadline, onHeartbeat, onHeartbeatTimer, onReport, timeOutAttempt } from './task/report.ts';
import { parseTimerId } from './timers.ts';
import type {
  AdvanceResult,
  EngineEvent,
  ExecutionState,
  FlowError,
  IdSource,
  ParentReference,
  ReportReply,
  TaskFrame,
} from './types.ts';
import { STATE_SCHEMA_VERSION } from './types.ts';
import { upgradeState } from './upgrade.ts';
import { type FrameVisit, findAttempt, findStep } from './walk.ts';

/** The state of a new execution, before its `Start` event. */
export function createExecutionState(init: {
  flowName: string;
  executionName: string;
  input: JsonObject;
  now: number;
  parent?: ParentReference;
}): ExecutionState {
  const state: ExecutionState = {
    schemaVersion: STATE_SCHEMA_VERSION,
    flowName: init.flowName,
    executionName: init.executionName,
    status: 'Running',
    input: init.input,
    startedTime: init.now,
    nextEventId: 1,
  };
  if (init.parent) state.parent = init.parent;
  return state;
}

const NOT_RUNNING: ReportReply = {
  accepted: false,
  code: 'TaskAlreadyCompleted',
  message: 'The task has already completed.',
};

/**
 * Applies one event to an execution and runs it as far as it can go without waiting. Pure: the
 * given state is not modified; the result holds the new state, the history events recorded (ids
 * continue from `state.nextEventId`) and the commands to carry out, in order, once the new state
 * is committed. An event that no longer applies (a stale timer, a duplicate call result) changes
 * nothing. `chunks`: the result chunks of the state (`results.ts`) that this advance was asked for
 * by a `ResultChunksNeeded` it threw; the result's `chunks` are those to store with the new state.
 */
export function advance(
  definition: FlowDefinition,
  state: ExecutionState,
  event: EngineEvent,
  now: number,
  ids: IdSource,
  chunks?: ReadonlyMap<string, ChunkLocals>,
): AdvanceResult {
  const results = new ResultChunks(chunks);
  const result = advanceDraft(definition, structuredClone(state), event, now, ids, results);
  return withChunks(result, results);
}

/** `result` with the chunks made and still referenced, if any. */
function withChunks<T extends object>(result: T, results: ResultChunks): T & { chunks?: ResultChunk[] } {
  const made = results.made();
  return made.length > 0 ? { ...result, chunks: made } : result;
}

/**
 * Applies events one after the other, exactly as successive `advance` calls would, but copies the
 * state once (a batch of inbox entries on a big execution). Pure like `advance`, `chunks` likewise.
 * @returns the final state, each event's events, commands and reply, and the result chunks to store.
 */
export function advanceAll(
  definition: FlowDefinition,
  state: ExecutionState,
  events: readonly EngineEvent[],
  now: number,
  ids: IdSource,
  chunks?: ReadonlyMap<string, ChunkLocals>,
): { state: ExecutionState; results: Omit<AdvanceResult, 'state' | 'chunks'>[]; chunks?: ResultChunk[] } {
  const draft = structuredClone(state);
  const shared = new ResultChunks(chunks);
  const results = events.map((event) => {
    const { state: _state, ...result } = advanceDraft(definition, draft, event, now, ids, shared);
    return result;
  });
  return withChunks({ state: draft, results }, shared);
}

/** `advance` on a draft it may change (a private copy). */
function advanceDraft(
  definition: FlowDefinition,
  draft: ExecutionState,
  event: EngineEvent,
  now: number,
  ids: IdSource,
  results: ResultChunks,
): AdvanceResult {
  upgradeState(draft);
  const ctx = new Ctx(definition, draft, now, ids, results);
  if (ctx.state.status !== 'Running') {
    if (event.type === 'ParentReportFailed') recordParentReportFailed(ctx, event);
    const reply = event.type === 'Report' || event.type === 'Heartbeat' ? NOT_RUNNING : undefined;
    return { state: ctx.state, events: ctx.events, commands: [], ...(reply ? { reply } : {}) };
  }
  let reply: ReportReply | undefined;
  try {
    reply = applyEvent(ctx, event);
    if (ctx.state.status === 'Running') driveRoot(ctx);
    return { state: ctx.state, events: ctx.events, commands: ctx.commands, ...(reply ? { reply } : {}) };
  } catch (error) {
    if (!(error instanceof HistoryLimitReached)) throw error;
    // A report applied before the limit was reached keeps its answer (its event is in the history).
    return { ...overLimit(ctx), ...(reply ? { reply } : {}) };
  }
}

/**
 * The running attempt whose `TaskScheduled` id is `scheduleEventId`, its input made known to the
 * context (derived from its sequence when first needed: schema 3 attempts do not store it).
 */
function locateAttempt(ctx: Ctx, scheduleEventId: number): FrameVisit<TaskFrame> | undefined {
  const found = findAttempt(ctx.state.root, ctx.definition.steps, scheduleEventId);
  const attempt = found?.frame.attempt;
  if (found && attempt)
    ctx.knowAttemptInput(
      attempt,
      once(() => derivedAttemptInput(ctx, found, attempt)),
    );
  return found;
}

/** Routes one event to what it concerns; returns the answer to a report or heartbeat. */
function applyEvent(ctx: Ctx, event: EngineEvent): ReportReply | undefined {
  switch (event.type) {
    case 'Start':
      start(ctx);
      return undefined;
    case 'CallResult': {
      const found = locateAttempt(ctx, event.scheduleEventId);
      if (found) onCallResult(ctx, found.frame, found.step as TaskStep, event.result, event.taskToken);
      return undefined;
    }
    case 'Report': {
      const found = locateAttempt(ctx, event.scheduleEventId);
      return found
        ? onReport(ctx, found.frame, found.step as TaskStep, event.tokenHash, event.report, event.receivedAt)
        : NOT_RUNNING;
    }
    case 'Heartbeat': {
      const found = locateAttempt(ctx, event.scheduleEventId);
      return found
        ? onHeartbeat(ctx, found.frame, found.step as TaskStep, event.tokenHash, event.receivedAt)
        : NOT_RUNNING;
    }
    case 'TimerFired':
      onTimer(ctx, event.timerId);
      return undefined;
    case 'CheckDeadline': {
      const found = locateAttempt(ctx, event.scheduleEventId);
      if (found) checkDeadline(ctx, found.frame, found.step as TaskStep);
      return undefined;
    }
    case 'Stop':
      finish(ctx, 'Stopped', { error: event.error, cause: event.cause });
      return undefined;
    case 'ParentReportFailed':
      // Only an ended execution reports to its parent (above).
      return undefined;
  }
}

/** `ExecutionStarted`, the flow's sequence (its input is derived: `rootInput`), and the flow timeout. */
function start(ctx: Ctx): void {
  const { state, definition } = ctx;
  if (state.root || state.nextEventId > 1) return;
  ctx.emit('ExecutionStarted', '', { input: state.input });
  state.root = { local: {}, index: 0 };
  if (definition.timeoutSeconds !== undefined) {
    ctx.command({
      type: 'ScheduleTimer',
      timerId: 'flow-timeout',
      fireAt: state.startedTime + definition.timeoutSeconds * 1000,
    });
  }
}

/** A timer is due: a task or heartbeat timeout, a retry delay, a wait, or the flow timeout. */
function onTimer(ctx: Ctx, id: string): void {
  const ref = parseTimerId(id);
  const steps = ctx.definition.steps;
  if (!ref) return;
  switch (ref.kind) {
    case 'flow-timeout': {
      const timeout = ctx.definition.timeoutSeconds ?? 0;
      const due = ctx.state.startedTime + timeout * 1000;
      if (ctx.now < due) {
        ctx.command({ type: 'ScheduleTimer', timerId: id, fireAt: due });
        return;
      }
      finish(ctx, 'TimedOut', {
        error: FlowErrors.Timeout,
        cause: `the execution did not end within ${timeout} seconds`,
      });
      return;
    }
    case 'task-timeout': {
      const found = locateAttempt(ctx, ref.scheduleEventId);
      const deadline = found?.frame.attempt?.deadline;
      if (!found || deadline === undefined) return;
      if (ctx.now < deadline) ctx.command({ type: 'ScheduleTimer', timerId: id, fireAt: deadline });
      else timeOutAttempt(ctx, found.frame, found.step as TaskStep, 'task');
      return;
    }
    case 'heartbeat': {
      const found = locateAttempt(ctx, ref.scheduleEventId);
      if (found) onHeartbeatTimer(ctx, found.frame, found.step as TaskStep);
      return;
    }
    case 'retry': {
      const found = findStep(ctx.state.root, steps, ref.stepId);
      if (found?.frame.type !== 'task' || found.frame.retryTimer?.timerId !== id) return;
      if (ctx.now < found.frame.retryTimer.fireAt) {
        ctx.command({ type: 'ScheduleTimer', timerId: id, fireAt: found.frame.retryTimer.fireAt });
        return;
      }
      delete found.frame.retryTimer;
      const parent = { input: sequenceInputOf(ctx, found), local: found.seq.local };
      startAttempt(ctx, found.frame, found.step as TaskStep, parent);
      return;
    }
    case 'wait': {
      const found = findStep(ctx.state.root, steps, ref.stepId);
      if (found?.frame.type !== 'wait') return;
      if (ctx.now < found.frame.fireAt)
        ctx.command({ type: 'ScheduleTimer', timerId: id, fireAt: found.frame.fireAt });
      else found.frame.fired = true;
      return;
    }
  }
}

/** Drives the flow's sequence; ends the execution when it is done or failed. */
function driveRoot(ctx: Ctx): void {
  const root = ctx.state.root;
  if (!root) return;
  const input = once(() => rootInput(ctx));
  const result = driveSequence(ctx, root, ctx.definition.steps, input);
  if (result.kind === 'running') return;
  if (result.kind === 'failed') {
    finish(ctx, 'Failed', result.error);
    return;
  }
  const context = ctx.contextObject('', 0);
  const output = stepOutput(ctx.definition.outputMappings, input(), root.local, context, root.local);
  const tooLarge = sizeError(output, 'the execution output');
  if (tooLarge) finish(ctx, 'Failed', tooLarge);
  else finish(ctx, 'Succeeded', undefined, output);
}

/** Ends the execution: cancels what still runs, records the final event, emits `Finish`. */
function finish(
  ctx: Ctx,
  status: 'Succeeded' | 'Failed' | 'TimedOut' | 'Stopped',
  error?: FlowError,
  output?: JsonObject,
): void {
  const state = ctx.state;
  if (error) cancelSequence(ctx, state.root, error);
  delete state.root;
  state.status = status;
  state.stoppedTime = ctx.now;
  if (status === 'Succeeded') {
    state.output = output ?? {};
    ctx.emit('ExecutionSucceeded', '', { output: state.output });
    ctx.command({ type: 'Finish', status, output: state.output });
    return;
  }
  const failure = error ?? { error: FlowErrors.Fail, cause: '' };
  state.error = failure.error;
  state.cause = failure.cause;
  const type =
    status === 'Failed'
      ? 'ExecutionFailed'
      : status === 'TimedOut'
        ? 'ExecutionTimedOut'
        : 'ExecutionStopped';
  ctx.emit(type, '', { ...failure });
  ctx.command({ type: 'Finish', status, ...failure });
}

/**
 * The history would pass its limit: the execution fails with `FnF.HistoryLimitExceeded`, its
 * `ExecutionFailed` being the last event within the limit. Commands of the aborted advance are
 * dropped, except the ends of tokens registered before it (their tasks ended in the kept history,
 * and a tombstone must answer later reports); everything the draft state still runs is cancelled.
 */
function overLimit(ctx: Ctx): AdvanceResult {
  const keep = ctx.events.filter((event) => event.eventId < HISTORY_EVENT_LIMIT);
  ctx.events.length = 0;
  ctx.events.push(...keep);
  const registeredNow = new Set(
    ctx.commands.flatMap((c) => (c.type === 'RegisterToken' ? [c.tokenHash] : [])),
  );
  const ended = ctx.commands.filter((c) => c.type === 'EndToken');
  ctx.commands.length = 0;
  ctx.commands.push(...ended);
  ctx.state.nextEventId = HISTORY_EVENT_LIMIT;
  finish(ctx, 'Failed', {
    error: FlowErrors.HistoryLimitExceeded,
    cause: `the execution reached the limit of ${HISTORY_EVENT_LIMIT} history events`,
  });
  // One end per token, and none for a token whose registration was dropped.
  const seen = new Set<string>(registeredNow);
  const commands = ctx.commands.filter((c) => {
    if (c.type !== 'EndToken') return true;
    if (seen.has(c.tokenHash)) return false;
    seen.add(c.tokenHash);
    return true;
  });
  return { state: ctx.state, events: ctx.events, commands };
}
