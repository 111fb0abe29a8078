/**
 * What the runtime's helpers work with: the ports, the tunables, and the few operations they call
 * back into (apply, report, stop). Helpers depend on this interface, not on the `Runtime` class.
 */
import type { EngineEvent, ExecutionKey } from '../engine/types.ts';
import type { CallLedger } from '../ports/call-ledger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Dispatcher } from '../ports/dispatcher.ts';
import type { ExecutionStore } from '../ports/execution-store.ts';
import type { FlowStore } from '../ports/flow-store.ts';
import type { IdSource } from '../ports/id-source.ts';
import type { Invoker } from '../ports/invoker.ts';
import type { RuntimeObserver } from '../ports/observer.ts';
import type { QueueSender } from '../ports/queue-sender.ts';
import type { Timers } from '../ports/timers.ts';
import type { TokenStore } from '../ports/token-store.ts';
import type { Applied, ApplyOptions } from './apply.ts';
import type { CarriedOutboxes, HotExecutions } from './contention.ts';
import type { ReportAnswer, TokenRequest } from './report.ts';
import type { ExecutionWaiters, LocalDrains } from './waiters.ts';

/** The ports (and tunables) a runtime runs against. */
export interface RuntimeDeps {
  executions: ExecutionStore;
  tokens: TokenStore;
  flows: FlowStore;
  /** Claims of resource calls (one call per task attempt). */
  calls: CallLedger;
  invoker: Invoker;
  queues: QueueSender;
  timers: Timers;
  dispatcher: Dispatcher;
  clock: Clock;
  ids: IdSource;
  /** Waits before round `attempt` of an apply that found its event still waiting (default: jitter). */
  pause?: (attempt: number) => Promise<void>;
  /** Told when executions start and end and reports are applied (metrics, logs). */
  observer?: RuntimeObserver;
  /** Rounds of one apply (default `MAX_APPLY_ATTEMPTS`). */
  maxApplyAttempts?: number;
  /** Default `DEFAULT_OUTBOX_LEASE_MS`. */
  outboxLeaseMs?: number;
  /** Default `DEFAULT_CALL_LEASE_MS`. */
  callLeaseMs?: number;
  /** Names this process on its call claims (default a random id). */
  instanceId?: string;
  /** Call claims made before this epoch ms are taken over (a local runtime: its start time). */
  takeOverCallsBefore?: number;
}

/** The narrow view of a runtime its helpers get. */
export interface RuntimeContext {
  readonly deps: RuntimeDeps;
  /** DescribeExecution long-polls, released by `Finish`. */
  readonly waiters: ExecutionWaiters;
  /** The drainers of this process, and the reports waiting for them to apply their inbox entries. */
  readonly drains: LocalDrains;
  /** This process's id on call claims. */
  readonly instanceId: string;
  /** Executions that recently lost commit races in this process. */
  readonly hot: HotExecutions;
  /** Outboxes with calls this process committed and carried out, for its next commit to remove. */
  readonly carried: CarriedOutboxes;
  /** Waits before round `attempt` of an apply. */
  pause(attempt: number): Promise<void>;
  /** Waits before look `look` at an inbox entry another drainer is to apply. */
  pauseBeforeLook(look: number): Promise<void>;
  apply(key: ExecutionKey, event: EngineEvent, options?: ApplyOptions): Promise<Applied>;
  report(token: string, request: TokenRequest): Promise<ReportAnswer>;
  stop(key: ExecutionKey, error: string, cause: string): Promise<Applied>;
}
