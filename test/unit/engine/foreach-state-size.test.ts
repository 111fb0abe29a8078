/**
 * A foreach over a large input must not keep a copy of that input per running iteration in the
 * stored state (issue 10: the state item must stay far under DynamoDB's 400 KB). Each running
 * iteration keeps only its own keys; the input it works with is rebuilt from the foreach's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callback, echo, flow, mappings, run } from '../../support/engine-flows.ts';

const ITEMS = 5000;

/** A foreach over `$.xs` whose iterations wait for a callback on their item. */
const definition = flow([
  {
    type: 'foreach',
    name: 'each',
    iterationMapping: { collection: '$.xs', item: 'x', index: 'i' },
    steps: [callback('job', { inputMappings: mappings({ id: '$input.x.id', at: '$input.i' }) })],
  },
]);

describe('foreach state size', () => {
  it('stores each running iteration without a copy of the foreach input', () => {
    const xs = Array.from({ length: ITEMS }, (_, id) => ({ id, label: `item number ${id}` }));
    const r = run(definition, { xs });
    r.start();
    const inputBytes = JSON.stringify({ xs }).length;
    const stateBytes = JSON.stringify(r.state).length;
    // The execution input, the root sequence's and the foreach's input, its items: four copies, not 100 more.
    assert.ok(stateBytes < 5 * inputBytes, `state ${stateBytes} bytes for an input of ${inputBytes}`);
    assert.equal(r.registeredTokens().length, 100);
  });

  it('gives each iteration its whole input: the item, the index and the rest of the step input', () => {
    const xs = Array.from({ length: 3 }, (_, id) => ({ id, label: `item ${id}` }));
    const r = run(definition, { xs, other: 'kept' }, { worker: echo });
    r.start();
    const scheduled = r.history.filter((event) => event.type === 'TaskScheduled');
    assert.deepEqual(
      scheduled.map((event) => event.detail.input),
      [
        { id: 0, at: 0 },
        { id: 1, at: 1 },
        { id: 2, at: 2 },
      ],
    );
    const entered = r.history.filter((event) => event.type === 'IterationEntered');
    assert.deepEqual(entered[1]?.detail.input, { xs, other: 'kept', x: xs[1] ?? null, i: 1 });
    // Reported one by one, each iteration still sees its own item.
    for (const token of r.registeredTokens()) {
      r.send({
        type: 'Report',
        scheduleEventId: token.scheduleEventId,
        tokenHash: token.hash,
        report: { kind: 'succeeded', output: { done: token.scheduleEventId } },
      });
    }
    assert.equal(r.state.status, 'Succeeded');
  });
});
