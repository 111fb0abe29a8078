/**
 * The runtime: the one loop that advances executions against a set of ports, and the internal
 * operations every API shell shares (start, stop, report, work items, timers, recovery).
 */
import { randomUUID } from 'node:crypto';
import type { EngineEvent, ExecutionKey } from '../engine/types.ts';
import type { WorkItem } from '../ports/dispatcher.ts';
import type { TokenRecord } from '../ports/token-store.ts';
import { type Applied, type ApplyOptions, applyEvent, executionNotExists } from './apply.ts';
import { CarriedOutboxes, HotExecutions } from './contention.ts';
import type { RuntimeContext, RuntimeDeps } from './context.ts';
import { OperationError } from './errors.ts';
import { deliverDueTimers, expireToken, type RecoveryReport, recover } from './recover.ts';
import { type ReportAnswer, reportOnTask, reportOnToken, type TokenRequest } from './report.ts';
import { type StartOutcome, type StartRequest, startExecution } from './start.ts';
import { ExecutionWaiters, LocalDrains } from './waiters.ts';
import { handleWorkItem } from './work-items.ts';

export type { RuntimeDeps } from './context.ts';

/** First and longest pause of an event waiting in an inbox, in ms. */
const FIRST_PAUSE_MS = 8;
const MAX_PAUSE_MS = 100;

/** Resolves after `ms` of real time. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A random delay doubling with the round (from 4–12 ms up to 50–150 ms), so that waiters spread out. */
function jitter(attempt: number): Promise<void> {
  return sleep(Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (attempt - 1)) * (0.5 + Math.random()));
}

/** How much longer each look at an entry waiting for another drainer waits than the last, in ms. */
const LOOK_PAUSE_STEP_MS = 50;

/** The longest pause between two looks at an entry waiting for another drainer, in ms. */
const LOOK_PAUSE_MAX_MS = 300;

/** 50 ms more before each look, up to 300 ms, ±25 %: each look is a request, a drainer's cycle ~100s of ms. */
function lookPause(look: number): Promise<void> {
  return sleep(Math.min(LOOK_PAUSE_STEP_MS * look, LOOK_PAUSE_MAX_MS) * (0.75 + Math.random() / 2));
}

/** The loop and its internal operations. */
export class Runtime implements RuntimeContext {
  readonly deps: RuntimeDeps;
  readonly waiters = new ExecutionWaiters();
  readonly drains = new LocalDrains();
  readonly instanceId: string;
  readonly hot = new HotExecutions();
  readonly carried = new CarriedOutboxes();

  constructor(deps: RuntimeDeps) {
    this.deps = deps;
    this.instanceId = deps.instanceId ?? randomUUID();
  }

  /** Waits before round `attempt` of an apply. */
  pause(attempt: number): Promise<void> {
    return (this.deps.pause ?? jitter)(attempt);
  }

  /** Waits before look `look` at an inbox entry another drainer is to apply (a set `pause` replaces it). */
  pauseBeforeLook(look: number): Promise<void> {
    return this.deps.pause !== undefined ? this.deps.pause(look + 3) : lookPause(look);
  }

  /** Applies one event to an execution: load → advance (with its inbox) → commit → carry out. */
  apply(key: ExecutionKey, event: EngineEvent, options?: ApplyOptions): Promise<Applied> {
    return applyEvent(this, key, event, options);
  }

  /** Starts an execution (or returns the one of that name). */
  start(request: StartRequest): Promise<StartOutcome> {
    return startExecution(this, request);
  }

  /** Stops a running execution; `ExecutionAlreadyCompleted` when it is not running. */
  async stop(key: ExecutionKey, error: string, cause: string): Promise<Applied> {
    const record = await this.deps.executions.load(key);
    if (record === undefined) throw executionNotExists(key);
    const completed = new OperationError(
      'ExecutionAlreadyCompleted',
      `Execution '${key.executionName}' for flow '${key.flowName}' has already completed`,
    );
    if (record.state.status !== 'Running') throw completed;
    const applied = await this.apply(key, { type: 'Stop', error, cause });
    const stopped = applied.absorbed
      ? applied.record.state.status === 'Stopped'
      : applied.result.events.some((event) => event.type === 'ExecutionStopped');
    if (!stopped) throw completed;
    return applied;
  }

  /** Reports on (or heartbeats) a task token; the request must already be validated. */
  report(token: string, request: TokenRequest): Promise<ReportAnswer> {
    return reportOnToken(this, token, request);
  }

  /** Reports on (or heartbeats) the task `taskId`, as a report on its token would. */
  reportTask(taskId: string, request: TokenRequest): Promise<ReportAnswer> {
    return reportOnTask(this, taskId, request);
  }

  /** Carries out a work item taken from the dispatcher. */
  handleWorkItem(item: WorkItem): Promise<void> {
    return handleWorkItem(this, item);
  }

  /** Delivers every timer due now (of one execution, if given). @returns how many. */
  deliverDueTimers(key?: ExecutionKey): Promise<number> {
    return deliverDueTimers(this, key);
  }

  /** The backstop for a lost timer: times out the task of a token past its deadline. */
  expireToken(token: TokenRecord): Promise<void> {
    return expireToken(this, token);
  }

  /** Carries out pending outboxes and inboxes, re-delivers overdue timers and sweeps expired tokens. */
  recover(): Promise<RecoveryReport> {
    return recover(this);
  }
}
