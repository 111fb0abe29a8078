/** In-memory adapters of every port, a virtual clock and a ready-made memory runtime. */
export {
  createMemoryRuntime,
  type MemoryRuntime,
  type MemoryRuntimeOptions,
  type MemoryStores,
} from './create-memory-runtime.ts';
export { type FaultKind, FaultPlan, InjectedFault } from './faults.ts';
export { MemoryCallLedger } from './memory-call-ledger.ts';
export { type DeadLetter, MemoryDispatcher, type WorkItemHandler } from './memory-dispatcher.ts';
export { type ExecutionStoreOperation, MemoryExecutionStore } from './memory-execution-store.ts';
export { type FlowStoreOperation, MemoryFlowStore } from './memory-flow-store.ts';
export {
  errorOf,
  type FunctionContext,
  type FunctionHandler,
  functionKey,
  MemoryInvoker,
  runFunctionHandler,
} from './memory-invoker.ts';
export { MemoryNonceStore } from './memory-nonce-store.ts';
export { MemoryQueueSender, type SentMessage } from './memory-queue-sender.ts';
export { MemoryTimers } from './memory-timers.ts';
export { MemoryTokenStore, type TokenStoreOperation } from './memory-token-store.ts';
export { sequentialIds } from './sequential-ids.ts';
export { DEFAULT_START_TIME, type TimerDriver, VirtualClock } from './virtual-clock.ts';
