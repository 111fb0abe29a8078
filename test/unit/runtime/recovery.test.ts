import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InjectedFault } from '../../../lib/adapters/memory/index.ts';
import {
  assertGapFree,
  callbackFlow,
  createFlow,
  history,
  SEED_FLOW,
  setup,
  start,
  tokens,
} from './runtime-helpers.ts';

const flowName = 'cb';
const key = { flowName, executionName: 'e' };

describe('crashes and recovery', () => {
  it('a crash between commit and history write leaves the outbox; recover() finishes it gap-free', async () => {
    const m = setup();
    await createFlow(m, flowName, SEED_FLOW);
    await start(m, flowName, 'e');
    const [taskToken] = await tokens(m, flowName, 'e');
    m.stores.executions.faults.failNext('appendHistory');
    await assert.rejects(
      m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }),
      InjectedFault,
    );

    // The commit happened: the final status and its history are visible together (from the outbox).
    const pending = await m.stores.executions.load(key);
    assert.ok((pending?.outboxes.flatMap((outbox) => outbox.events).length ?? 0) > 0);
    assert.equal((await m.operations.describeExecution(key)).status, 'Succeeded');
    const visible = await history(m, flowName, 'e');
    assertGapFree(visible);
    assert.equal(visible.at(-1)?.type, 'ExecutionSucceeded');
    assert.equal((await m.stores.executions.readHistory(key, 0, 100)).length, 4);

    const report = await m.runtime.recover();
    assert.equal(report.outboxes, 1);
    assert.deepEqual(report.failures, []);
    const stored = await m.stores.executions.readHistory(key, 0, 100);
    assertGapFree(stored);
    assert.equal(stored.length, 7);
    assert.deepEqual((await m.stores.executions.load(key))?.outboxes, []);
    // The token's tombstone was written by the recovered outbox: a repeat gets the original answer.
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
  });

  it('a crash before the outbox is cleared is finished by the next touch, without duplicates', async () => {
    const m = setup();
    await createFlow(m, flowName, SEED_FLOW);
    m.stores.executions.faults.failNext('clearOutbox');
    await assert.rejects(m.operations.startExecution({ flowName, executionName: 'e' }), InjectedFault);
    // A redelivered start finds the execution and finishes its outbox (the call is enqueued once).
    const again = await m.operations.startExecution({ flowName, executionName: 'e' });
    assert.equal(again.created, false);
    await m.drain();
    assert.equal(m.invoker.calls.length, 1);
    const [taskToken] = await tokens(m, flowName, 'e');
    m.stores.executions.faults.failNext('clearOutbox');
    await assert.rejects(
      m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }),
      InjectedFault,
    );
    // The retried report finds a tombstone written by the first attempt's outbox.
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
    await m.runtime.recover();
    const events = await m.stores.executions.readHistory(key, 0, 100);
    assertGapFree(events);
    assert.equal(events.length, 7);
    assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 1);
  });

  it('a crash while carrying out commands (token store down) is redone by recover()', async () => {
    const m = setup();
    await createFlow(m, flowName, SEED_FLOW);
    m.stores.tokens.faults.failNext('register');
    await assert.rejects(m.operations.startExecution({ flowName, executionName: 'e' }), InjectedFault);
    assert.equal(m.stores.tokens.all().length, 0);
    await m.runtime.recover();
    await m.drain();
    const [taskToken] = await tokens(m, flowName, 'e');
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
    assertGapFree(await m.stores.executions.readHistory(key, 0, 100));
  });

  it('re-delivers overdue timers, and the sweeper times out a waiting token past its deadline', async () => {
    const m = setup();
    await createFlow(m, flowName, callbackFlow({ timeoutSeconds: 60 }));
    await start(m, flowName, 'e');
    const [taskToken] = await tokens(m, flowName, 'e');
    // The process was down while the deadline passed: nothing fired.
    m.clock.attach({ nextFireAt: () => undefined, fireDue: async () => {} });
    await m.clock.advanceBy(120_000);
    assert.equal((await m.operations.describeExecution(key)).status, 'Running');
    const report = await m.runtime.recover();
    assert.ok(report.timers >= 1);
    const execution = await m.operations.describeExecution(key);
    assert.equal(execution.status, 'Failed');
    assert.equal(execution.error, 'FnF.TaskTimeout');
    assert.equal(m.stores.tokens.all()[0]?.status, 'ended');
    assert.deepEqual(await m.stores.tokens.listExpired(m.clock.now(), 10), []);
    assert.ok(taskToken);
  });

  it('the sweeper ends a token whose execution is gone', async () => {
    const m = setup();
    await m.stores.tokens.register({
      tokenHash: 'orphan',
      executionKey: { flowName, executionName: 'missing' },
      scheduleEventId: 3,
      stepName: 's',
      deadline: 0,
    });
    const report = await m.runtime.recover();
    assert.equal(report.expiredTokens, 1);
    assert.deepEqual(m.stores.tokens.all()[0]?.outcome, { kind: 'cancelled' });
  });
});
