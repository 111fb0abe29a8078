/**
 * The deployable stack: alarms, dashboard and outputs; two stages side by side without a name clash;
 * the context options of bin/app.ts; the function map of the construct's props.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FlowbackStack } from '../../lib/infra/flowback-stack.ts';
import { functionMapKey, functionMapOf } from '../../lib/infra/function-map.ts';
import { readStackContext } from '../../lib/infra/stack-context.ts';
import { logicalId, show, testApp } from './synth.ts';

const app = testApp();
const dev = new FlowbackStack(app, 'Flowback-dev');
const prod = new FlowbackStack(app, 'Flowback-prod', { engine: { api: 'http' } });
const template = Template.fromStack(dev);

describe('alarms and dashboard', () => {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  const alarmOn = (metricName: string, dimension: string) =>
    alarms.filter(
      (alarm) =>
        alarm.Properties.MetricName === metricName &&
        (alarm.Properties.Dimensions as { Value: unknown }[]).some((d) => show(d.Value).includes(dimension)),
    );

  it('an alarm on each dead-letter queue as soon as it holds a message', () => {
    for (const queue of Object.values(dev.engine.queues.deadLetterQueues)) {
      const [alarm] = alarmOn('ApproximateNumberOfMessagesVisible', logicalId(queue));
      assert.ok(alarm, `${logicalId(queue)} has an alarm`);
      assert.equal(alarm.Properties.Threshold, 0);
      assert.equal(alarm.Properties.ComparisonOperator, 'GreaterThanThreshold');
    }
  });

  it('alarms on the errors and throttles of each function, on API server errors and on the oldest waiting task', () => {
    for (const each of Object.values(dev.engine.functions)) {
      assert.equal(alarmOn('Errors', logicalId(each.function)).length, 1);
      assert.equal(alarmOn('Throttles', logicalId(each.function)).length, 1);
    }
    assert.equal(alarms.filter((alarm) => alarm.Properties.MetricName === '5XXError').length, 1);
    const oldest = alarms.filter((alarm) => alarm.Properties.MetricName === 'OldestWaitingTaskAge');
    assert.deepEqual(
      oldest.map((alarm) => [alarm.Properties.Threshold, alarm.Properties.ComparisonOperator]),
      [[86_400, 'GreaterThanOrEqualToThreshold']],
    );
    assert.equal(alarms.length, 3 + 6 + 1 + 1);
  });

  it('a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('stack outputs', () => {
  it('the API URL, the table names and the queue URLs', () => {
    const outputs = template.findOutputs('*');
    for (const name of [
      'ApiUrl',
      'ExecutionsTable',
      'TokensTable',
      'FlowsTable',
      'WorkQueueUrl',
      'TimerQueueUrl',
      'WorkDeadLetterQueueUrl',
      'TimerDeadLetterQueueUrl',
    ]) {
      assert.ok(outputs[name], name);
    }
    assert.match(show(outputs.ApiUrl?.Value), /execute-api/);
    assert.deepEqual(outputs.TokensTable?.Value, { Ref: logicalId(dev.engine.tables.byRole.tokens) });
  });
});

describe('two stages in one account', () => {
  it('give nothing a literal physical name, so that nothing clashes', () => {
    const names = (stackTemplate: Template): string[] =>
      Object.values(
        stackTemplate.toJSON().Resources as Record<string, { Properties?: Record<string, unknown> }>,
      )
        .flatMap((resource) => Object.entries(resource.Properties ?? {}))
        .filter(([key]) =>
          /^(TableName|QueueName|FunctionName|LogGroupName|RoleName|DashboardName|AlarmName)$/.test(key),
        )
        .filter(([, value]) => typeof value === 'string')
        .map(([key, value]) => `${key}=${String(value)}`);
    assert.deepEqual(names(template), []);
    assert.deepEqual(names(Template.fromStack(prod)), []);
  });

  it('publish metrics under their own service name', () => {
    const service = (stack: FlowbackStack) =>
      Template.fromStack(stack).findResources('AWS::Lambda::Function')[
        logicalId(stack.engine.functions.api.function)
      ]?.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME;
    assert.equal(service(dev), 'Flowback-dev');
    assert.equal(service(prod), 'Flowback-prod');
  });
});

describe('context options (bin/app.ts)', () => {
  const read = (context: Record<string, unknown>) => readStackContext(new App({ context }).node);

  it('defaults to the Flowback stack with the default engine', () => {
    assert.deepEqual(read({}), { stackName: 'Flowback', engine: {} });
  });

  it('reads every option from strings, as -c gives them', () => {
    const context = read({
      stage: 'dev',
      api: 'http',
      flowsDir: 'examples/flows',
      retentionDays: '30',
      removalPolicy: 'destroy',
      apiGatewayCloudWatchRole: 'false',
      throttleRate: '50',
      stageName: 'live',
    });
    assert.equal(context.stackName, 'Flowback-dev');
    assert.equal(context.engine.api, 'http');
    assert.equal(context.engine.flowsDir, 'examples/flows');
    assert.equal(context.engine.retentionDays, 30);
    assert.equal(context.engine.removalPolicy, 'destroy');
    assert.equal(context.engine.apiGatewayCloudWatchRole, false);
    assert.deepEqual(context.engine.throttle, { rateLimit: 50, burstLimit: 200 });
    assert.equal(context.engine.stageName, 'live');
  });

  it('refuses a wrong value, naming the option', () => {
    assert.throws(() => read({ api: 'soap' }), /context api: expected rest or http/);
    assert.throws(() => read({ retentionDays: '-1' }), /context retentionDays/);
    assert.throws(() => read({ stage: 'a b' }), /context stage/);
  });
});

describe('function map keys', () => {
  it('turn acs:fc resources, Lambda ARNs, service/function and names into the invoker keys', () => {
    assert.equal(functionMapKey('acs:fc:::services/fnf-demo/functions/echo'), 'fnf-demo/echo');
    assert.equal(functionMapKey('acs:fc:cn-hangzhou:123:services/s.live/functions/f'), 's/f');
    assert.equal(functionMapKey('arn:aws:lambda:eu-west-1:123456789012:function:resize'), 'resize');
    assert.equal(functionMapKey('billing/charge'), 'billing/charge');
    assert.equal(functionMapKey('resize'), 'resize');
  });

  it('refuse keys that name no function, and two keys for one resource', () => {
    assert.throws(() => functionMapKey('acs:mns:::/queues/q/messages'), /names a queue/);
    assert.throws(() => functionMapKey('not a resource'), /invalid key/);
    const stack = new FlowbackStack(testApp(), 'Keys');
    const fn = lambda.Function.fromFunctionName(stack, 'Fn', 'echo');
    assert.throws(
      () => functionMapOf({ 'fnf-demo/echo': fn, 'acs:fc:::services/fnf-demo/functions/echo': fn }),
      /both map fnf-demo\/echo/,
    );
  });
});
