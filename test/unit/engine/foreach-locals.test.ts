/**
 * A foreach keeps its finished iterations' locals only when an output mapping reads `$local`:
 * without one its output is `{}` (semantics.md), so a fan-out of thousands keeps nothing per finished
 * iteration in its state, while one that collects its locals still gets every one, in order. Kept
 * locals past `RESULT_CHUNK_BYTES` move to result chunks (`results.ts`), handed to the runtime with the
 * state and asked back (`ResultChunksNeeded`) only by the advance that ends the step.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advance, ResultChunksNeeded } from '../../../lib/engine/index.ts';
import { RESULT_CHUNK_BYTES } from '../../../lib/engine/results.ts';
import type { ForeachFrame } from '../../../lib/engine/types.ts';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import { callback, flow, mappings, run } from '../../support/engine-flows.ts';
import type { Harness } from '../../support/engine-harness.ts';

const ITEMS = 1000;

/** Padding that makes each report's output about 140 bytes: 1,000 of them fill a few chunks. */
const PAD = 'x'.repeat(120);

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
      const report = { kind: 'succeeded' as const, output: { n: position - 1, pad: PAD } };
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
  const report = { kind: 'succeeded' as const, output: { n: 0, pad: PAD } };
  r.send({ type: 'Report', scheduleEventId: token.scheduleEventId, tokenHash: token.hash, report });
}

describe('foreach locals', () => {
  it('keeps none without output mappings, and outputs {}', () => {
    const r = fanOut();
    const frame = finishAllButFirst(r);
    assert.deepEqual([frame.locals, frame.stored, r.chunks.size], [{}, undefined, 0]);
    finishFirst(r);
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, {});
  });

  it('keeps none when no output mapping reads $local', () => {
    const r = fanOut(mappings({ total: '$input.count', label: 'done' }));
    assert.deepEqual(finishAllButFirst(r).locals, {});
    finishFirst(r);
    assert.deepEqual(r.state.output, { total: ITEMS, label: 'done' });
  });

  it('moves kept locals to result chunks, and reads them back once, when the step ends', () => {
    const r = fanOut(mappings({ all: '$local' }));
    const frame = finishAllButFirst(r);
    // 999 outputs of ~140 bytes: a few chunks of RESULT_CHUNK_BYTES, the rest in the state.
    const stored = frame.stored ?? [];
    assert.ok(stored.length >= 3, `${stored.length} chunks`);
    assert.deepEqual(new Set(stored), new Set(r.chunks.keys()));
    assert.ok(JSON.stringify(frame.locals).length < RESULT_CHUNK_BYTES);
    const inChunks = [...r.chunks.values()].reduce((sum, locals) => sum + Object.keys(locals).length, 0);
    assert.equal(inChunks + Object.keys(frame.locals).length, ITEMS - 1);
    assert.equal(r.chunkLoads, 0);
    finishFirst(r);
    assert.equal(r.chunkLoads, 1);
    const all = r.state.output?.all as JsonObject[];
    assert.deepEqual(
      all.map((local) => [local.n, local.pad]),
      Array.from({ length: ITEMS }, (_, n) => [n, PAD]),
    );
  });

  it('asks for the chunks it was not given when the step ends, and changes nothing', () => {
    const r = fanOut(mappings({ all: '$local' }));
    const frame = finishAllButFirst(r);
    const last = r.registeredTokens()[0];
    assert.ok(last);
    const before = structuredClone(r.state);
    const report = { kind: 'succeeded' as const, output: { n: 0 } };
    const event = {
      type: 'Report' as const,
      scheduleEventId: last.scheduleEventId,
      tokenHash: last.hash,
      report,
    };
    assert.throws(
      () => advance(r.definition, r.state, event, r.now, r.ids),
      (error) => error instanceof ResultChunksNeeded && error.ids.join() === frame.stored?.join(),
    );
    assert.deepEqual(r.state, before);
  });
});
