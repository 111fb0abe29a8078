/**
 * The engine's functions: runtime, architecture, tracing, environment, event sources, and the exact
 * IAM permissions of each role (every action on every resource, nothing more).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FLOW_QUEUE_ACTIONS } from '../../lib/infra/grants.ts';
import { allow, logicalId, permissionsOf, show, synthEngine } from './synth.ts';

const ECHO_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:fnf-demo-echo';
const RESIZE_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:resize';
const TASKS_ARN = 'arn:aws:sqs:eu-west-1:123456789012:tasks';

let charge: lambda.Function | undefined;
let secret: secretsmanager.Secret | undefined;
const { template, engine } = synthEngine({}, (stack) => {
  charge = new lambda.Function(stack, 'Charge', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
  secret = new secretsmanager.Secret(stack, 'RpcKeys');
  return {
    functions: {
      'acs:fc:::services/fnf-demo/functions/echo': lambda.Function.fromFunctionArn(stack, 'Echo', ECHO_ARN),
      [RESIZE_ARN]: lambda.Function.fromFunctionArn(stack, 'Resize', RESIZE_ARN),
      'billing/charge': charge,
    },
    queues: { tasks: sqs.Queue.fromQueueArn(stack, 'Tasks', TASKS_ARN) },
    // (The cast only bridges CDK's typings under exactOptionalPropertyTypes.)
    rpcAccessKeySecret: secret as secretsmanager.ISecret,
  };
});

const functions = template.findResources('AWS::Lambda::Function');
const fn = (construct: lambda.IFunction) => functions[logicalId(construct)]!;
const id = logicalId;
const { work, timers, streamFailures } = engine.queues;
const tables = engine.tables.byRole;

/** The items of the executions table every function that advances executions reads and writes. */
const EXECUTION_ITEMS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];
const TOKEN_ITEMS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** What every engine function has: its log group, X-Ray, execution and token items, the engine's queues. */
function common(role: 'api' | 'worker' | 'timeouts'): string[] {
  return [
    ...allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [`${id(engine.functions[role].logGroup)}.Arn`]),
    ...allow(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], ['*']),
    ...allow(EXECUTION_ITEMS, [`${id(tables.executions)}.Arn`]),
    ...allow(TOKEN_ITEMS, [`${id(tables.tokens)}.Arn`]),
    ...allow(['sqs:SendMessage'], [`${id(work)}.Arn`, `${id(timers)}.Arn`]),
  ];
}

const sorted = (lines: string[]): string[] => [...new Set(lines)].sort();

describe('engine functions', () => {
  const engineFunctions = [engine.functions.api, engine.functions.worker, engine.functions.timeouts];

  it('run Node.js 22 on arm64 with active tracing, JSON logs to their own log group, source maps', () => {
    for (const each of engineFunctions) {
      const properties = fn(each.function).Properties;
      assert.equal(properties.Runtime, 'nodejs22.x');
      assert.deepEqual(properties.Architectures, ['arm64']);
      assert.deepEqual(properties.TracingConfig, { Mode: 'Active' });
      assert.deepEqual(properties.LoggingConfig, { LogFormat: 'JSON', LogGroup: { Ref: id(each.logGroup) } });
      assert.equal(properties.Handler, 'index.handler');
      assert.equal(properties.Environment.Variables.NODE_OPTIONS, '--enable-source-maps');
      assert.equal(properties.FunctionName, undefined, 'no physical name');
    }
  });

  it('carry the composition root environment and the Powertools settings', () => {
    for (const each of engineFunctions) {
      const variables = fn(each.function).Properties.Environment.Variables;
      assert.deepEqual(variables.FLOWBACK_EXECUTIONS_TABLE, { Ref: id(tables.executions) });
      assert.deepEqual(variables.FLOWBACK_TOKENS_TABLE, { Ref: id(tables.tokens) });
      assert.deepEqual(variables.FLOWBACK_FLOWS_TABLE, { Ref: id(tables.flows) });
      assert.deepEqual(variables.FLOWBACK_WORK_QUEUE_URL, { Ref: id(work) });
      assert.deepEqual(variables.FLOWBACK_TIMER_QUEUE_URL, { Ref: id(timers) });
      assert.equal(variables.FLOWBACK_RETENTION_DAYS, '90');
      assert.equal(variables.POWERTOOLS_SERVICE_NAME, 'Test');
      assert.equal(variables.POWERTOOLS_METRICS_NAMESPACE, 'Flowback');
    }
  });

  it('map acs:fc resources, Lambda ARNs and keys to the given functions (bundled file, deploy-time ARNs in the environment)', () => {
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(engine.targets.functionMap).map(([key, target]) => [
          key,
          show(Stack.of(engine).resolve(target)),
        ]),
      ),
      {
        'fnf-demo/echo': ECHO_ARN,
        resize: RESIZE_ARN,
        'billing/charge': `${id(charge!)}.Arn`,
      },
    );
    const variables = fn(engine.functions.worker.function).Properties.Environment.Variables;
    assert.equal(variables.FLOWBACK_FUNCTION_MAP_FILE, 'function-map.json');
    // Only the ARN CloudFormation resolves at deploy time travels in the environment.
    assert.equal(show(variables.FLOWBACK_FUNCTION_MAP), `{"billing/charge":"${id(charge!)}.Arn"}`);
    for (const other of [engine.functions.api, engine.functions.timeouts]) {
      const own = fn(other.function).Properties.Environment.Variables;
      assert.equal(own.FLOWBACK_FUNCTION_MAP, undefined, 'only the worker calls functions');
      assert.equal(own.FLOWBACK_FUNCTION_MAP_FILE, undefined);
    }
  });

  it('the api function alone may read the RPC access keys secret', () => {
    assert.deepEqual(
      fn(engine.functions.api.function).Properties.Environment.Variables.FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN,
      {
        Ref: id(secret!),
      },
    );
    assert.equal(
      fn(engine.functions.worker.function).Properties.Environment.Variables
        .FLOWBACK_RPC_ACCESS_KEY_SECRET_ARN,
      undefined,
    );
  });
});

describe('exact IAM permissions', () => {
  it('api: + list executions and tasks on their indexes (Query only), manage flows, read the RPC secret', () => {
    assert.deepEqual(
      permissionsOf(template, id(engine.functions.api.role)),
      sorted([
        ...common('api'),
        ...allow(['dynamodb:BatchGetItem'], [`${id(tables.tokens)}.Arn`]),
        ...allow(['dynamodb:Query'], [`${id(tables.executions)}.Arn/index/byFlow`]),
        ...allow(['dynamodb:Query'], [`${id(tables.tokens)}.Arn/index/byTaskId`]),
        ...allow(['dynamodb:Query'], [`${id(tables.tokens)}.Arn/index/tasks`]),
        ...allow(
          [
            'dynamodb:DeleteItem',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:Scan',
            'dynamodb:UpdateItem',
          ],
          [`${id(tables.flows)}.Arn`],
        ),
        ...allow(['secretsmanager:GetSecretValue'], [`Ref:${id(secret!)}`]),
      ]),
    );
  });

  it('worker: + consume both queues, invoke exactly the given functions, send to exactly the given queues', () => {
    const consume = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ];
    assert.deepEqual(
      permissionsOf(template, id(engine.functions.worker.role)),
      sorted([
        ...common('worker'),
        ...allow(['dynamodb:GetItem'], [`${id(tables.flows)}.Arn`]),
        ...allow(consume, [`${id(work)}.Arn`, `${id(timers)}.Arn`]),
        ...allow(['lambda:InvokeFunction'], [ECHO_ARN, RESIZE_ARN, `${id(charge!)}.Arn`]),
        ...allow(FLOW_QUEUE_ACTIONS, [TASKS_ARN]),
      ]),
    );
  });

  it('a function granted via props gets exactly lambda:InvokeFunction on it, and no one else can invoke it', () => {
    for (const role of [
      engine.functions.api.role,
      engine.functions.timeouts.role,
      engine.functions.worker.role,
    ]) {
      const onCharge = permissionsOf(template, id(role)).filter((line) => line.includes(id(charge!)));
      const expected =
        role === engine.functions.worker.role ? [`Allow lambda:InvokeFunction ${id(charge!)}.Arn`] : [];
      assert.deepEqual(onCharge, expected);
    }
  });

  it('timeouts: + read the tokens stream, send failed batches to the stream failure queue, query waiting tasks', () => {
    assert.deepEqual(
      permissionsOf(template, id(engine.functions.timeouts.role)),
      sorted([
        ...common('timeouts'),
        ...allow(['dynamodb:Query'], [`${id(tables.tokens)}.Arn/index/byTaskId`]),
        ...allow(['dynamodb:Query'], [`${id(tables.tokens)}.Arn/index/tasks`]),
        ...allow(['dynamodb:ListStreams'], ['*']),
        ...allow(
          ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          [`${id(tables.tokens)}.StreamArn`],
        ),
        ...allow(
          ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
          [`${id(streamFailures)}.Arn`],
        ),
      ]),
    );
  });

  it('the only wildcard resources are those services demand: X-Ray and dynamodb:ListStreams', () => {
    for (const role of Object.keys(template.findResources('AWS::IAM::Role'))) {
      for (const line of permissionsOf(template, role)) {
        const [, action, resource] = line.split(' ');
        if (resource?.includes('*')) {
          assert.ok(/^xray:|^dynamodb:ListStreams$/.test(action ?? ''), `${role}: ${line}`);
        }
        assert.ok(!action?.includes('*'), `${role}: no wildcard action: ${line}`);
      }
    }
  });

  it('no managed policies on the engine roles', () => {
    for (const each of [engine.functions.api, engine.functions.worker, engine.functions.timeouts]) {
      const role = template.findResources('AWS::IAM::Role')[id(each.role)];
      assert.equal(role?.Properties.ManagedPolicyArns, undefined);
    }
  });
});

describe('event sources', () => {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

  it('both queues feed the worker with partial batch responses', () => {
    for (const queue of [work, timers]) {
      const mapping = mappings.find((each) => show(each.Properties.EventSourceArn) === `${id(queue)}.Arn`);
      assert.ok(mapping, `${id(queue)} has an event source`);
      assert.deepEqual(mapping.Properties.FunctionName, { Ref: id(engine.functions.worker.function) });
      assert.deepEqual(mapping.Properties.FunctionResponseTypes, ['ReportBatchItemFailures']);
    }
  });

  it('the tokens stream feeds timeouts with REMOVE records of the TTL service only', () => {
    const mapping = mappings.find(
      (each) => show(each.Properties.EventSourceArn) === `${id(tables.tokens)}.StreamArn`,
    );
    assert.ok(mapping);
    assert.deepEqual(mapping.Properties.FunctionName, { Ref: id(engine.functions.timeouts.function) });
    assert.deepEqual(mapping.Properties.FunctionResponseTypes, ['ReportBatchItemFailures']);
    assert.deepEqual(JSON.parse(mapping.Properties.FilterCriteria.Filters[0].Pattern), {
      eventName: ['REMOVE'],
      userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] },
    });
    assert.equal(
      show(mapping.Properties.DestinationConfig.OnFailure.Destination),
      `${id(streamFailures)}.Arn`,
    );
  });
});
