/**
 * Taking over an outbox whose committer is presumed gone (`carryOutPending`) redoes only the calls
 * still outstanding: not those the state shows answered, nor those whose answer waits in the inbox
 * (on a busy execution, answers can wait there longer than the outbox lease). Each redone call costs
 * a work item and the claim that turns it away.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carryOutPending } from '../../../lib/runtime/outbox.ts';
import { createFlow, foreachFlow, setup } from './runtime-helpers.ts';

const FLOW = foreachFlow(`        name: job
        resourceArn: acs:fc:::services/svc/functions/fn
`);

const key = { flowName: 'taken', executionName: 'e' };

describe('taking over an abandoned outbox', () => {
  it('leaves out the calls whose answers wait in the inbox', async () => {
    const m = setup({ functions: { 'svc/fn': () => ({}) } });
    await createFlow(m, key.flowName, FLOW);
    // Started, its three calls enqueued and not yet carried out by the worker.
    await m.operations.startExecution({ ...key, input: { items: [1, 2, 3] } });
    const started = await m.stores.executions.load(key);
    const pending = started?.outboxes[0];
    assert.ok(started && pending);
    assert.equal(pending.calls.length, 3);
    const [answered, ...outstanding] = pending.calls;
    assert.ok(answered !== undefined);
    // The answer of the first call waits in the inbox (a drainer elsewhere has yet to apply it).
    const record = await m.stores.executions.appendInbox(key, {
      id: 'answer-1',
      event: { type: 'CallResult', scheduleEventId: answered, result: { ok: true, output: {} } },
    });
    assert.ok(record);
    const enqueued: number[] = [];
    const enqueue = m.dispatcher.enqueue.bind(m.dispatcher);
    m.dispatcher.enqueue = async (item) => {
      if (item.type === 'CallResource') enqueued.push(item.command.scheduleEventId);
      return enqueue(item);
    };
    await carryOutPending(m.runtime, record, pending);
    assert.deepEqual(enqueued.sort(), [...outstanding].sort());
  });
});
