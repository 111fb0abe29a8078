import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHttpApi } from '../../../lib/api/rest.ts';
import { createOperations, Runtime } from '../../../lib/runtime/index.ts';
import { apiHarness, exampleFlow, SEED_FLOW } from './api-helpers.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('REST API: flows', () => {
  it('POST /flows creates (201 Flow), GET describes, PUT updates, DELETE deletes', async () => {
    const { call } = apiHarness();
    const created = await call('POST', '/flows', {
      body: { name: 'f1', definition: SEED_FLOW, description: 'first' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(Object.keys(created.body).sort(), [
      'createdTime',
      'definition',
      'description',
      'lastModifiedTime',
      'name',
    ]);
    assert.equal(created.body.name, 'f1');
    assert.equal(created.body.definition, SEED_FLOW);
    assert.equal(created.body.description, 'first');
    assert.match(created.body.createdTime, ISO);

    const described = await call('GET', '/flows/f1');
    assert.equal(described.status, 200);
    assert.deepEqual(described.body, created.body);

    const updated = await call('PUT', '/flows/f1', { body: { description: 'second' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.description, 'second');
    assert.equal(updated.body.definition, SEED_FLOW);
    const redefined = await call('PUT', '/flows/f1', { body: { definition: exampleFlow('pass_constant') } });
    assert.equal(redefined.body.definition, exampleFlow('pass_constant'));
    assert.equal(redefined.body.description, 'second');

    const deleted = await call('DELETE', '/flows/f1');
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, {});
    assert.equal((await call('GET', '/flows/f1')).body.code, 'FlowNotExists');
  });

  it('GET /flows lists by name with limit and an opaque nextToken', async () => {
    const { call } = apiHarness();
    for (const name of ['c', 'a', 'b']) {
      assert.equal((await call('POST', '/flows', { body: { name, definition: SEED_FLOW } })).status, 201);
    }
    const first = await call('GET', '/flows', { query: { limit: '2' } });
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.flows.map((flow: { name: string }) => flow.name),
      ['a', 'b'],
    );
    assert.equal(typeof first.body.nextToken, 'string');
    const second = await call('GET', '/flows', { query: { limit: '2', nextToken: first.body.nextToken } });
    assert.deepEqual(
      second.body.flows.map((flow: { name: string }) => flow.name),
      ['c'],
    );
    assert.equal('nextToken' in second.body, false);
    const all = await call('GET', '/flows');
    assert.equal(all.body.flows.length, 3);
  });
});

describe('REST API: executions', () => {
  it('POST …/executions starts (201), 200 for the running one of that name; GET describes and lists', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'seed', definition: SEED_FLOW } });
    const started = await call('POST', '/flows/seed/executions', {
      body: { executionName: 'run1', input: { a: 1 } },
    });
    assert.equal(started.status, 201);
    assert.equal(started.body.flowName, 'seed');
    assert.equal(started.body.name, 'run1');
    assert.equal(started.body.status, 'Running');
    assert.deepEqual(started.body.input, { a: 1 });
    assert.match(started.body.startedTime, ISO);
    await m.drain();

    const again = await call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
    assert.equal(again.status, 200);
    assert.equal(again.body.name, 'run1');

    const generated = await call('POST', '/flows/seed/executions');
    assert.equal(generated.status, 201);
    assert.ok(generated.body.name.length > 0);
    assert.deepEqual(generated.body.input, {});

    const fromText = await call('POST', '/flows/seed/executions', {
      body: { executionName: 'run3', input: '{"b":2}' },
    });
    assert.deepEqual(fromText.body.input, { b: 2 });

    const described = await call('GET', '/flows/seed/executions/run1');
    assert.equal(described.status, 200);
    assert.equal(described.body.status, 'Running');

    const listed = await call('GET', '/flows/seed/executions', { query: { limit: '2' } });
    assert.equal(listed.status, 200);
    assert.equal(listed.body.executions.length, 2);
    const rest = await call('GET', '/flows/seed/executions', { query: { nextToken: listed.body.nextToken } });
    assert.equal(rest.body.executions.length, 1);
    assert.equal('nextToken' in rest.body, false);
    const running = await call('GET', '/flows/seed/executions', { query: { status: 'Running' } });
    assert.equal(running.body.executions.length, 3);
    const succeeded = await call('GET', '/flows/seed/executions', { query: { status: 'Succeeded' } });
    assert.deepEqual(succeeded.body, { executions: [] });
  });

  it('POST …/stop stops a running execution (Execution), then answers ExecutionAlreadyCompleted', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'seed', definition: SEED_FLOW } });
    await call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
    await m.drain();
    const stopped = await call('POST', '/flows/seed/executions/run1/stop', {
      body: { error: 'Halted', cause: 'by test' },
    });
    assert.equal(stopped.status, 200);
    assert.equal(stopped.body.status, 'Stopped');
    assert.equal(stopped.body.error, 'Halted');
    assert.equal(stopped.body.cause, 'by test');
    assert.match(stopped.body.stoppedTime, ISO);
    const again = await call('POST', '/flows/seed/executions/run1/stop');
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'ExecutionAlreadyCompleted');
    const restarted = await call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
    assert.equal(restarted.status, 400);
    assert.equal(restarted.body.code, 'ExecutionAlreadyExists');
  });

  it('GET …/history pages the events with limit and nextToken', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'p', definition: exampleFlow('pass_constant') } });
    await call('POST', '/flows/p/executions', { body: { executionName: 'e1' } });
    await m.drain();
    const all = await call('GET', '/flows/p/executions/e1/history');
    assert.equal(all.status, 200);
    const ids = all.body.events.map((event: { eventId: number }) => event.eventId);
    assert.deepEqual(
      ids,
      ids.map((_: number, index: number) => index + 1),
    );
    assert.deepEqual(Object.keys(all.body.events[0]).sort(), [
      'detail',
      'eventId',
      'scheduleEventId',
      'stepName',
      'time',
      'type',
    ]);
    const first = await call('GET', '/flows/p/executions/e1/history', { query: { limit: '2' } });
    assert.deepEqual(
      first.body.events.map((event: { eventId: number }) => event.eventId),
      [1, 2],
    );
    const next = await call('GET', '/flows/p/executions/e1/history', {
      query: { limit: '1000', nextToken: first.body.nextToken },
    });
    assert.equal(next.body.events[0].eventId, 3);
    assert.equal(next.body.events.length, ids.length - 2);
  });

  it('GET …/executions/{name}?waitTimeSeconds long-polls until the execution ends', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'seed', definition: SEED_FLOW } });
    await call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
    await m.drain();
    const history = await call('GET', '/flows/seed/executions/run1/history');
    const submitted = history.body.events.find((event: { type: string }) => event.type === 'TaskSubmitted');
    const began = Date.now();
    const polled = call('GET', '/flows/seed/executions/run1', { query: { waitTimeSeconds: '20' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call('POST', '/tasks/succeeded', { body: { taskToken: submitted.detail.taskToken, output: {} } });
    const answer = await polled;
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'Succeeded');
    // Released by the end (20 ms in), not by the 20 s limit: a bound far from both, so load cannot matter.
    assert.ok(Date.now() - began < 15_000, 'answered when the execution ended, not at the time limit');
  });
});

describe('REST API: long-polls across processes', () => {
  it('sees an end made by another runtime over the same stores (another Lambda) before its limit', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'seed', definition: SEED_FLOW } });
    await call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
    await m.drain();
    const history = await call('GET', '/flows/seed/executions/run1/history');
    const submitted = history.body.events.find((event: { type: string }) => event.type === 'TaskSubmitted');
    // A second runtime (its own waiters) over the same ports: the first one's end never notifies it.
    const other = createHttpApi(createOperations(new Runtime(m.runtime.deps)));
    const began = Date.now();
    const polled = other({
      method: 'GET',
      path: '/flows/seed/executions/run1',
      query: { waitTimeSeconds: '20' },
      headers: {},
      requestId: 'other-1',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await call('POST', '/tasks/succeeded', { body: { taskToken: submitted.detail.taskToken, output: {} } });
    const answer = await polled;
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.body).status, 'Succeeded');
    // Seen by re-reading (every second or so), well before the 20 s limit, however busy the machine.
    assert.ok(Date.now() - began < 15_000, `answered after ${Date.now() - began} ms`);
  });
});

describe('REST API: the seed example (fnf-demo-callback)', () => {
  it('runs: create, start, read the token from the history, report, describe', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'fnf-demo-callback', definition: SEED_FLOW } });
    const started = await call('POST', '/flows/fnf-demo-callback/executions', {
      body: { executionName: 'run1' },
    });
    assert.equal(started.status, 201);
    await m.drain();
    const history = await call('GET', '/flows/fnf-demo-callback/executions/run1/history');
    const submitted = history.body.events.find((event: { type: string }) => event.type === 'TaskSubmitted');
    const token = submitted.detail.taskToken;
    assert.equal(typeof token, 'string');

    const heartbeat = await call('POST', '/tasks/heartbeat', { body: { taskToken: token } });
    assert.equal(heartbeat.status, 200);
    assert.deepEqual(heartbeat.body, {});

    const reported = await call('POST', '/tasks/succeeded', {
      body: { taskToken: token, output: '{"status":"ok"}' },
    });
    assert.equal(reported.status, 200);
    assert.deepEqual(reported.body, { eventId: 5 });
    await m.drain();

    const done = await call('GET', '/flows/fnf-demo-callback/executions/run1');
    assert.equal(done.body.status, 'Succeeded');
    assert.deepEqual(done.body.output, { s: 'ok' });
    assert.match(done.body.stoppedTime, ISO);

    const late = await call('POST', '/tasks/succeeded', { body: { taskToken: token, output: {} } });
    assert.equal(late.status, 400);
    assert.equal(late.body.code, 'TaskAlreadyCompleted');
  });

  it('POST /tasks/failed fails the execution with the reported error', async () => {
    const { m, call } = apiHarness();
    await call('POST', '/flows', { body: { name: 'seed', definition: SEED_FLOW } });
    await call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
    await m.drain();
    const history = await call('GET', '/flows/seed/executions/run1/history');
    const submitted = history.body.events.find((event: { type: string }) => event.type === 'TaskSubmitted');
    const failed = await call('POST', '/tasks/failed', {
      body: { taskToken: submitted.detail.taskToken, error: 'Boom', cause: 'it broke' },
    });
    assert.equal(failed.status, 200);
    assert.equal(typeof failed.body.eventId, 'number');
    await m.drain();
    const done = await call('GET', '/flows/seed/executions/run1');
    assert.equal(done.body.status, 'Failed');
    assert.equal(done.body.error, 'Boom');
    assert.equal(done.body.cause, 'it broke');
  });
});
