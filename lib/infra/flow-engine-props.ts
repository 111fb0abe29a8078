/** The props of the `FlowEngine` construct. */
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** What serves the REST API of api.md: an API Gateway flavour, or the api function's URL. */
export type EngineApiKind = 'rest' | 'http' | 'url';

/** Props of `FlowEngine`; every one is optional. */
export interface FlowEngineProps {
  /**
   * `rest` (default): API Gateway REST API — request validation, WAF-ready, $3.50 per million requests.
   * `http`: HTTP API — $1.00 per million and lower latency, but no request validation at the gateway
   * and no WAF. Both require SigV4 (IAM) on every route.
   * `url`: the api function's Lambda function URL with `AWS_IAM` auth — no gateway charge at all, but no
   * throttling, access logs or WAF, and neither the RPC API nor approval links (they are unsigned).
   * Requests are signed for service `lambda` (the client and CLI recognise `*.lambda-url.*.on.aws`).
   */
  readonly api?: EngineApiKind;
  /**
   * A folder of flow files (`*.yaml`, `*.yml`, `*.json`, each a flow named after its file), checked at
   * synth time and deployed (created or updated) with the stack. Removing a file does not delete its flow.
   */
  readonly flowsDir?: string;
  /**
   * The Lambda functions flows may call, by resource: an `acs:fc:{region}:{account}:services/S/functions/F`
   * resource (or just `S/F`), a Lambda function ARN, or a function name, as flows name them. The worker
   * gets exactly `lambda:InvokeFunction` on each, and finds it through its function map (bundled with
   * its code; only ARNs CloudFormation resolves at deploy time travel in `FLOWBACK_FUNCTION_MAP`).
   */
  readonly functions?: Readonly<Record<string, lambda.IFunction>>;
  /**
   * A folder of function modules, as the local runtime reads it (`--functions`): each `S/F.{js,mjs,ts}`
   * and `NAME.{js,mjs,ts}` becomes a Lambda function (bundled by the local esbuild) named by api.md's
   * rule, `{functionNamePrefix}S-F` or `{functionNamePrefix}NAME`, that the worker may invoke.
   */
  readonly functionsDir?: string;
  /**
   * Prefix of the names of the functions built from `functionsDir` (so that two stages can share an
   * account; the worker finds them through its map either way). Default none: named exactly by the rule.
   */
  readonly functionNamePrefix?: string;
  /**
   * Functions that exist outside the stack and that flows created later through the API may call:
   * `acs:fc` resources, `S/F` (→ function `S-F` of this account and region), function names or ARNs.
   * The worker gets `lambda:InvokeFunction` on each. Functions the deployed flows name are granted
   * without being listed. Default none.
   */
  readonly existingFunctions?: readonly string[];
  /**
   * The SQS queues flows may send task messages to, by queue name (as `acs:mns:::/queues/{name}/messages`
   * or `arn:aws:sqs:…:{name}` names it; it must be the queue's real name). The worker gets
   * `sqs:SendMessage` (and `sqs:GetQueueUrl`, to find it by name) on exactly these.
   */
  readonly queues?: Readonly<Record<string, sqs.IQueue>>;
  /**
   * Queues that exist outside the stack (names in this account and region, or SQS ARNs): granted to the
   * worker, never created. A queue the deployed flows name as `acs:mns:::/queues/Q/messages` that is
   * neither here nor in `queues` is created by the stack (named `Q`, with a dead-letter queue); one
   * named by an SQS ARN is referenced as it is. Default none.
   */
  readonly existingQueues?: readonly string[];
  /** Days finished executions and token tombstones are kept (DynamoDB TTL). Default 90. */
  readonly retentionDays?: number;
  /**
   * The secret holding the access keys of the Alibaba-compatible RPC API: the api function may read it
   * (its ARN in `FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN`). Keys never appear in the template.
   */
  readonly rpcAccessKeySecret?: secretsmanager.ISecret;
  /**
   * Approval links (`$context.task.approveUrl`/`rejectUrl`): the stack creates their signing secret
   * in Secrets Manager, and the unauthenticated, signature-checked, throttled routes
   * `GET`/`POST /callbacks/{taskId}/{decision}`. @default false (no links, no routes, no secret)
   */
  readonly approvalLinks?: boolean;
  /** The base URL of approval links (a custom domain). @default the API's own URL */
  readonly publicUrl?: string;
  /** Requests per second (and burst) of each callback route, far below the stage's. @default 10 / 20 */
  readonly callbackThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * The alarm on lost callbacks: when the oldest waiting task (any flow) has waited this many seconds.
   * The timeouts function measures it every 5 minutes (metric `OldestWaitingTaskAge`, also per
   * `flowName`). @default 86400 (one day)
   */
  readonly oldestTaskAlarmSeconds?: number;
  /** Stage throttling (requests per second and burst). Default 100 / 200. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** The REST API's stage name (the HTTP API uses `$default`). Default `v1`. */
  readonly stageName?: string;
  /**
   * REST only: create the account-level role that lets API Gateway write logs. An account needs it
   * once; set `false` where it exists already. Default `true`.
   */
  readonly apiGatewayCloudWatchRole?: boolean;
  /** What happens to the tables (and their data) when they leave the stack. Default `RETAIN`. */
  readonly removalPolicy?: RemovalPolicy;
  /** Retention of the functions' and the API's log groups. Default one month. */
  readonly logRetention?: logs.RetentionDays;
  /** The worker's timeout (synchronous calls of the flows' functions run in it). Default 5 minutes. */
  readonly workerTimeout?: Duration;
  /** Memory of the engine's functions, in MB. Default 1024. */
  readonly memorySize?: number;
  /** Powertools metrics namespace. Default `Flowback`. */
  readonly metricsNamespace?: string;
  /** Powertools service name (a metrics dimension). Default the stack's name. */
  readonly serviceName?: string;
  /** Where the alarms notify. Default none (the alarms only change state). */
  readonly alarmTopic?: sns.ITopic;
}
