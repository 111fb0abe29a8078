/**
 * The runtime: the one loop that advances executions against a set of ports, and the internal
 * operations every API shell shares (start, stop, report, work items, timers, recovery).
 */
import type { EngineEvent, ExecutionKey } from '../engine/types.ts';
import type { Clock } from '../ports/clock.ts';
import type { Dispatcher, WorkItem } from '../ports/dispatcher.ts';
import type { ExecutionStore } from '../ports/execution-store.ts';
import type { FlowStore } from '../ports/flow-store.ts';
import type { IdSource } from '../ports/id-source.ts';
import type { Invoker } from '../ports/invoker.ts';
import type { RuntimeObserver } from '../ports/observer.ts';
import type { QueueSender } from '../ports/queue-sender.ts';
import type { Timers } from '../ports/timers.ts';
import type { TokenRecord, TokenStore } from '../ports/token-store.ts';
import { type Applied, type ApplyOptions, applyEvent, executionNotExists, flushOutbox } from './apply.ts';
import { callResource } from './call-resource.ts';
import { isOperationError, OperationError } from './errors.ts';
import { deliverDueTimers, deliverTimer, expireToken, type RecoveryReport, recover } from './recover.ts';
import { type ReportAnswer, reportOnToken, type TokenRequest } from './report.ts';
import { type StartOutcome, type StartRequest, startExecution } from './start.ts';
import { ExecutionWaiters } from './waiters.ts';

/** The ports (and tunables) a runtime runs against. */
export interface RuntimeDeps {
  executions: ExecutionStore;
  tokens: TokenStore;
  flows: FlowStore;
  invoker: Invoker;
  queues: QueueSender;
  timers: Timers;
  dispatcher: Dispatcher;
  clock: Clock;
  ids: IdSource;
  /** Waits before retry `attempt` after a lost commit race (default: a small random real-time delay). */
  pause?: (attempt: number) => Promise<void>;
  /** Told when executions start and end and reports are applied (metrics, logs). */
  observer?: RuntimeObserver;
  /** Attempts of one apply (default `MAX_APPLY_ATTEMPTS`). */
  maxApplyAttempts?: number;
}

/** Longest pause between two attempts of an apply, in ms. */
const MAX_JITTER_MS = 20;

/** A small random delay growing with the attempt, so that racing appliers spread out. */
function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(MAX_JITTER_MS, attempt * 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The loop and its internal operations. */
export class Runtime {
  readonly deps: RuntimeDeps;
  /** DescribeExecution long-polls, released by `Finish`. */
  readonly waiters = new ExecutionWaiters();

  constructor(deps: RuntimeDeps) {
    this.deps = deps;
  }

  /** Waits before retry `attempt` of an apply. */
  pause(attempt: number): Promise<void> {
    return (this.deps.pause ?? jitter)(attempt);
  }

  /** Applies one event to an execution: load → advance → commit → carry out. */
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
    if (!applied.result.events.some((event) => event.type === 'ExecutionStopped')) throw completed;
    return applied;
  }

  /** Reports on (or heartbeats) a task token; the request must already be validated. */
  report(token: string, request: TokenRequest): Promise<ReportAnswer> {
    return reportOnToken(this, token, request);
  }

  /** Carries out a work item taken from the dispatcher. */
  async handleWorkItem(item: WorkItem): Promise<void> {
    switch (item.type) {
      case 'CallResource': {
        const command = item.command;
        const result = await callResource(this, item.executionKey, command);
        await this.applyIfExists(item.executionKey, {
          type: 'CallResult',
          scheduleEventId: command.scheduleEventId,
          result,
          ...(command.taskToken !== undefined ? { taskToken: command.taskToken } : {}),
        });
        return;
      }
      case 'TimerFired':
        if (item.fireAt !== undefined && item.fireAt > this.deps.clock.now()) {
          // A long timer's hop (queues delay at most 15 minutes): schedule the remainder.
          return this.deps.timers.schedule({
            executionKey: item.executionKey,
            timerId: item.timerId,
            fireAt: item.fireAt,
          });
        }
        return deliverTimer(this, item.executionKey, item.timerId);
      case 'FlushOutbox': {
        const record = await this.deps.executions.load(item.executionKey);
        if (record !== undefined) await flushOutbox(this, record);
        return;
      }
    }
  }

  /** Delivers every timer due now (of one execution, if given). @returns how many. */
  deliverDueTimers(key?: ExecutionKey): Promise<number> {
    return deliverDueTimers(this, key);
  }

  /** The backstop for a lost timer: times out the task of a token past its deadline. */
  expireToken(token: TokenRecord): Promise<void> {
    return expireToken(this, token);
  }

  /** Finishes pending outboxes, re-delivers overdue timers and sweeps expired tokens. */
  recover(): Promise<RecoveryReport> {
    return recover(this);
  }

  /** Applies an event unless the execution no longer exists. */
  private async applyIfExists(key: ExecutionKey, event: EngineEvent): Promise<void> {
    try {
      await this.apply(key, event);
    } catch (error) {
      if (!isOperationError(error, 'ExecutionNotExists')) throw error;
    }
  }
}
