/**
 * An outbox with calls that a process committed and carried out whole is removed by that process's
 * next commit on the execution, though its calls are still unanswered; another process, which cannot
 * know it was carried out, leaves it until a commit proves every call answered. (On a fan-out, where
 * every commit starts calls, dozens of such outboxes used to ride in every write of the state item.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import type { RuntimeContext } from '../../../lib/runtime/context.ts';
import { Runtime } from '../../../lib/runtime/runtime.ts';
import { createFlow, foreachFlow, setup } from './runtime-helpers.ts';

const FLOW = foreachFlow(`        name: job
        resourceArn: acs:fc:::services/fn/functions/fn
`);

const key = { flowName: 'carried', executionName: 'e' };

/** Started with three calls enqueued and not yet made: its first outbox pending, listing them. */
async function started(calls: string[]): Promise<{ m: MemoryRuntime; answered: number }> {
  const m = setup({
    functions: {
      'fn/fn': (event) => {
        calls.push(JSON.stringify(event));
        return {};
      },
    },
  });
  await createFlow(m, key.flowName, FLOW);
  await m.operations.startExecution({ ...key, input: { items: [1, 2, 3] } });
  const pending = (await m.stores.executions.load(key))?.outboxes;
  assert.equal(pending?.length, 1);
  const [answered] = pending?.[0]?.calls ?? [];
  assert.ok(answered !== undefined);
  return { m, answered };
}

/** Applies the answer of call `scheduleEventId` through `runtime`: a commit that leaves two calls open. */
async function answer(runtime: RuntimeContext, scheduleEventId: number): Promise<void> {
  await runtime.apply(key, { type: 'CallResult', scheduleEventId, result: { ok: true, output: {} } });
}

describe('outboxes carried out by their committer', () => {
  it('are removed by its next commit, with their calls still unanswered', async () => {
    const calls: string[] = [];
    const { m, answered } = await started(calls);
    await answer(m.runtime, answered);
    assert.deepEqual((await m.stores.executions.load(key))?.outboxes, [], 'the first outbox is gone');
    await m.drain();
    const view = await m.operations.describeExecution(key);
    assert.equal(view.status, 'Succeeded');
    // Removing the outbox dropped no work: its three enqueued calls were each made once.
    assert.equal(calls.length, 3);
  });

  it('are left to the proof by a commit of another process', async () => {
    const calls: string[] = [];
    const { m, answered } = await started(calls);
    const elsewhere = new Runtime(m.runtime.deps);
    await answer(elsewhere, answered);
    const pending = (await m.stores.executions.load(key))?.outboxes ?? [];
    assert.deepEqual(
      pending.map((outbox) => outbox.version),
      [1],
      'two of its calls are unanswered: only its committer knows they were enqueued',
    );
    await m.drain();
    assert.equal((await m.operations.describeExecution(key)).status, 'Succeeded');
    assert.deepEqual((await m.stores.executions.load(key))?.outboxes, []);
  });
});
