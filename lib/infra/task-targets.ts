/**
 * What the worker may call, built from the props and the deployed flows: the Lambda functions of
 * `functionsDir` (one per module, named by api.md's resource rule), the queues the flows name (created
 * with a dead-letter queue, or referenced when they exist), and for each the exact ARN the worker is
 * granted — `lambda:InvokeFunction` on functions, `sqs:GetQueueUrl` and `sqs:SendMessage` on queues.
 * Also the worker's function map (key → function to invoke).
 */
import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseResourceArn } from '../fdl/index.ts';
import { DEFAULT_TIMEOUTS, EngineFunction } from './engine-function.ts';
import { MAX_RECEIVE_COUNT } from './engine-queues.ts';
import type { FlowResources, FunctionResourceRef, QueueResourceRef } from './flow-resources.ts';
import { functionKeyOf } from './flow-resources.ts';
import { functionMapKey, functionMapOf } from './function-map.ts';
import { readFunctionModules } from './function-modules.ts';

/** Props of {@link TaskTargets}. */
export interface TaskTargetsProps {
  /** What the deployed flows name. */
  readonly flows: FlowResources;
  /** Functions given as construct props (map key → function). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Queues given as construct props (queue name → queue). */
  readonly queues: Readonly<Record<string, sqs.IQueue>>;
  /** A folder of function modules to build as Lambda functions. */
  readonly functionsDir?: string;
  /** Prefix of the built functions' names. */
  readonly functionNamePrefix: string;
  /** Functions that exist already and that flows created later may call (resources, keys or names). */
  readonly existingFunctions: readonly string[];
  /** Queues that exist already (names, or SQS ARNs), referenced and granted, never created. */
  readonly existingQueues: readonly string[];
  readonly logRetention: logs.RetentionDays;
}

/** A function the worker may invoke: the ARN granted, and why (for docs and tests). */
export interface InvokeGrant {
  readonly arn: string;
  readonly reason: string;
}

/** The functions and queues of the flows, with their grants. */
export class TaskTargets extends Construct {
  /** The functions built from `functionsDir`, by map key (`S/F` or `NAME`). */
  readonly built: Readonly<Record<string, EngineFunction>>;
  /** The queues created for the flows, by name. */
  readonly createdQueues: Readonly<Record<string, sqs.Queue>>;
  /** The worker's function map: lookup key → function name or ARN (some may be deploy-time tokens). */
  readonly functionMap: Readonly<Record<string, string>>;
  /** The function ARNs the worker may invoke (qualified where the flow names a qualifier). */
  readonly invokeArns: readonly string[];
  /** The queues the worker may send task messages to (ARN, and the queue when it is a construct). */
  readonly sendArns: readonly string[];
  /** Queues whose KMS key (if any) the worker needs to send. */
  readonly sendQueues: readonly sqs.IQueue[];

  constructor(scope: Construct, id: string, props: TaskTargetsProps) {
    super(scope, id);
    const built: Record<string, EngineFunction> = {};
    const builtNames: Record<string, string> = {};
    for (const module of props.functionsDir === undefined
      ? []
      : readFunctionModules(props.functionsDir, props.functionNamePrefix)) {
      builtNames[module.key] = module.functionName;
      built[module.key] = new EngineFunction(this, `Function-${module.functionName}`, {
        entry: module.entry,
        functionName: module.functionName,
        description: `Flowback task function ${module.key} (${module.entry.split('/').slice(-2).join('/')})`,
        timeout: DEFAULT_TIMEOUTS.taskFunction,
        memorySize: 512,
        environment: {},
        logRetention: props.logRetention,
      });
    }
    this.built = built;
    const given = functionMapOf(props.functions);
    const map: Record<string, string> = { ...given };
    for (const [key, name] of Object.entries(builtNames)) {
      if (map[key] !== undefined)
        throw new Error(`FlowEngine: function ${key} is both in functions and in functionsDir`);
      // The literal name (the construct's functionName is a Ref), so that the entry is bundled.
      map[key] = name;
    }
    this.functionMap = map;
    const mappedArns: Record<string, string> = Object.fromEntries(
      Object.entries(props.functions).map(([key, fn]) => [functionMapKey(key), fn.functionArn]),
    );
    for (const [key, fn] of Object.entries(built)) mappedArns[key] = fn.function.functionArn;
    const invoke = new Set<string>(Object.values(mappedArns));
    for (const resource of [...props.flows.functions, ...props.existingFunctions.map(existingFunction)]) {
      invoke.add(mappedArns[functionKeyOf(resource)] ?? this.#ruleArn(resource));
    }
    this.invokeArns = [...invoke];

    const queues = new Map<string, sqs.IQueue | string>(Object.entries(props.queues));
    const created: Record<string, sqs.Queue> = {};
    for (const entry of props.existingQueues) {
      const resource = existingQueue(entry);
      if (!queues.has(resource.queueName)) queues.set(resource.queueName, this.#queueArn(resource));
    }
    for (const resource of props.flows.queues) {
      if (queues.has(resource.queueName)) continue;
      if (resource.arn.startsWith('arn:')) {
        queues.set(resource.queueName, resource.arn);
        continue;
      }
      const queue = this.#taskQueue(resource.queueName);
      created[resource.queueName] = queue;
      queues.set(resource.queueName, queue);
    }
    this.createdQueues = created;
    const values = [...queues.values()];
    this.sendArns = [...new Set(values.map((queue) => (typeof queue === 'string' ? queue : queue.queueArn)))];
    this.sendQueues = values.filter((queue): queue is sqs.IQueue => typeof queue !== 'string');
  }

  /** The ARN api.md's rule gives a function not in the map: `{s}-{f}` in this account, or the Lambda ARN. */
  #ruleArn(resource: FunctionResourceRef): string {
    if (resource.service === undefined && resource.arn.startsWith('arn:')) return resource.arn;
    const name =
      resource.service === undefined ? resource.functionName : `${resource.service}-${resource.functionName}`;
    return Stack.of(this).formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: resource.qualifier === undefined ? name : `${name}:${resource.qualifier}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The ARN of an existing queue: as given (an SQS ARN), or by name in this account and region. */
  #queueArn(resource: QueueResourceRef): string {
    if (resource.arn.startsWith('arn:')) return resource.arn;
    return Stack.of(this).formatArn({
      service: 'sqs',
      resource: resource.queueName,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
  }

  /** A task queue named as the flows name it, encrypted, TLS only, with a dead-letter queue. */
  #taskQueue(name: string): sqs.Queue {
    if (name.endsWith('.fifo')) {
      throw new Error(
        `FlowEngine: the flows send to the FIFO queue ${name}, which the stack does not create (task messages carry no group id): create it and list it in existingQueues`,
      );
    }
    const deadLetters = new sqs.Queue(this, `${name}-DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    return new sqs.Queue(this, `Queue-${name}`, {
      queueName: name,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
  }
}

/** The resource of an `existingFunctions` entry: an acs:fc resource, a Lambda ARN, `S/F` or a name. */
function existingFunction(entry: string): FunctionResourceRef {
  const slash = /^([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/.exec(entry);
  const text = slash
    ? `acs:fc:::services/${slash[1]}/functions/${slash[2]}`
    : /^[A-Za-z0-9_-]{1,64}$/.test(entry)
      ? `arn:aws:lambda:us-east-1:000000000000:function:${entry}`
      : entry;
  const parsed = parseResourceArn(text);
  if (!parsed.ok || parsed.resource.kind !== 'function') {
    throw new Error(
      `FlowEngine existingFunctions: '${entry}' names no function (${parsed.ok ? parsed.resource.kind : parsed.message})`,
    );
  }
  // A bare name is a function of this account: only its name is kept (the ARN is made by the rule).
  return /^[A-Za-z0-9_-]{1,64}$/.test(entry)
    ? { kind: 'function', arn: entry, functionName: entry }
    : parsed.resource;
}

/** The resource of an `existingQueues` entry: a queue name, an SQS ARN or an acs:mns resource. */
function existingQueue(entry: string): QueueResourceRef {
  const text = entry.includes(':') ? entry : `acs:mns:::/queues/${entry}/messages`;
  const parsed = parseResourceArn(text);
  if (!parsed.ok || parsed.resource.kind !== 'queue') {
    throw new Error(
      `FlowEngine existingQueues: '${entry}' names no queue (${parsed.ok ? parsed.resource.kind : parsed.message})`,
    );
  }
  return parsed.resource;
}

/** True when `value` is known at synth time (no CloudFormation token in it). */
export function isLiteral(value: string): boolean {
  return !Token.isUnresolved(value);
}
