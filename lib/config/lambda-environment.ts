/**
 * The contract between the stack and the Lambda composition root: the names of the environment
 * variables `lib/infra` sets and `lambdas/composition.ts` reads, and the function map file bundled
 * with the worker. Written once, here; both sides import it (it imports nothing, so the Lambdas load
 * no CDK through it).
 */

/** The environment variables of the engine's functions. */
export const LAMBDA_ENV = {
  /** The executions table (state items, history, definitions, timers, call claims, nonces). */
  executionsTable: 'FLOWBACK_EXECUTIONS_TABLE',
  /** The task tokens table. */
  tokensTable: 'FLOWBACK_TOKENS_TABLE',
  /** The flows table. */
  flowsTable: 'FLOWBACK_FLOWS_TABLE',
  /** URL of the engine's work queue. */
  workQueueUrl: 'FLOWBACK_WORK_QUEUE_URL',
  /** URL of the timer queue. */
  timerQueueUrl: 'FLOWBACK_TIMER_QUEUE_URL',
  /** Days finished executions and token tombstones are kept. */
  retentionDays: 'FLOWBACK_RETENTION_DAYS',
  /**
   * Optional JSON object, worker only: the function map entries whose target is known only at deploy
   * time (a function of the same stack given in props, whose ARN CloudFormation resolves); every other
   * entry is in the bundled {@link FUNCTION_MAP_FILE}.
   */
  functionMap: 'FLOWBACK_FUNCTION_MAP',
  /** Optional, worker only: the bundled function map file, relative to the function's code directory. */
  functionMapFile: 'FLOWBACK_FUNCTION_MAP_FILE',
  /** Optional, api only: the Secrets Manager secret of the RPC API's access keys. */
  rpcAccessKeySecretArn: 'FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN',
  /** Optional: the Secrets Manager secret that signs approval links (without: tasks get no links). */
  linkSecretArn: 'FLOWBACK_LINK_SECRET_ARN',
  /** With the link secret: the base URL of approval links (the API's URL, or the `publicUrl` given). */
  publicUrl: 'FLOWBACK_PUBLIC_URL',
  /** Powertools: the `service` dimension and log field. */
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  /** Powertools: the metrics namespace. */
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Powertools: the log level. */
  powertoolsLogLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** The name of the function map file in the worker's bundle (next to its `index.mjs`). */
export const FUNCTION_MAP_FILE = 'function-map.json';
