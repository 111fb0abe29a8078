/**
 * Payloads nested deeper than `MAX_PAYLOAD_NESTING_DEPTH` (found by the bad-input corpus: an output
 * nested ~1,500 levels deep passed validation and overflowed the stack in the store's commit, a 500)
 * are refused up front with InvalidArgument and change nothing; one at the limit is accepted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PAYLOAD_NESTING_DEPTH } from '../../../lib/fdl/index.ts';
import { snapshot } from './api-helpers.ts';
import { assertError, seeded } from './bad-requests.ts';

/** An object nested `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

describe('deeply nested payloads', () => {
  for (const depth of [MAX_PAYLOAD_NESTING_DEPTH + 1, 2_000, 50_000]) {
    it(`an output nested ${depth} levels deep → 400 InvalidArgument, nothing changed`, async () => {
      const { m, call } = await seeded();
      const [token] = await m.operations
        .getExecutionHistory({ flowName: 'seed', executionName: 'run1' })
        .then(({ events }) =>
          events.filter((e) => e.type === 'TaskSubmitted').map((e) => e.detail.taskToken),
        );
      const before = await snapshot(m, ['seed']);
      const answer = await call('POST', '/tasks/succeeded', {
        body: `{"taskToken":${JSON.stringify(token)},"output":${'{"a":'.repeat(depth - 1)}{"leaf":1}${'}'.repeat(depth - 1)}}`,
      });
      assertError(answer, {
        what: '',
        method: '',
        path: '',
        status: 400,
        code: 'InvalidArgument',
        says: /nested/,
      });
      await m.drain();
      assert.equal(await snapshot(m, ['seed']), before);
    });
  }

  it('an input nested too deeply is refused by StartExecution (REST and as JSON text)', async () => {
    const { m, call } = await seeded();
    const before = await snapshot(m, ['seed']);
    for (const input of [nested(MAX_PAYLOAD_NESTING_DEPTH + 1), JSON.stringify(nested(3_000))]) {
      const answer = await call('POST', '/flows/seed/executions', { body: { executionName: 'deep', input } });
      assertError(answer, {
        what: '',
        method: '',
        path: '',
        status: 400,
        code: 'InvalidArgument',
        says: /nested/,
      });
    }
    assert.equal(await snapshot(m, ['seed']), before);
  });

  it('an output nested exactly at the limit is accepted', async () => {
    const { m, call } = await seeded();
    const { events } = await m.operations.getExecutionHistory({ flowName: 'seed', executionName: 'run1' });
    const token = events.find((e) => e.type === 'TaskSubmitted')?.detail.taskToken;
    const answer = await call('POST', '/tasks/succeeded', {
      body: { taskToken: token, output: nested(MAX_PAYLOAD_NESTING_DEPTH) },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  });
});
