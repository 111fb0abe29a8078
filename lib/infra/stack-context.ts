/**
 * The CDK context options of `bin/app.ts` (`npx cdk deploy -c api=http -c flowsDir=examples/flows`),
 * read and checked: a wrong value stops the synth with a message naming the option.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import type { FlowEngineProps } from './flow-engine-props.ts';

/** The stack's name and the engine's props, from the context. */
export interface StackContext {
  readonly stackName: string;
  readonly engine: FlowEngineProps;
  /** The Secrets Manager secret of the RPC API's access keys (turns the RPC routes on). */
  readonly rpcSecretName?: string;
}

/** The context options and what they set. */
export const CONTEXT_OPTIONS: Readonly<Record<string, string>> = {
  stage: 'suffix of the stack name (`Flowback-<stage>`), to deploy several engines in one account',
  api: '`rest` (default) or `http`',
  flowsDir:
    'folder of flow files deployed with the stack; the worker is granted exactly the functions and queues they name',
  functionsDir:
    'folder of function modules (`S/F.{js,mjs,ts}`, `NAME.{js,mjs,ts}`), each built as the Lambda function `S-F` / `NAME`',
  functionNamePrefix:
    'prefix of the functions built from `functionsDir` (default `<stage>-` with a stage, else none)',
  existingFunctions:
    'comma-separated functions outside the stack that flows created later may call (`S/F`, names, ARNs)',
  existingQueues: 'comma-separated queues outside the stack (names or SQS ARNs): granted, never created',
  retentionDays: 'days finished executions are kept (default 90)',
  removalPolicy: '`retain` (default) or `destroy`: what `cdk destroy` does to the tables',
  apiGatewayCloudWatchRole: "`false` where the account already has API Gateway's logging role (REST only)",
  throttleRate: 'stage requests per second (default 100)',
  throttleBurst: 'stage burst (default 200)',
  stageName: 'REST API stage name (default `v1`)',
  approvalLinks:
    "`true` to create the approval links' secret (Secrets Manager) and the `/callbacks/{taskId}/{decision}` routes",
  publicUrl: 'base URL of approval links, e.g. a custom domain (default the API URL)',
  oldestTaskAlarmSeconds: 'alarm when the oldest waiting task has waited this many seconds (default 86400)',
  rpcSecretName:
    'Secrets Manager secret (JSON `{"AccessKeyId": "secret"}`) of the Alibaba RPC API; turns `GET /` and `POST /` on',
};

/** A positive whole number, or a message. */
function positiveInteger(name: string, value: unknown): number {
  const number = typeof value === 'number' ? value : Number(String(value));
  if (!(Number.isInteger(number) && number > 0)) {
    throw new Error(`context ${name}: expected a positive whole number, got '${String(value)}'`);
  }
  return number;
}

/** A comma-separated list (or a JSON array in cdk.json), without empty entries. */
function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** One of `choices`, or a message. */
function choice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  const text = String(value).toLowerCase();
  const found = choices.find((candidate) => candidate === text);
  if (found === undefined)
    throw new Error(`context ${name}: expected ${choices.join(' or ')}, got '${String(value)}'`);
  return found;
}

/**
 * Reads the context of `node` (a construct's node, or anything that answers `tryGetContext`).
 * @throws Error naming the first invalid option.
 */
export function readStackContext(node: Pick<Node, 'tryGetContext'>): StackContext {
  const get = (name: string): unknown => node.tryGetContext(name);
  const stage = get('stage');
  if (stage !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(String(stage))) {
    throw new Error(`context stage: expected letters, digits and '-', got '${String(stage)}'`);
  }
  const engine: { -readonly [K in keyof FlowEngineProps]: FlowEngineProps[K] } = {};
  if (get('api') !== undefined) engine.api = choice('api', get('api'), ['rest', 'http', 'url'] as const);
  if (get('flowsDir') !== undefined) engine.flowsDir = String(get('flowsDir'));
  if (get('functionsDir') !== undefined) engine.functionsDir = String(get('functionsDir'));
  const prefix = get('functionNamePrefix') ?? (stage === undefined ? undefined : `${String(stage)}-`);
  if (prefix !== undefined) engine.functionNamePrefix = String(prefix);
  if (get('existingFunctions') !== undefined) engine.existingFunctions = list(get('existingFunctions'));
  if (get('existingQueues') !== undefined) engine.existingQueues = list(get('existingQueues'));
  if (get('retentionDays') !== undefined)
    engine.retentionDays = positiveInteger('retentionDays', get('retentionDays'));
  if (get('removalPolicy') !== undefined) {
    const policy = choice('removalPolicy', get('removalPolicy'), ['retain', 'destroy'] as const);
    engine.removalPolicy = policy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  }
  if (get('apiGatewayCloudWatchRole') !== undefined) {
    engine.apiGatewayCloudWatchRole =
      choice('apiGatewayCloudWatchRole', get('apiGatewayCloudWatchRole'), ['true', 'false'] as const) ===
      'true';
  }
  if (get('throttleRate') !== undefined || get('throttleBurst') !== undefined) {
    engine.throttle = {
      rateLimit: positiveInteger('throttleRate', get('throttleRate') ?? 100),
      burstLimit: positiveInteger('throttleBurst', get('throttleBurst') ?? 200),
    };
  }
  if (get('stageName') !== undefined) engine.stageName = String(get('stageName'));
  if (get('approvalLinks') !== undefined)
    engine.approvalLinks =
      choice('approvalLinks', get('approvalLinks'), ['true', 'false'] as const) === 'true';
  if (get('oldestTaskAlarmSeconds') !== undefined)
    engine.oldestTaskAlarmSeconds = positiveInteger('oldestTaskAlarmSeconds', get('oldestTaskAlarmSeconds'));
  if (get('publicUrl') !== undefined) {
    const url = String(get('publicUrl'));
    if (!/^https?:\/\/[^\s?#]+$/.test(url))
      throw new Error(`context publicUrl: expected an http(s) URL without a query, got '${url}'`);
    engine.publicUrl = url;
  }
  const rpcSecretName = get('rpcSecretName');
  return {
    stackName: stage === undefined ? 'Flowback' : `Flowback-${String(stage)}`,
    engine,
    ...(rpcSecretName !== undefined ? { rpcSecretName: String(rpcSecretName) } : {}),
  };
}
