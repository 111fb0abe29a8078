/**
 * Which adapter capabilities each engine function's composition uses (lambdas/composition.ts builds
 * one runtime; each handler reaches only part of it): the stack grants each function exactly their
 * union (lib/infra/grants.ts), and test/infra/least-privilege.test.ts checks the template against it.
 */
import { ADAPTER_ACCESS as A, type Access, unionOf } from './access.ts';

/** The adapter capabilities every function that advances executions uses. */
const ADVANCE: readonly Access[] = [
  A['dynamo-execution-store.ts'].state,
  A['outbox-items.ts'].outboxes,
  A['result-chunk-items.ts'].chunks,
  A['history-items.ts'].history,
  A['definition-items.ts'].definitions,
  A['legacy-state-item.ts'].upgrade,
  A['dynamo-token-store.ts'].tokens,
  A['dynamo-timer-records.ts'].timers,
  A['sqs-dispatcher.ts'].dispatch,
  A['sqs-timers.ts'].send,
  // Links are signed wherever a task starts (granted only when the stack has the link secret).
  A['secret-link-key.ts'].read,
];

/** The engine functions whose grants derive from the adapters. */
export type EngineFunctionName = 'api' | 'worker' | 'timeouts' | 'deployFlows';

/** The capabilities of each engine function. */
export const FUNCTION_ACCESS: Readonly<Record<EngineFunctionName, readonly Access[]>> = {
  /** The operations of api.md: flows, executions (and their list), tasks, reports, RPC nonces and keys. */
  api: [
    ...ADVANCE,
    A['execution-listing.ts'].list,
    A['dynamo-token-store.ts'].tasks,
    A['task-index.ts'].tasks,
    A['dynamo-flow-store.ts'].read,
    A['dynamo-flow-store.ts'].write,
    A['dynamo-flow-store.ts'].delete,
    A['dynamo-flow-store.ts'].list,
    A['dynamo-nonce-store.ts'].nonces,
    A['secret-access-keys.ts'].read,
  ],
  /** Work items: calls of functions, queues and child flows (whose flow it reads), claimed once. */
  worker: [
    ...ADVANCE,
    A['dynamo-flow-store.ts'].read,
    A['dynamo-call-ledger.ts'].calls,
    A['lambda-invoker.ts'].invoke,
    A['sqs-redelivery.ts'].redeliver,
    A['sqs-queue-sender.ts'].send,
  ],
  /**
   * A token expired by TTL times its task out and moves the execution on (calls go to the worker); on
   * a schedule, the oldest waiting tasks are read from the `tasks` index (a metric of their age).
   */
  timeouts: [...ADVANCE, A['task-index.ts'].tasks],
  /** The flows custom resource: describe, create and update flows. */
  deployFlows: [A['dynamo-flow-store.ts'].read, A['dynamo-flow-store.ts'].write],
};

/** The union of the capabilities of `name`. */
export function functionAccess(name: EngineFunctionName): Required<Access> {
  return unionOf(FUNCTION_ACCESS[name]);
}
