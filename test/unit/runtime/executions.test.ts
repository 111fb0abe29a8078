import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGapFree, createFlow, history, SEED_FLOW, setup, start, tokens } from './runtime-helpers.ts';

const PASS_FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: p
    outputMappings:
      - target: v
        source: one
`;

describe('executions', () => {
  it('StartExecution returns a running execution of the same name (created: false)', async () => {
    const m = setup();
    await createFlow(m, 'f', SEED_FLOW);
    const first = await m.operations.startExecution({ flowName: 'f', executionName: 'e', input: { a: 1 } });
    assert.deepEqual(first, {
      created: true,
      execution: {
        flowName: 'f',
        name: 'e',
        status: 'Running',
        input: { a: 1 },
        startedTime: '2024-01-01T00:00:00.000Z',
      },
    });
    const again = await m.operations.startExecution({ flowName: 'f', executionName: 'e', input: { a: 2 } });
    assert.equal(again.created, false);
    assert.deepEqual(again.execution.input, { a: 1 });
  });

  it('generates a UUID name, takes input as JSON text, and snapshots the definition', async () => {
    const m = setup();
    await createFlow(m, 'p', PASS_FLOW);
    const started = await m.operations.startExecution({ flowName: 'p', input: '{"x":true}' });
    assert.equal(started.execution.name, '00000000-0000-4000-8000-000000000001');
    assert.equal(started.execution.status, 'Succeeded');
    assert.deepEqual(started.execution.output, { v: 'one' });
    assert.deepEqual(started.execution.input, { x: true });
  });

  it('a running execution keeps its definition after UpdateFlow and DeleteFlow', async () => {
    const m = setup();
    await createFlow(m, 'f', SEED_FLOW);
    await start(m, 'f', 'e');
    const updated = await m.operations.updateFlow({
      name: 'f',
      definition: PASS_FLOW,
      description: 'now a pass',
    });
    assert.equal(updated.description, 'now a pass');
    assert.equal(updated.definition, PASS_FLOW);
    await m.operations.deleteFlow({ name: 'f' });
    await assert.rejects(m.operations.startExecution({ flowName: 'f' }));
    const [taskToken] = await tokens(m, 'f', 'e');
    await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } });
    const execution = await m.operations.describeExecution({ flowName: 'f', executionName: 'e' });
    assert.deepEqual(execution.output, { s: 'ok' });
    assert.equal((await m.operations.listExecutions({ flowName: 'f' })).executions.length, 1);
  });

  it('ListExecutions pages by start time and filters by status', async () => {
    const m = setup();
    await createFlow(m, 'f', SEED_FLOW);
    await createFlow(m, 'p', PASS_FLOW);
    for (const name of ['c', 'a', 'b']) {
      await m.operations.startExecution({ flowName: 'f', executionName: name });
      await m.clock.advanceBy(1000);
    }
    await m.operations.stopExecution({ flowName: 'f', executionName: 'a' });
    const first = await m.operations.listExecutions({ flowName: 'f', limit: 2 });
    assert.deepEqual(
      first.executions.map((e) => e.name),
      ['c', 'a'],
    );
    assert.ok(first.nextToken);
    const second = await m.operations.listExecutions({
      flowName: 'f',
      limit: '2',
      nextToken: first.nextToken,
    });
    assert.deepEqual(
      second.executions.map((e) => e.name),
      ['b'],
    );
    assert.equal(second.nextToken, undefined);
    const stopped = await m.operations.listExecutions({ flowName: 'f', status: 'Stopped' });
    assert.deepEqual(
      stopped.executions.map((e) => [e.name, e.status]),
      [['a', 'Stopped']],
    );
  });

  it('GetExecutionHistory pages with an opaque nextToken', async () => {
    const m = setup();
    await createFlow(m, 'f', SEED_FLOW);
    await start(m, 'f', 'e');
    const key = { flowName: 'f', executionName: 'e' };
    const first = await m.operations.getExecutionHistory({ ...key, limit: 3 });
    assert.deepEqual(
      first.events.map((e) => e.eventId),
      [1, 2, 3],
    );
    assert.ok(first.nextToken);
    const second = await m.operations.getExecutionHistory({ ...key, limit: 3, nextToken: first.nextToken });
    assert.deepEqual(
      second.events.map((e) => e.eventId),
      [4],
    );
    assert.equal(second.nextToken, undefined);
    assert.equal((await m.operations.getExecutionHistory(key)).events.length, 4);
  });

  it('DescribeExecution long-polls until the execution ends', async () => {
    const m = setup();
    await createFlow(m, 'f', SEED_FLOW);
    await start(m, 'f', 'e');
    const [taskToken] = await tokens(m, 'f', 'e');
    const began = Date.now();
    const polled = m.operations.describeExecution({ flowName: 'f', executionName: 'e', waitTimeSeconds: 20 });
    setTimeout(() => void m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), 50);
    const execution = await polled;
    assert.equal(execution.status, 'Succeeded');
    // Released by the end (50 ms in), not by the 20 s limit: a bound far from both, so load cannot matter.
    assert.ok(Date.now() - began < 15_000, 'answered when the execution ended, not at the time limit');
    const events = await history(m, 'f', 'e');
    assertGapFree(events);
    assert.equal(events.at(-1)?.type, 'ExecutionSucceeded');
  });

  it('DescribeExecution long-poll returns the running execution when the time is up', async () => {
    const m = setup();
    await createFlow(m, 'f', SEED_FLOW);
    await start(m, 'f', 'e');
    const began = Date.now();
    const execution = await m.operations.describeExecution({
      flowName: 'f',
      executionName: 'e',
      waitTimeSeconds: '1',
    });
    assert.equal(execution.status, 'Running');
    assert.ok(Date.now() - began >= 900);
  });

  it('flows: create, describe, list with paging, delete', async () => {
    const m = setup();
    const created = await m.operations.createFlow({ name: 'b', definition: PASS_FLOW, description: 'd' });
    assert.deepEqual(created, {
      name: 'b',
      definition: PASS_FLOW,
      description: 'd',
      createdTime: '2024-01-01T00:00:00.000Z',
      lastModifiedTime: '2024-01-01T00:00:00.000Z',
    });
    await m.operations.createFlow({ name: 'a', definition: PASS_FLOW });
    assert.deepEqual(await m.operations.describeFlow({ name: 'b' }), created);
    const page = await m.operations.listFlows({ limit: 1 });
    assert.deepEqual(
      page.flows.map((f) => f.name),
      ['a'],
    );
    const rest = await m.operations.listFlows({ limit: 1, nextToken: page.nextToken });
    assert.deepEqual(
      rest.flows.map((f) => f.name),
      ['b'],
    );
    assert.deepEqual(await m.operations.deleteFlow({ name: 'a' }), {});
    assert.equal((await m.operations.listFlows()).flows.length, 1);
  });
});
