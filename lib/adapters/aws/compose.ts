/**
 * `createAwsRuntime`: the one place that wires the ports together on DynamoDB and SQS. The Lambda
 * composition root and the local runtime (dynalite + fauxqs) both call it with their own clients.
 */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../../ports/clock.ts';
import type { Dispatcher } from '../../ports/dispatcher.ts';
import type { IdSource } from '../../ports/id-source.ts';
import type { Invoker } from '../../ports/invoker.ts';
import type { RuntimeObserver } from '../../ports/observer.ts';
import type { QueueSender } from '../../ports/queue-sender.ts';
import { type LinkSigner, withApprovalLinks } from '../../runtime/approval-links.ts';
import { createOperations, type Operations } from '../../runtime/operations/index.ts';
import { randomIds } from '../../runtime/random-ids.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { DynamoCallLedger } from './dynamo-call-ledger.ts';
import { DynamoExecutionStore, type DynamoStoreOptions } from './dynamo-execution-store.ts';
import { DynamoFlowStore } from './dynamo-flow-store.ts';
import { DynamoNonceStore } from './dynamo-nonce-store.ts';
import { DynamoTimerRecords } from './dynamo-timer-records.ts';
import { DynamoTokenStore } from './dynamo-token-store.ts';
import { SqsDispatcher } from './sqs-dispatcher.ts';
import { SqsQueueSender } from './sqs-queue-sender.ts';
import { SqsTimers } from './sqs-timers.ts';
import type { TableNames } from './tables.ts';

/** What `createAwsRuntime` needs. */
export interface AwsRuntimeConfig {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  tables: TableNames;
  /** Queue URLs: `work` (work items) and `timers` (delayed `TimerFired` items; a standard queue). */
  queues: { work: string; timers: string };
  invoker: Invoker;
  /** Work items' dispatcher (default: `SqsDispatcher` on `queues.work`; the local runtime journals it). */
  dispatcher?: Dispatcher;
  /** Task messages' sender (default: `SqsQueueSender` on `sqs`, URLs looked up by queue name). */
  queueSender?: QueueSender;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: `randomIds()`. */
  ids?: IdSource;
  /** Signs the approval links of waitForCallback tasks; without: tasks get none. */
  approvalLinks?: LinkSigner;
  /** Days finished executions and token tombstones are kept (default 90). */
  retentionDays?: number;
  /** JSON values longer than this are stored gzipped (default 4096 bytes). */
  compressAboveBytes?: number;
  /** Attempts of one apply against concurrent commits (default `MAX_APPLY_ATTEMPTS`). */
  maxApplyAttempts?: number;
  /** Told about executions and reports (metrics on Lambda). */
  observer?: RuntimeObserver;
  /**
   * Call claims made before this epoch ms are taken over: only for a runtime that is alone on its
   * tables (the local runtime passes its start time), never on AWS.
   */
  takeOverCallsBefore?: number;
}

/** The adapters of an AWS runtime, for recovery tools and tests. */
export interface AwsStores {
  executions: DynamoExecutionStore;
  tokens: DynamoTokenStore;
  flows: DynamoFlowStore;
  timerRecords: DynamoTimerRecords;
  timers: SqsTimers;
  dispatcher: Dispatcher;
  queues: QueueSender;
  /** Signature nonces of the RPC API (items of the executions table). */
  nonces: DynamoNonceStore;
  /** Claims of resource calls (items of the executions table). */
  calls: DynamoCallLedger;
}

/** A runtime on DynamoDB and SQS. */
export interface AwsRuntime {
  runtime: Runtime;
  operations: Operations;
  stores: AwsStores;
}

/** The system clock. */
const systemClock: Clock = { now: () => Date.now() };

/** Builds the runtime and its operations over DynamoDB tables and SQS queues. */
export function createAwsRuntime(config: AwsRuntimeConfig): AwsRuntime {
  const options: DynamoStoreOptions = {
    ...(config.retentionDays !== undefined ? { retentionDays: config.retentionDays } : {}),
    ...(config.compressAboveBytes !== undefined ? { compressAboveBytes: config.compressAboveBytes } : {}),
  };
  const clock = config.clock ?? systemClock;
  const timerRecords = new DynamoTimerRecords(config.dynamo, config.tables.executions, options);
  const stores: AwsStores = {
    executions: new DynamoExecutionStore(config.dynamo, config.tables.executions, options),
    tokens: new DynamoTokenStore(config.dynamo, config.tables.tokens, options),
    flows: new DynamoFlowStore(config.dynamo, config.tables.flows, options),
    timerRecords,
    timers: new SqsTimers(config.sqs, config.queues.timers, timerRecords, clock),
    dispatcher: config.dispatcher ?? new SqsDispatcher(config.sqs, config.queues.work),
    queues: config.queueSender ?? new SqsQueueSender(config.sqs),
    nonces: new DynamoNonceStore(config.dynamo, config.tables.executions, () => clock.now()),
    calls: new DynamoCallLedger(config.dynamo, config.tables.executions, options),
  };
  const runtime = new Runtime({
    executions: stores.executions,
    tokens: stores.tokens,
    flows: stores.flows,
    calls: stores.calls,
    timers: stores.timers,
    dispatcher: stores.dispatcher,
    queues: stores.queues,
    invoker: config.invoker,
    clock,
    ids:
      config.approvalLinks !== undefined
        ? withApprovalLinks(config.ids ?? randomIds(), config.approvalLinks)
        : (config.ids ?? randomIds()),
    ...(config.maxApplyAttempts !== undefined ? { maxApplyAttempts: config.maxApplyAttempts } : {}),
    ...(config.observer !== undefined ? { observer: config.observer } : {}),
    ...(config.takeOverCallsBefore !== undefined ? { takeOverCallsBefore: config.takeOverCallsBefore } : {}),
  });
  return { runtime, operations: createOperations(runtime), stores };
}
