/** AWS adapters of every port (DynamoDB, SQS, Lambda), the table layouts and `createAwsRuntime`. */
export {
  type AwsRuntime,
  type AwsRuntimeConfig,
  type AwsStores,
  createAwsRuntime,
} from './compose.ts';
export {
  DEFAULT_RETENTION_DAYS,
  DynamoExecutionStore,
  type DynamoStoreOptions,
} from './dynamo-execution-store.ts';
export { DynamoFlowStore } from './dynamo-flow-store.ts';
export { DynamoNonceStore, NONCE_SK, noncePk } from './dynamo-nonce-store.ts';
export { DynamoTimerRecords } from './dynamo-timer-records.ts';
export { DynamoTokenStore } from './dynamo-token-store.ts';
export { DEFAULT_COMPRESS_ABOVE_BYTES, MAX_ITEM_BYTES } from './item-codec.ts';
export {
  CLIENT_CONTEXT_LIMIT,
  clientContextOf,
  LambdaInvoker,
  type LambdaInvokerOptions,
  lambdaTarget,
} from './lambda-invoker.ts';
export { parseAccessKeys, secretAccessKeys } from './secret-access-keys.ts';
export { SqsDispatcher } from './sqs-dispatcher.ts';
export { SqsQueueSender, type SqsQueueSenderOptions } from './sqs-queue-sender.ts';
export {
  MAX_VISIBILITY_SECONDS,
  queueUrlOfArn,
  type ReceivedMessage,
  type Redeliver,
  sqsRedeliver,
} from './sqs-redelivery.ts';
export { delaySeconds, MAX_DELAY_SECONDS, SqsTimers, timerWorkItem } from './sqs-timers.ts';
export {
  BY_FLOW_INDEX,
  ensureTables,
  TABLE_LAYOUTS,
  type TableLayout,
  type TableNames,
  TTL_ATTRIBUTE,
} from './tables.ts';
