import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InjectedFault } from '../../../lib/adapters/memory/index.ts';
import { SEED_EVENT_TYPES } from '../../support/seed-flow.ts';
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
  it('a crash carrying out the report’s outbox leaves it pending; recover() finishes it', async () => {
    const m = setup();
    await createFlow(m, flowName, SEED_FLOW);
    await start(m, flowName, 'e');
    const [taskToken] = await tokens(m, flowName, 'e');
    m.stores.tokens.faults.failNext('end');
    await assert.rejects(
      m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }),
      InjectedFault,
    );

    // The commit happened: the final status and its whole history are visible together.
    const pending = await m.stores.executions.load(key);
    assert.equal(pending?.outboxes.length, 1);
    assert.equal((await m.operations.describeExecution(key)).status, 'Succeeded');
    const visible = await history(m, flowName, 'e');
    assertGapFree(visible);
    assert.deepEqual(
      visible.map((event) => event.type),
      SEED_EVENT_TYPES,
    );
    // A short execution keeps its history in the state item: no history item was written.
    assert.equal((await m.stores.executions.readHistory(key, 0, 100)).length, 0);
    assert.equal(m.stores.tokens.all()[0]?.status, 'waiting');

    const report = await m.runtime.recover();
    assert.equal(report.outboxes, 1);
    assert.deepEqual(report.failures, []);
    assert.deepEqual((await m.stores.executions.load(key))?.outboxes, []);
    // The token's tombstone was written by the recovered outbox: a repeat gets the original answer.
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
  });

  it('the start’s outbox is removed by the commit that applies its call’s answer; a failed clear is redone', async () => {
    const m = setup();
    await createFlow(m, flowName, SEED_FLOW);
    await m.operations.startExecution({ flowName, executionName: 'e' });
    // The start made a call: its outbox stays until the call's answer proves it carried out.
    assert.equal((await m.stores.executions.load(key))?.outboxes.length, 1);
    const again = await m.operations.startExecution({ flowName, executionName: 'e' });
    assert.equal(again.created, false);
    await m.drain();
    assert.equal(m.invoker.calls.length, 1);
    assert.deepEqual((await m.stores.executions.load(key))?.outboxes, []);
    const [taskToken] = await tokens(m, flowName, 'e');
    m.stores.executions.faults.failNext('clearOutbox');
    await assert.rejects(
      m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }),
      InjectedFault,
    );
    // The retried report finds the tombstone written by the first attempt's outbox.
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
    await m.runtime.recover();
    assert.deepEqual((await m.stores.executions.load(key))?.outboxes, []);
    const events = await history(m, flowName, 'e');
    assertGapFree(events);
    assert.equal(events.length, 7);
    assert.equal(events.filter((e) => e.type === 'TaskSucceeded').length, 1);
  });

  it('a token store down when the call is claimed: the redelivered work item registers and calls once', async () => {
    const m = setup();
    await createFlow(m, flowName, SEED_FLOW);
    await m.operations.startExecution({ flowName, executionName: 'e' });
    // The token is registered by the call's claim, in the worker, not by the start's outbox.
    assert.equal(m.stores.tokens.all().length, 0);
    m.stores.tokens.faults.failNext('registerForCall');
    await m.drain();
    assert.equal(m.invoker.calls.length, 1);
    const [taskToken] = await tokens(m, flowName, 'e');
    assert.deepEqual(await m.operations.reportTaskSucceeded({ taskToken, output: { status: 'ok' } }), {
      eventId: 5,
    });
    assertGapFree(await history(m, flowName, 'e'));
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
