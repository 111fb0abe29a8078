/**
 * The oldest waiting tasks' ages (the AWS metric on lost callbacks): overall and per flow, from the
 * task index oldest first, bounded, and published by the scheduled handler.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTaskAgeHandler } from '../../../lib/handlers/task-age-handler.ts';
import { waitingTaskAges } from '../../../lib/runtime/task-age.ts';
import { callbackFlow, createFlow, setup, start, tokens } from './runtime-helpers.ts';

describe('waiting task ages', () => {
  it('measures the oldest waiting task overall and per flow, leaving out ended tasks', async () => {
    const m = setup();
    await createFlow(m, 'a', callbackFlow());
    await createFlow(m, 'b', callbackFlow());
    await start(m, 'a', 'a1');
    await m.clock.advanceBy(60_000);
    await start(m, 'b', 'b1');
    await m.clock.advanceBy(30_000);
    await start(m, 'a', 'a2');
    const [token] = await tokens(m, 'a', 'a1');
    await m.operations.reportTaskSucceeded({ taskToken: token, output: {} });
    const ages = await waitingTaskAges(m.stores.tokens, m.clock.now());
    assert.deepEqual(ages, { oldestSeconds: 30, byFlow: { b: 30, a: 0 }, scanned: 2, complete: true });
  });

  it('reads at most maxTasks tasks and says when it stopped short; none waiting gives no age', async () => {
    const m = setup();
    assert.deepEqual(await waitingTaskAges(m.stores.tokens, m.clock.now()), {
      byFlow: {},
      scanned: 0,
      complete: true,
    });
    await createFlow(m, 'a', callbackFlow());
    for (const name of ['x1', 'x2', 'x3']) await start(m, 'a', name);
    const ages = await waitingTaskAges(m.stores.tokens, m.clock.now(), 2);
    assert.deepEqual([ages.scanned, ages.complete], [2, false]);
  });

  it('is published by the scheduled handler', async () => {
    const m = setup();
    await createFlow(m, 'a', callbackFlow());
    await start(m, 'a', 'x1');
    const published: unknown[] = [];
    const handler = createTaskAgeHandler(
      () => m.runtime,
      (ages) => published.push(ages),
      () => m.clock.now() + 5000,
    );
    await handler();
    assert.deepEqual(published, [{ oldestSeconds: 5, byFlow: { a: 5 }, scanned: 1, complete: true }]);
  });
});
