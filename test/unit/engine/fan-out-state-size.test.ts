/**
 * The stored state of a big fan-out stays far under DynamoDB's 400 KB item limit: frames store no
 * inputs (they are derived), so a foreach over 10,000 items with 1,000 iterations running keeps the
 * collection once (in the execution input) and, per running iteration, only its task attempt.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeJson } from '../../../lib/adapters/aws/item-codec.ts';
import { randomIds } from '../../../lib/runtime/random-ids.ts';
import { callback, flow, mappings, run } from '../../support/engine-flows.ts';
import { Harness } from '../../support/engine-harness.ts';

/** Below DynamoDB's 400 KB, with room for the rest of the item (inbox, outbox, recent history). */
const STATE_BYTES_BUDGET = 350_000;

const definition = flow([
  {
    type: 'foreach',
    name: 'each',
    iterationMapping: { collection: '$.items', item: 'item' },
    maxConcurrency: 1000,
    steps: [
      callback('job', {
        inputMappings: mappings({ id: '$input.item.id', taskToken: '$context.task.token' }),
      }),
    ],
  },
]);

describe('fan-out state size', () => {
  it('keeps a foreach of 10,000 items with 1,000 waiting tasks under the budget', (t) => {
    const items = Array.from({ length: 10_000 }, (_, n) => ({ id: n }));
    const r = run(definition, { items });
    r.start();
    assert.equal(r.registeredTokens().length, 1000);
    const bytes = JSON.stringify(r.state).length;
    t.diagnostic(`state: ${bytes} bytes (the collection alone: ${JSON.stringify(items).length})`);
    assert.ok(bytes < STATE_BYTES_BUDGET, `state of ${bytes} bytes`);
  });

  it('stores 1,000 waiting callbacks in a few bytes each, without their tokens (state schema 3)', (t) => {
    const r = new Harness(definition, { items: Array.from({ length: 1000 }, (_, n) => ({ id: n })) });
    Object.assign(r.ids, { newSeed: randomIds().newSeed, tokenOf: randomIds().tokenOf });
    r.start();
    for (const call of [...r.openCalls]) r.answerCall(call, { ok: true, output: {} });
    const bytes = JSON.stringify(r.state.root).length;
    const encoded = encodeJson(r.state.root).length;
    t.diagnostic(`1,000 waiting iterations: ${bytes} bytes of frames, ${encoded} as stored`);
    // Repetitive JSON (~160 bytes each), ~10 bytes each as stored; with tokens and hashes it was ~80.
    assert.ok(encoded < 20_000, `${encoded} bytes as stored`);
    const tokens = r.commandsOf('CallResource').map((c) => c.taskToken ?? '');
    assert.equal(tokens.length, 1000);
    const stored = JSON.stringify(r.state);
    assert.equal(tokens.filter((token) => stored.includes(token)).length, 0);
  });
});
