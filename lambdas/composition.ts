/**
 * The composition root on AWS: reads the environment once per cold start, builds the SDK clients and
 * wires the DynamoDB/SQS/Lambda adapters into one runtime (`createAwsRuntime`). The only file of the
 * Lambdas that reads `process.env`.
 *
 * Environment (names in lib/config/lambda-environment.ts, which the stack uses too):
 * `FLOWBACK_EXECUTIONS_TABLE`, `FLOWBACK_TOKENS_TABLE`, `FLOWBACK_FLOWS_TABLE`,
 * `FLOWBACK_WORK_QUEUE_URL`, `FLOWBACK_TIMER_QUEUE_URL` (required); the function map (optional JSON
 * objects: `service/function` of an acs:fc resource, or a Lambda function name → the Lambda function
 * name or ARN to invoke) from the file `FLOWBACK_FUNCTION_MAP_FILE` bundled with the code and from
 * `FLOWBACK_FUNCTION_MAP`; `FLOWBACK_RETENTION_DAYS` (optional, days that
 * finished executions and token tombstones are kept); `FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN` (optional: the
 * Secrets Manager secret of the RPC API's access keys, `{"AccessKeyId": "secret", …}`; without it the RPC
 * API answers every request 403 `AccessDenied`); `FLOWBACK_LINK_SECRET_ARN` and `FLOWBACK_PUBLIC_URL`
 * (optional: the secret that signs approval links and their base URL; read by `loadAwsLinkSigner`, which
 * each entry awaits before its first event, because links are signed synchronously in the engine).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type AwsRuntime,
  createAwsRuntime,
  LambdaInvoker,
  secretAccessKeys,
  type TableNames,
} from '../lib/adapters/aws/index.ts';
import { readLinkSecret } from '../lib/adapters/aws/secret-link-key.ts';
import type { RpcOptions } from '../lib/api/rpc/rpc-routes.ts';
import { LAMBDA_ENV } from '../lib/config/lambda-environment.ts';
import { LinkSigner } from '../lib/runtime/approval-links.ts';
import { metricsObserver, traced } from './observability.ts';

/** What the environment configures. */
export interface AwsEnvironment {
  tables: TableNames;
  queues: { work: string; timers: string };
  /** `service/function` (acs:fc) or Lambda function name → the function name or ARN to invoke. */
  functionMap?: Record<string, string>;
  retentionDays?: number;
  /** The secret (name or ARN) of the RPC API's access keys; absent: the RPC API is off. */
  rpcAccessKeySecret?: string;
  /** The approval links' secret and base URL; absent: tasks get no links and `/callbacks` is off. */
  approvalLinks?: { secret: string; publicUrl: string };
}

/** The required variables, by what they configure. */
const REQUIRED = {
  executions: LAMBDA_ENV.executionsTable,
  tokens: LAMBDA_ENV.tokensTable,
  flows: LAMBDA_ENV.flowsTable,
  work: LAMBDA_ENV.workQueueUrl,
  timers: LAMBDA_ENV.timerQueueUrl,
} as const;

/** Reads a file's text (the bundled function map). */
export type TextReader = (path: string) => string;

/** A function map's text (`source` names it in problems) as a map, or a problem. */
function functionMapOf(text: string, problems: string[], source: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) problems.push(`${source} must be a JSON object of strings`);
  return valid ? (parsed as Record<string, string>) : undefined;
}

/** The function map of the bundled file and of the variable (either may be absent), or undefined. */
function readFunctionMap(
  env: Record<string, string | undefined>,
  readText: TextReader,
  problems: string[],
): Record<string, string> | undefined {
  const file = env[LAMBDA_ENV.functionMapFile]?.trim();
  let fromFile: Record<string, string> | undefined;
  if (file) {
    const path = resolve(env.LAMBDA_TASK_ROOT ?? process.cwd(), file);
    let text: string | undefined;
    try {
      text = readText(path);
    } catch (error) {
      problems.push(`${LAMBDA_ENV.functionMapFile}: cannot read ${path}: ${(error as Error).message}`);
    }
    if (text !== undefined)
      fromFile = functionMapOf(text, problems, `${LAMBDA_ENV.functionMapFile} (${path})`);
  }
  const mapText = env[LAMBDA_ENV.functionMap]?.trim();
  const fromVariable = mapText ? functionMapOf(mapText, problems, LAMBDA_ENV.functionMap) : undefined;
  return fromFile === undefined && fromVariable === undefined ? undefined : { ...fromFile, ...fromVariable };
}

/**
 * The configuration in `env` (default `process.env`).
 * @throws Error listing every missing or invalid variable.
 */
export function readEnvironment(
  env: Record<string, string | undefined> = process.env,
  readText: TextReader = (path) => readFileSync(path, 'utf8'),
): AwsEnvironment {
  const problems: string[] = [];
  const value = (name: string): string => {
    const text = env[name];
    if (text === undefined || text.trim() === '') problems.push(`${name} is not set`);
    return text?.trim() ?? '';
  };
  const tables = {
    executions: value(REQUIRED.executions),
    tokens: value(REQUIRED.tokens),
    flows: value(REQUIRED.flows),
  };
  const queues = { work: value(REQUIRED.work), timers: value(REQUIRED.timers) };
  const functionMap = readFunctionMap(env, readText, problems);
  const daysText = env[LAMBDA_ENV.retentionDays]?.trim();
  const retentionDays = daysText ? Number(daysText) : undefined;
  if (retentionDays !== undefined && !(Number.isFinite(retentionDays) && retentionDays > 0)) {
    problems.push(`${LAMBDA_ENV.retentionDays} must be a positive number of days`);
  }
  const rpcAccessKeySecret = env[LAMBDA_ENV.rpcAccessKeySecretArn]?.trim();
  const linkSecret = env[LAMBDA_ENV.linkSecretArn]?.trim();
  const publicUrl = env[LAMBDA_ENV.publicUrl]?.trim();
  if (linkSecret && !publicUrl)
    problems.push(`${LAMBDA_ENV.publicUrl} is not set (${LAMBDA_ENV.linkSecretArn} is)`);
  if (problems.length > 0) throw new Error(`flowback: invalid Lambda environment: ${problems.join('; ')}`);
  return {
    tables,
    queues,
    ...(functionMap !== undefined ? { functionMap } : {}),
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    ...(rpcAccessKeySecret ? { rpcAccessKeySecret } : {}),
    ...(linkSecret && publicUrl ? { approvalLinks: { secret: linkSecret, publicUrl } } : {}),
  };
}

let sqsClient: SQSClient | undefined;

/** The SQS client of this Lambda container (traced; region and credentials: the SDK's chain). */
export function awsSqsClient(): SQSClient {
  sqsClient ??= traced(new SQSClient({}));
  return sqsClient;
}

/** The runtime built from `environment` with fresh SDK clients (region and credentials: the SDK's chain). */
export function composeAws(environment: AwsEnvironment, signer?: LinkSigner): AwsRuntime {
  return createAwsRuntime({
    ...(signer !== undefined ? { approvalLinks: signer } : {}),
    dynamo: traced(new DynamoDBClient({})),
    sqs: awsSqsClient(),
    tables: environment.tables,
    queues: environment.queues,
    invoker: new LambdaInvoker(
      traced(new LambdaClient({})),
      environment.functionMap !== undefined ? { functionMap: environment.functionMap } : {},
    ),
    ...(environment.retentionDays !== undefined ? { retentionDays: environment.retentionDays } : {}),
    observer: metricsObserver,
  });
}

let composed: AwsRuntime | undefined;
let linkSigner: Promise<LinkSigner | undefined> | undefined;
let loadedSigner: LinkSigner | undefined;

/**
 * The approval links' signer of this container, its secret read once (top-level `await` in each entry);
 * `undefined` when the stack has no link secret.
 */
export function loadAwsLinkSigner(
  env: Record<string, string | undefined> = process.env,
): Promise<LinkSigner | undefined> {
  linkSigner ??= (async () => {
    // Only the link variables: the rest of the environment is checked when the runtime is built.
    const secretId = env[LAMBDA_ENV.linkSecretArn]?.trim();
    const publicUrl = env[LAMBDA_ENV.publicUrl]?.trim();
    if (!secretId || !publicUrl) return undefined;
    const secret = await readLinkSecret(traced(new SecretsManagerClient({})), secretId);
    loadedSigner = new LinkSigner(secret, publicUrl);
    return loadedSigner;
  })();
  return linkSigner;
}

/** The runtime of this Lambda container: built at the first call (a failed build is retried). */
export function awsComposition(): AwsRuntime {
  if (composed === undefined) {
    const environment = readEnvironment();
    if (environment.approvalLinks !== undefined && loadedSigner === undefined)
      throw new Error(
        'flowback: the link secret is configured but was not loaded (await loadAwsLinkSigner())',
      );
    composed = composeAws(environment, loadedSigner);
  }
  return composed;
}

/**
 * The RPC API's settings on AWS: on only with an access key secret (never unsigned: the routes have no
 * IAM auth), keys read from it once per container, nonces in the executions table.
 */
export function awsRpcOptions(environment: AwsEnvironment, composition: () => AwsRuntime): RpcOptions {
  if (environment.rpcAccessKeySecret === undefined) return { enabled: false };
  return {
    accessKeys: secretAccessKeys(traced(new SecretsManagerClient({})), environment.rpcAccessKeySecret),
    nonces: { claim: (id, nonce, expiresAt) => composition().stores.nonces.claim(id, nonce, expiresAt) },
  };
}

let rpcOptions: RpcOptions | undefined;

/** The RPC settings of this Lambda container (read at the first call). */
export function awsRpcComposition(): RpcOptions {
  rpcOptions ??= awsRpcOptions(readEnvironment(), awsComposition);
  return rpcOptions;
}
