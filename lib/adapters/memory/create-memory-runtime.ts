/**
 * A runtime over memory adapters with a virtual clock, for tests and benchmarks: everything runs in
 * this process, work items wait in a queue until `drain()`, and time moves only with the clock.
 */

import type { IdSource } from '../../ports/id-source.ts';
import type { RuntimeObserver } from '../../ports/observer.ts';
import { type LinkSigner, withApprovalLinks } from '../../runtime/approval-links.ts';
import { createOperations, type Operations } from '../../runtime/operations/index.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { MemoryCallLedger } from './memory-call-ledger.ts';
import { MemoryDispatcher } from './memory-dispatcher.ts';
import { MemoryExecutionStore } from './memory-execution-store.ts';
import { MemoryFlowStore } from './memory-flow-store.ts';
import { type FunctionHandler, MemoryInvoker } from './memory-invoker.ts';
import { MemoryNonceStore } from './memory-nonce-store.ts';
import { MemoryQueueSender } from './memory-queue-sender.ts';
import { MemoryTimers } from './memory-timers.ts';
import { MemoryTokenStore } from './memory-token-store.ts';
import { sequentialIds } from './sequential-ids.ts';
import { VirtualClock } from './virtual-clock.ts';

/** Options of `createMemoryRuntime`. */
export interface MemoryRuntimeOptions {
  /** Local functions by `service/function` (acs:fc) or function name (Lambda). */
  functions?: Record<string, FunctionHandler>;
  clock?: VirtualClock;
  /** Default: `sequentialIds()`. */
  ids?: IdSource;
  /** Attempts of one apply against concurrent commits (default `MAX_APPLY_ATTEMPTS`). */
  maxApplyAttempts?: number;
  /** Told about executions and reports. */
  observer?: RuntimeObserver;
  /** Signs approval links (`$context.task.approveUrl`/`rejectUrl`); without: none. */
  approvalLinks?: LinkSigner;
  /** How long a committed outbox is left to its committer (default `DEFAULT_OUTBOX_LEASE_MS`). */
  outboxLeaseMs?: number;
}

/** The memory stores, for inspection and fault injection. */
export interface MemoryStores {
  executions: MemoryExecutionStore;
  tokens: MemoryTokenStore;
  flows: MemoryFlowStore;
  timers: MemoryTimers;
  calls: MemoryCallLedger;
}

/** A runtime over memory adapters. */
export interface MemoryRuntime {
  runtime: Runtime;
  operations: Operations;
  clock: VirtualClock;
  stores: MemoryStores;
  invoker: MemoryInvoker;
  queues: MemoryQueueSender;
  dispatcher: MemoryDispatcher;
  /** Signature nonces of the RPC API (on the virtual clock). */
  nonces: MemoryNonceStore;
  /** Carries out queued work and timers due now, including what that creates, until nothing is left. */
  drain(): Promise<void>;
}

/** Yields to other pending work between two attempts of a lost race (no real time passes). */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Builds a runtime over fresh memory adapters. */
export function createMemoryRuntime(options: MemoryRuntimeOptions = {}): MemoryRuntime {
  const clock = options.clock ?? new VirtualClock();
  const stores: MemoryStores = {
    executions: new MemoryExecutionStore(),
    tokens: new MemoryTokenStore(),
    flows: new MemoryFlowStore(),
    timers: new MemoryTimers(),
    calls: new MemoryCallLedger(),
  };
  const invoker = new MemoryInvoker(options.functions);
  const queues = new MemoryQueueSender();
  const dispatcher = new MemoryDispatcher();
  const runtime = new Runtime({
    ...stores,
    invoker,
    queues,
    dispatcher,
    clock,
    ids:
      options.approvalLinks !== undefined
        ? withApprovalLinks(options.ids ?? sequentialIds(), options.approvalLinks)
        : (options.ids ?? sequentialIds()),
    pause: yieldTurn,
    ...(options.maxApplyAttempts !== undefined ? { maxApplyAttempts: options.maxApplyAttempts } : {}),
    ...(options.observer !== undefined ? { observer: options.observer } : {}),
    ...(options.outboxLeaseMs !== undefined ? { outboxLeaseMs: options.outboxLeaseMs } : {}),
  });
  dispatcher.attach((item) => runtime.handleWorkItem(item));

  const drain = async (): Promise<void> => {
    for (;;) {
      const handled = await dispatcher.drain();
      const fired = await runtime.deliverDueTimers();
      if (handled === 0 && fired === 0 && dispatcher.size === 0) return;
    }
  };
  clock.attach({ nextFireAt: () => stores.timers.nextFireAt(), fireDue: drain });

  return {
    runtime,
    operations: createOperations(runtime),
    clock,
    stores,
    invoker,
    queues,
    dispatcher,
    nonces: new MemoryNonceStore(clock),
    drain,
  };
}
