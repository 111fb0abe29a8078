import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../../../lib/fdl/types.ts';
import { assertWellFormedHistory, callback, echo, flow, run } from '../../support/engine-flows.ts';

/** A foreach over `$.xs` of one callback task, with `more` fields on the foreach. */
function fanOut(more: JsonObject = {}) {
  return flow([
    {
      type: 'foreach',
      name: 'each',
      iterationMapping: { collection: '$.xs', item: 'x' },
      steps: [callback('cb')],
      outputMappings: [{ target: 'locals', source: '$local' }],
      ...more,
    },
  ]);
}

/** Tasks submitted and not yet reported: registered tokens minus the `done` reported so far. */
function waiting(r: ReturnType<typeof run>, done: number): number {
  return r.registeredTokens().length - done;
}

describe('foreach maxConcurrency', () => {
  it('keeps exactly maxConcurrency tasks waiting, starting the next as each ends', () => {
    const xs = Array.from({ length: 2500 }, (_, i) => i);
    // No worker answers the calls: each task waits until the test submits and reports it.
    const r = run(fanOut({ maxConcurrency: 1000 }), { xs });
    r.start();
    assert.equal(waiting(r, 0), 1000);
    assert.equal(r.openCalls.length, 1000);
    assert.equal(r.history.filter((e) => e.type === 'IterationEntered').length, 1000);
    for (let done = 1; done <= 5; done++) {
      const token = r.registeredTokens()[done - 1];
      const call = r.openCalls.find((c) => c.scheduleEventId === token?.scheduleEventId);
      assert.ok(token && call);
      r.answerCall(call, { ok: true, output: {} });
      r.send({
        type: 'Report',
        scheduleEventId: token.scheduleEventId,
        tokenHash: token.hash,
        report: { kind: 'succeeded', output: { n: done } },
      });
      const entered = r.history.filter((e) => e.type === 'IterationEntered');
      assert.equal(entered.at(-1)?.detail.index, 999 + done);
      assert.equal(waiting(r, done), 1000);
    }
  });

  it('slides to the end of the collection, whatever order iterations end in', () => {
    const xs = Array.from({ length: 25 }, (_, i) => i);
    const r = run(fanOut({ maxConcurrency: 10 }), { xs }, { worker: echo });
    r.start();
    const reported = new Set<string>();
    for (let done = 0; done < xs.length; done++) {
      assert.equal(waiting(r, done), Math.min(10, xs.length - done));
      // The newest open task first, then the oldest: iterations end out of collection order.
      const open = r.registeredTokens().filter((t) => !reported.has(t.hash));
      const token = done % 2 === 0 ? open.at(-1) : open[0];
      assert.ok(token);
      reported.add(token.hash);
      r.send({
        type: 'Report',
        scheduleEventId: token.scheduleEventId,
        tokenHash: token.hash,
        report: { kind: 'succeeded', output: { n: done } },
      });
    }
    assert.equal(r.state.status, 'Succeeded');
    assert.equal((r.state.output?.locals as Json[]).length, 25);
    assertWellFormedHistory(r.history);
  });

  it('runs 100 at a time without the field', () => {
    const r = run(fanOut(), { xs: Array.from({ length: 250 }, (_, i) => i) }, { worker: echo });
    r.start();
    assert.equal(waiting(r, 0), 100);
  });

  it('runs one at a time with maxConcurrency 1, in collection order', () => {
    const r = run(fanOut({ maxConcurrency: 1 }), { xs: ['a', 'b', 'c'] }, { worker: echo });
    r.start();
    for (let done = 0; done < 3; done++) {
      assert.equal(waiting(r, done), 1);
      r.report({ kind: 'succeeded', output: {} });
    }
    assert.deepEqual(
      r.history.filter((e) => e.type === 'IterationEntered').map((e) => e.detail.index),
      [0, 1, 2],
    );
    assert.equal(r.state.status, 'Succeeded');
  });
});
