/**
 * `FlowEngine`: the whole engine as one reusable construct — the tables, the queues, the `api`,
 * `worker` and `timeouts` functions with their event sources and exact grants, the API (REST by
 * default, or the cheaper HTTP API), optionally the flows of a folder deployed with the stack, and the
 * alarms and dashboard. No physical names: several engines (stages) can share an account.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { functionAccess } from '../adapters/aws/function-access.ts';
import { BY_FLOW_INDEX, BY_TASK_ID_INDEX, TASKS_INDEX } from '../adapters/aws/tables.ts';
import { FUNCTION_MAP_FILE, LAMBDA_ENV } from '../config/lambda-environment.ts';
import type { EngineApiProps } from './engine-api.ts';
import { EngineApi } from './engine-api.ts';
import { DEFAULT_TIMEOUTS, EngineFunction } from './engine-function.ts';
import { EngineQueues } from './engine-queues.ts';
import { EngineTables } from './engine-tables.ts';
import type { FlowEngineProps } from './flow-engine-props.ts';
import { type FlowFile, readFlowFiles } from './flow-files.ts';
import { flowResourcesOf } from './flow-resources.ts';
import { FlowsDeployment } from './flows-deployment.ts';
import { accessStatements, grantAll } from './grants.ts';
import { EngineMonitoring } from './monitoring.ts';
import { acknowledge, NAG_ACKNOWLEDGEMENTS } from './nag-acknowledgements.ts';
import { isLiteral, TaskTargets } from './task-targets.ts';

export type { FlowEngineProps } from './flow-engine-props.ts';

/** How often the timeouts function measures the oldest waiting task. */
const TASK_AGE_PERIOD = Duration.minutes(5);

/** Default threshold of the alarm on the oldest waiting task, in seconds (a day). */
export const DEFAULT_OLDEST_TASK_ALARM_SECONDS = 86_400;

/** Default days finished executions and token tombstones are kept. */
export const DEFAULT_RETENTION_DAYS = 90;

/** The environment variable that names the secret of the Alibaba RPC API's access keys. */
export const RPC_SECRET_ENV: string = LAMBDA_ENV.rpcAccessKeySecretArn;

/** Only a `REMOVE` made by DynamoDB's TTL service reaches the timeouts function. */
const TTL_DELETIONS = lambda.FilterCriteria.filter({
  eventName: lambda.FilterRule.isEqual('REMOVE'),
  userIdentity: {
    type: lambda.FilterRule.isEqual('Service'),
    principalId: lambda.FilterRule.isEqual('dynamodb.amazonaws.com'),
  },
});

/** The engine's functions. */
export interface EngineFunctions {
  readonly api: EngineFunction;
  readonly worker: EngineFunction;
  readonly timeouts: EngineFunction;
}

/** The Flowback engine. */
export class FlowEngine extends Construct {
  readonly tables: EngineTables;
  readonly queues: EngineQueues;
  readonly functions: EngineFunctions;
  readonly api: EngineApi;
  /** The base URL of the API (SigV4, service `execute-api`). */
  readonly apiUrl: string;
  /** The flows of `flowsDir`, when given. */
  readonly flows?: FlowsDeployment;
  /** What the worker may call: the functions of `functionsDir`, the flows' queues, and their grants. */
  readonly targets: TaskTargets;
  readonly monitoring: EngineMonitoring;
  /** The composition root's environment (lambdas/composition.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /** The approval links' signing secret, with `approvalLinks`. */
  readonly linkSecret?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: FlowEngineProps = {}) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? DEFAULT_RETENTION_DAYS;
    if (!(Number.isInteger(retentionDays) && retentionDays > 0)) {
      throw new Error(
        `FlowEngine retentionDays must be a positive whole number of days, not ${retentionDays}`,
      );
    }
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const workerTimeout = props.workerTimeout ?? DEFAULT_TIMEOUTS.worker;
    const serviceName = props.serviceName ?? Stack.of(this).stackName;
    const metricsNamespace = props.metricsNamespace ?? 'Flowback';
    const flowFiles: readonly FlowFile[] = props.flowsDir === undefined ? [] : readFlowFiles(props.flowsDir);

    this.tables = new EngineTables(this, 'Tables', {
      ...(props.removalPolicy !== undefined ? { removalPolicy: props.removalPolicy } : {}),
    });
    this.queues = new EngineQueues(this, 'Queues', { workerTimeout });
    this.targets = new TaskTargets(this, 'Targets', {
      flows: flowResourcesOf(flowFiles),
      functions: props.functions ?? {},
      queues: props.queues ?? {},
      ...(props.functionsDir !== undefined ? { functionsDir: props.functionsDir } : {}),
      functionNamePrefix: props.functionNamePrefix ?? '',
      existingFunctions: props.existingFunctions ?? [],
      existingQueues: props.existingQueues ?? [],
      logRetention,
    });
    const names = this.tables.names;
    this.environment = {
      [LAMBDA_ENV.executionsTable]: names.executions,
      [LAMBDA_ENV.tokensTable]: names.tokens,
      [LAMBDA_ENV.flowsTable]: names.flows,
      [LAMBDA_ENV.workQueueUrl]: this.queues.work.queueUrl,
      [LAMBDA_ENV.timerQueueUrl]: this.queues.timers.queueUrl,
      [LAMBDA_ENV.retentionDays]: String(retentionDays),
      [LAMBDA_ENV.powertoolsServiceName]: serviceName,
      [LAMBDA_ENV.powertoolsMetricsNamespace]: metricsNamespace,
      [LAMBDA_ENV.powertoolsLogLevel]: 'INFO',
    };
    const engineFunction = (
      name: string,
      entry: string,
      description: string,
      timeout: Duration,
      own: { environment?: Record<string, string>; bundledFiles?: Record<string, string> } = {},
    ): EngineFunction =>
      new EngineFunction(this, name, {
        entry,
        description,
        timeout,
        environment: { ...this.environment, ...own.environment },
        logRetention,
        ...(own.bundledFiles !== undefined ? { bundledFiles: own.bundledFiles } : {}),
        ...(props.memorySize !== undefined ? { memorySize: props.memorySize } : {}),
      });
    this.functions = {
      api: engineFunction('Api', 'api.ts', 'Flowback: the REST API', DEFAULT_TIMEOUTS.api),
      worker: engineFunction(
        'Worker',
        'worker.ts',
        'Flowback: engine work and timers (SQS)',
        workerTimeout,
        this.#workerFunctionMap(),
      ),
      timeouts: engineFunction(
        'Timeouts',
        'timeouts.ts',
        'Flowback: tokens expired by TTL (stream)',
        DEFAULT_TIMEOUTS.timeouts,
      ),
    };
    if (props.approvalLinks === true) {
      this.linkSecret = new secretsmanager.Secret(this, 'LinkSecret', {
        description: 'Flowback: signs approval links (HMAC-SHA256); a new value voids every link mailed',
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      });
      acknowledge(this.linkSecret, NAG_ACKNOWLEDGEMENTS.linkSecretRotation);
      for (const fn of Object.values(this.functions))
        fn.addEnvironment(LAMBDA_ENV.linkSecretArn, this.linkSecret.secretArn);
    }
    this.#grant(props.rpcAccessKeySecret);
    this.#addEventSources();
    // The age of the oldest waiting tasks, measured by the timeouts function (lost callbacks show).
    new events.Rule(this, 'TaskAgeSchedule', {
      description: 'Flowback: measure the oldest waiting task (metric OldestWaitingTaskAge)',
      schedule: events.Schedule.rate(TASK_AGE_PERIOD),
      targets: [new targets.LambdaFunction(this.functions.timeouts.function, { retryAttempts: 0 })],
    });
    if (props.rpcAccessKeySecret !== undefined) {
      this.functions.api.addEnvironment(RPC_SECRET_ENV, props.rpcAccessKeySecret.secretArn);
    }

    const apiProps: EngineApiProps = {
      kind: props.api ?? 'rest',
      handler: this.functions.api.function,
      stageName: props.stageName ?? 'v1',
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      cloudWatchRole: props.apiGatewayCloudWatchRole ?? true,
      logRetention,
      rpc: props.rpcAccessKeySecret !== undefined,
      callbacks: props.approvalLinks === true,
      callbackThrottle: props.callbackThrottle ?? { rateLimit: 10, burstLimit: 20 },
    };
    this.api = new EngineApi(this, 'Gateway', apiProps);
    this.apiUrl = this.api.url;
    if (this.linkSecret !== undefined) {
      // Built from the API's id, not its stage: the api function's own environment cannot name the stage.
      const publicUrl = props.publicUrl ?? this.api.baseUrl;
      if (publicUrl === undefined)
        throw new Error('approval links need an API Gateway (api=rest or api=http)');
      for (const fn of Object.values(this.functions)) fn.addEnvironment(LAMBDA_ENV.publicUrl, publicUrl);
    }

    if (props.flowsDir !== undefined) {
      this.flows = new FlowsDeployment(this, 'Flows', {
        flows: flowFiles,
        flowsTableArn: this.tables.byRole.flows.tableArn,
        environment: this.environment,
        logRetention,
      });
    }

    this.monitoring = new EngineMonitoring(this, 'Monitoring', {
      functions: {
        Api: this.functions.api.function,
        Worker: this.functions.worker.function,
        Timeouts: this.functions.timeouts.function,
      },
      deadLetterQueues: this.queues.deadLetterQueues,
      api: this.api.metrics,
      metricsNamespace,
      serviceName,
      oldestTaskAlarmSeconds: props.oldestTaskAlarmSeconds ?? DEFAULT_OLDEST_TASK_ALARM_SECONDS,
      ...(props.alarmTopic !== undefined ? { alarmTopic: props.alarmTopic } : {}),
    });
  }

  /**
   * The worker's function map: the entries known at synth time in a file bundled with its code (no
   * environment limit), those CloudFormation resolves at deploy time (ARNs of functions of this stack
   * given in props) in `FLOWBACK_FUNCTION_MAP`.
   */
  #workerFunctionMap(): { environment: Record<string, string>; bundledFiles: Record<string, string> } {
    const entries = Object.entries(this.targets.functionMap);
    const literal = Object.fromEntries(entries.filter(([, target]) => isLiteral(target)));
    const resolved = Object.fromEntries(entries.filter(([, target]) => !isLiteral(target)));
    const environment: Record<string, string> = {};
    const bundledFiles: Record<string, string> = {};
    if (Object.keys(literal).length > 0) {
      bundledFiles[FUNCTION_MAP_FILE] = `${JSON.stringify(literal, null, 1)}\n`;
      environment[LAMBDA_ENV.functionMapFile] = FUNCTION_MAP_FILE;
    }
    if (Object.keys(resolved).length > 0) {
      environment[LAMBDA_ENV.functionMap] = Stack.of(this).toJsonString(resolved);
    }
    return { environment, bundledFiles };
  }

  /** Each function's exact grants (the event sources add what consuming their source needs). */
  #grant(secret: secretsmanager.ISecret | undefined): void {
    const executions = this.tables.byRole.executions.tableArn;
    const common = {
      data: {
        executions,
        executionsByFlow: `${executions}/index/${BY_FLOW_INDEX}`,
        tokens: this.tables.byRole.tokens.tableArn,
        tokensByTaskId: `${this.tables.byRole.tokens.tableArn}/index/${BY_TASK_ID_INDEX}`,
        tokensTasks: `${this.tables.byRole.tokens.tableArn}/index/${TASKS_INDEX}`,
        flows: this.tables.byRole.flows.tableArn,
      },
      queues: {
        work: this.queues.work.queueArn,
        timers: this.queues.timers.queueArn,
        tasks: this.targets.sendArns,
      },
      functions: this.targets.invokeArns,
      // fromSecretNameV2 gives a partial ARN: Secrets Manager appends six random characters.
      ...(secret !== undefined ? { secret: secret.secretFullArn ?? `${secret.secretArn}-??????` } : {}),
      ...(this.linkSecret !== undefined ? { linkSecret: this.linkSecret.secretArn } : {}),
    };
    grantAll(this.functions.api.role, accessStatements(functionAccess('api'), common));
    secret?.encryptionKey?.grantDecrypt(this.functions.api.role);
    grantAll(
      this.functions.worker.role,
      accessStatements(functionAccess('worker'), common),
      this.targets.sendQueues,
    );
    grantAll(this.functions.timeouts.role, accessStatements(functionAccess('timeouts'), common));
  }

  /** Both queues → worker (partial batch failures); TTL deletions of tokens → timeouts. */
  #addEventSources(): void {
    for (const queue of [this.queues.work, this.queues.timers]) {
      this.functions.worker.function.addEventSource(
        new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }),
      );
    }
    this.functions.timeouts.function.addEventSource(
      // (The cast only bridges CDK's typings under exactOptionalPropertyTypes: a Table is an ITable.)
      new DynamoEventSource(this.tables.byRole.tokens as dynamodb.ITable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.queues.streamFailures),
        filters: [TTL_DELETIONS],
      }),
    );
    acknowledge(this.functions.timeouts.role, NAG_ACKNOWLEDGEMENTS.streamListWildcard);
  }
}
