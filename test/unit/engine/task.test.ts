import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  childArn,
  echo,
  eventOf,
  flow,
  mappings,
  QUEUE_ARN,
  run,
  task,
  thrower,
  trace,
} from '../../support/engine-flows.ts';

const TASK_EVENTS = [
  'TaskScheduled',
  'TaskStarted',
  'TaskSubmitted',
  'TaskSubmitFailed',
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
];

describe('task: requestResponse on a function', () => {
  it('uses the function result as the local, with no token and no submission event', () => {
    const r = run(flow([task('t', 'f')]), {}, { f: () => ({ answer: 42 }) });
    r.start();
    assert.deepEqual(trace(r.history, TASK_EVENTS), [
      ['TaskScheduled', 't'],
      ['TaskSucceeded', 't'],
    ]);
    assert.equal(r.commandsOf('RegisterToken').length, 0);
    assert.deepEqual(r.state.output, { answer: 42 });
  });

  it('records the mapped input, the resource and the pattern on TaskScheduled', () => {
    const r = run(
      flow([task('t', 'echo', { inputMappings: mappings({ x: '$.a', k: 'c' }) })]),
      { a: 1, b: 2 },
      { echo },
    );
    r.start();
    assert.deepEqual(eventOf(r.history, 'TaskScheduled').detail, {
      resourceArn: 'acs:fc:::services/svc/functions/echo',
      pattern: 'requestResponse',
      input: { x: 1, k: 'c' },
    });
    assert.deepEqual(r.commandsOf('CallResource')[0]?.input, { x: 1, k: 'c' });
  });

  it("fails the step with the function's error type and message", () => {
    const r = run(flow([task('t', 'f')]), {}, { f: thrower('OrderRejected', 'no stock') });
    r.start();
    assert.deepEqual(eventOf(r.history, 'TaskFailed').detail, { error: 'OrderRejected', cause: 'no stock' });
    assert.deepEqual([r.state.status, r.state.error, r.state.cause], ['Failed', 'OrderRejected', 'no stock']);
  });

  it('treats pattern sync on a function like requestResponse', () => {
    const r = run(flow([task('t', 'f', { pattern: 'sync' })]), {}, { f: () => ({ done: true }) });
    r.start();
    assert.equal(r.commandsOf('RegisterToken').length, 0);
    assert.deepEqual(r.state.output, { done: true });
  });
});

describe('task: queues', () => {
  it('sends the mapped input and uses the call result (the message id) as the local', () => {
    const r = run(
      flow([
        { type: 'task', name: 'send', resourceArn: QUEUE_ARN, inputMappings: mappings({ body: '$.text' }) },
      ]),
      {
        text: 'hi',
      },
    );
    r.start();
    const call = r.commandsOf('CallResource')[0];
    assert.equal(call?.resource.kind, 'queue');
    assert.deepEqual(call?.input, { body: 'hi' });
    assert.equal(call?.taskToken, undefined);
    r.answer({ ok: true, output: { MessageId: 'm-1' } });
    assert.deepEqual(r.state.output, { MessageId: 'm-1' });
  });

  it('resolves serviceParams against the mapped input: $ is all of it, $.x a path, others constants', () => {
    const definition = flow([
      {
        type: 'task',
        name: 'send',
        resourceArn: QUEUE_ARN,
        inputMappings: mappings({ a: '$.a', nested: { n: 1 } }),
        serviceParams: { MessageBody: '$', Tag: '$.a', Deep: '$input.nested.n', Fixed: 8, Missing: '$.nope' },
      },
    ]);
    const r = run(definition, { a: 'A', ignored: true });
    r.start();
    assert.deepEqual(r.commandsOf('CallResource')[0]?.serviceParams, {
      MessageBody: { a: 'A', nested: { n: 1 } },
      Tag: 'A',
      Deep: 1,
      Fixed: 8,
    });
  });

  it('fails a send with the MNS error the runtime reports', () => {
    const r = run(flow([{ type: 'task', name: 'send', resourceArn: QUEUE_ARN }]));
    r.start();
    r.answer({ ok: false, error: 'MNS.QueueNotExist', cause: 'no queue' });
    assert.equal(r.state.error, 'MNS.QueueNotExist');
  });
});

describe('task: child flows with requestResponse', () => {
  const child = (more = {}) => flow([{ type: 'task', name: 'start', resourceArn: childArn('kid'), ...more }]);

  it('names the child execution after serviceParams.ExecutionName', () => {
    const r = run(child({ serviceParams: { ExecutionName: '$.name', Input: '$' } }), { name: 'kid-7' });
    r.start();
    const call = r.commandsOf('CallResource')[0];
    assert.equal(call?.childExecutionName, 'kid-7');
    assert.deepEqual(call?.serviceParams?.Input, { name: 'kid-7' });
  });

  it('generates a UUID name when serviceParams has no ExecutionName', () => {
    const r = run(child());
    r.start();
    assert.equal(r.commandsOf('CallResource')[0]?.childExecutionName, '00000000-0000-4000-8000-000000000001');
  });

  it('does not wait for the child: the local is whatever the call result says', () => {
    const r = run(child());
    r.start();
    assert.equal(r.commandsOf('RegisterToken').length, 0);
    r.answer({ ok: true, output: { ExecutionName: 'abc', Extra: 1 } });
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, { ExecutionName: 'abc', Extra: 1 });
  });
});

describe('task: sync child flows', () => {
  const definition = flow([
    {
      type: 'task',
      name: 'kid',
      resourceArn: childArn('kid'),
      pattern: 'sync',
      inputMappings: mappings({ token: '$context.task.token', x: 1 }),
    },
  ]);

  it('registers a token for the child but keeps it out of $context.task.token', () => {
    const r = run(definition);
    r.start();
    const call = r.commandsOf('CallResource')[0];
    assert.equal(r.commandsOf('RegisterToken').length, 1);
    assert.equal(call?.taskToken, 'token-1');
    assert.deepEqual(call?.input, { x: 1 });
  });

  it('records TaskStarted instead of TaskSubmitted and completes with the child output', () => {
    const r = run(definition);
    r.start();
    r.answer({ ok: true, output: { ExecutionName: 'c' } });
    assert.deepEqual(trace(r.history, TASK_EVENTS), [
      ['TaskScheduled', 'kid'],
      ['TaskStarted', 'kid'],
    ]);
    r.report({ kind: 'succeeded', output: { fromChild: true } });
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, { fromChild: true });
  });

  it("fails the step with the child's failure", () => {
    const r = run(definition);
    r.start();
    r.answer({ ok: true, output: {} });
    r.report({ kind: 'failed', error: 'ChildBroke', cause: 'inside' });
    assert.deepEqual([r.state.status, r.state.error, r.state.cause], ['Failed', 'ChildBroke', 'inside']);
  });

  it('stops the child when the parent is stopped', () => {
    const r = run(definition);
    r.start();
    const name = r.commandsOf('CallResource')[0]?.childExecutionName;
    r.answer({ ok: true, output: {} });
    r.send({ type: 'Stop', error: 'Halt', cause: 'by hand' });
    assert.deepEqual(r.commandsOf('StopChild'), [
      { type: 'StopChild', flowName: 'kid', executionName: name, error: 'Halt', cause: 'by hand' },
    ]);
  });

  it('keeps the token and its hash out of its state and history (the child gets the token)', () => {
    const r = run(definition);
    r.start();
    assert.equal(r.commandsOf('CallResource')[0]?.taskToken, 'token-1');
    r.answer({ ok: true, output: {} });
    const stored = JSON.stringify([r.state, r.history]);
    assert.equal(stored.includes('token-1'), false);
    assert.equal(stored.includes('hash-1'), false);
  });

  it('fails the step with FnF.FlowNotExists when the child flow does not exist (catchable)', () => {
    const caught = flow([
      {
        type: 'task',
        name: 'kid',
        resourceArn: childArn('ghost'),
        pattern: 'sync',
        catch: [{ errors: ['FnF.FlowNotExists'], goto: 'fallback' }],
        errorMappings: mappings({ error: '$local.error' }),
      },
      { type: 'pass', name: 'fallback' },
    ]);
    const r = run(caught);
    r.start();
    r.answer({ ok: false, error: 'FnF.FlowNotExists', cause: 'flow ghost does not exist' });
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { error: 'FnF.FlowNotExists' }]);
  });
});
