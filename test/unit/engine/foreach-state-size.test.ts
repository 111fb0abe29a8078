/**
 * A foreach over a large input must not keep a copy of that input per running iteration in the
 * stored state (issue 10: the state item must stay far under DynamoDB's 400 KB). Each running
 * iteration keeps only its own keys; the input it works with is rebuilt from the foreach's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import { callback, echo, flow, mappings, run, task } from '../../support/engine-flows.ts';

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
    // The history records the collection as a reference in each iteration's events (not N copies).
    const entered = r.history.filter((event) => event.type === 'IterationEntered');
    const collection = { $foreach: 'each', items: 3 };
    assert.deepEqual(entered[1]?.detail.input, { xs: collection, other: 'kept', x: xs[1] ?? null, i: 1 });
    const steps = r.history.filter((event) => event.type === 'StepEntered' && event.stepName === 'job');
    assert.deepEqual(steps[1]?.detail.input, { xs: collection, other: 'kept', x: xs[1] ?? null, i: 1 });
    // The foreach's own StepEntered keeps its whole input.
    assert.deepEqual(r.history.find((event) => event.stepName === 'each')?.detail.input, {
      xs,
      other: 'kept',
    });
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

  it('records a history that grows linearly with the collection (each item once, not once per iteration)', () => {
    const history = (items: number): number => {
      const xs = Array.from({ length: items }, (_, id) => ({ id, label: `item number ${id}` }));
      const r = run(definition, { xs }, { worker: echo });
      r.start();
      const reported = new Set<string>();
      while (r.state.status === 'Running') {
        for (const token of r.registeredTokens().filter((t) => !reported.has(t.hash))) {
          reported.add(token.hash);
          r.send({
            type: 'Report',
            scheduleEventId: token.scheduleEventId,
            tokenHash: token.hash,
            report: { kind: 'succeeded', output: {} },
          });
        }
      }
      assert.equal(reported.size, items);
      return JSON.stringify(r.history).length;
    };
    const small = history(50);
    const large = history(400);
    // 8 times the items: about 8 times the history (quadratic would be 64 times).
    assert.ok(large < 10 * small, `50 items: ${small} bytes, 400 items: ${large} bytes`);
  });

  it('gives a retried attempt inside an iteration the whole input of its iteration', () => {
    const retried = flow([
      {
        type: 'foreach',
        name: 'each',
        iterationMapping: { collection: '$.xs', item: 'x' },
        steps: [
          task('work', 'flaky', {
            inputMappings: mappings({ id: '$input.x.id', other: '$input.other' }),
            retry: [{ errors: ['Flaky'], maxAttempts: 1, intervalSeconds: 1 }],
          }),
        ],
      },
    ]);
    const seen = new Set<number>();
    const flaky = (event: JsonObject): JsonObject => {
      const id = Number(event.id);
      if (!seen.has(id)) {
        seen.add(id);
        const error = new Error('first call');
        error.name = 'Flaky';
        throw error;
      }
      return event;
    };
    const r = run(retried, { xs: [{ id: 1 }, { id: 2 }], other: 'kept' }, { flaky });
    r.start();
    r.advanceBy(1000);
    const inputs = r.history
      .filter((event) => event.type === 'TaskScheduled')
      .map((event) => event.detail.input);
    assert.deepEqual(inputs, [
      { id: 1, other: 'kept' },
      { id: 2, other: 'kept' },
      { id: 1, other: 'kept' },
      { id: 2, other: 'kept' },
    ]);
    assert.equal(r.state.status, 'Succeeded');
  });
});
