/**
 * A foreach keeps its finished iterations' locals only when an output mapping reads `$local`:
 * without one its output is `{}` (semantics.md), so a fan-out of thousands keeps nothing per finished
 * iteration in its state, while one that collects its locals still gets every one, in order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import type { ForeachFrame } from '../../../lib/engine/types.ts';
import { callback, flow, mappings, run } from '../../support/engine-flows.ts';
import type { Harness } from '../../support/engine-harness.ts';

const ITEMS = 1000;

/** A foreach over `$.items` of callback tasks, 250 at a time, with `outputMappings` if given. */
function fanOut(outputMappings?: JsonObject[]): Harness {
  const definition = flow([
    {
      type: 'foreach',
      name: 'each',
      iterationMapping: { collection: '$.items', item: 'item' },
      maxConcurrency: 250,
      steps: [callback('job')],
      ...(outputMappings !== undefined ? { outputMappings } : {}),
    },
  ]);
  const r = run(definition, { items: Array.from({ length: ITEMS }, (_, n) => n), count: ITEMS });
  r.start();
  return r;
}

/**
 * Answers every call and reports every task but the first (iteration 0), whose output is
 * `{n: position}`, so that all iterations but the first have finished. @returns the foreach's frame.
 */
function finishAllButFirst(r: Harness): ForeachFrame {
  let first: { hash: string; scheduleEventId: number } | undefined;
  let position = 0;
  while (r.openCalls.length > 0) {
    for (const call of [...r.openCalls]) r.answerCall(call, { ok: true, output: {} });
    for (const token of r.registeredTokens().slice(position)) {
      if (position++ === 0) {
        first = token;
        continue;
      }
      const report = { kind: 'succeeded' as const, output: { n: position - 1 } };
      r.send({ type: 'Report', scheduleEventId: token.scheduleEventId, tokenHash: token.hash, report });
    }
  }
  assert.equal(position, ITEMS);
  const frame = r.state.root?.step as ForeachFrame;
  assert.equal(frame.type, 'foreach');
  if (first !== undefined) firstTokens.set(r, first);
  return frame;
}

const firstTokens = new WeakMap<Harness, { hash: string; scheduleEventId: number }>();

/** Reports the first iteration's task, which ends the foreach. */
function finishFirst(r: Harness): void {
  const token = firstTokens.get(r);
  assert.ok(token);
  const report = { kind: 'succeeded' as const, output: { n: 0 } };
  r.send({ type: 'Report', scheduleEventId: token.scheduleEventId, tokenHash: token.hash, report });
}

describe('foreach locals', () => {
  it('keeps none without output mappings, and outputs {}', () => {
    const r = fanOut();
    const frame = finishAllButFirst(r);
    assert.equal(frame.locals.length, 0);
    finishFirst(r);
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, {});
  });

  it('keeps none when no output mapping reads $local', () => {
    const r = fanOut(mappings({ total: '$input.count', label: 'done' }));
    assert.equal(finishAllButFirst(r).locals.length, 0);
    finishFirst(r);
    assert.deepEqual(r.state.output, { total: ITEMS, label: 'done' });
  });

  it('keeps every local when a mapping reads $local, and outputs them in collection order', () => {
    const r = fanOut(mappings({ all: '$local' }));
    const frame = finishAllButFirst(r);
    assert.equal(frame.locals.filter((local) => local !== null).length, ITEMS - 1);
    finishFirst(r);
    const all = r.state.output?.all as JsonObject[];
    assert.equal(all.length, ITEMS);
    assert.deepEqual(
      all.map((local) => local.n),
      Array.from({ length: ITEMS }, (_, n) => n),
    );
  });
});
