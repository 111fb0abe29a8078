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
  flowsDir: 'folder of flow files deployed with the stack',
  retentionDays: 'days finished executions are kept (default 90)',
  removalPolicy: '`retain` (default) or `destroy`: what `cdk destroy` does to the tables',
  apiGatewayCloudWatchRole: "`false` where the account already has API Gateway's logging role (REST only)",
  throttleRate: 'stage requests per second (default 100)',
  throttleBurst: 'stage burst (default 200)',
  stageName: 'REST API stage name (default `v1`)',
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

/** One of `choices`, or a message. */
function choice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  const text = String(value).toLowerCase();
  const found = choices.find((candidate) => candidate === text);
  if (found === undefined)
    throw new Error(`context ${name}: expected ${choices.join(' or ')}, got '${String(value)}'`);
  return found;
}

/** Reads the context of `node`. @throws Error naming the first invalid option. */
export function readStackContext(node: Node): StackContext {
  const get = (name: string): unknown => node.tryGetContext(name);
  const stage = get('stage');
  if (stage !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(String(stage))) {
    throw new Error(`context stage: expected letters, digits and '-', got '${String(stage)}'`);
  }
  const engine: { -readonly [K in keyof FlowEngineProps]: FlowEngineProps[K] } = {};
  if (get('api') !== undefined) engine.api = choice('api', get('api'), ['rest', 'http'] as const);
  if (get('flowsDir') !== undefined) engine.flowsDir = String(get('flowsDir'));
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
  const rpcSecretName = get('rpcSecretName');
  return {
    stackName: stage === undefined ? 'Flowback' : `Flowback-${String(stage)}`,
    engine,
    ...(rpcSecretName !== undefined ? { rpcSecretName: String(rpcSecretName) } : {}),
  };
}
