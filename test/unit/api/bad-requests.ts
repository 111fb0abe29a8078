/** Table-driven bad-request tests: each request gets its code, status and message, and changes nothing. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  type Answer,
  type ApiHarness,
  apiHarness,
  type RequestParts,
  SEED_FLOW,
  snapshot,
} from './api-helpers.ts';

/** One bad request and the answer it must get. */
export interface BadCase {
  what: string;
  method: string;
  path: string;
  parts?: RequestParts;
  status: number;
  code: string;
  /** A fragment of the message (helpfulness). */
  says?: RegExp;
}

/** A definition with an unknown step type. */
export const INVALID_DEFINITION = 'version: v1\ntype: flow\nsteps:\n  - type: nope\n    name: a\n';

/** A harness with flow `seed` and its execution `run1` waiting for its callback. */
export async function seeded(): Promise<ApiHarness> {
  const harness = apiHarness();
  await harness.call('POST', '/flows', { body: { name: 'seed', definition: SEED_FLOW } });
  await harness.call('POST', '/flows/seed/executions', { body: { executionName: 'run1' } });
  await harness.m.drain();
  return harness;
}

/** Asserts the error shape of api.md. */
export function assertError(answer: Answer, expected: BadCase): void {
  assert.equal(answer.status, expected.status, JSON.stringify(answer.body));
  assert.equal(answer.body.code, expected.code, answer.body.message);
  assert.equal(typeof answer.body.message, 'string');
  assert.ok(answer.body.message.length > 0);
  assert.match(answer.body.requestId, /^req-\d+$/);
  const keys = Object.keys(answer.body).sort();
  const expectedKeys = [
    'code',
    'message',
    'requestId',
    ...(expected.code === 'InvalidDefinition' ? ['issues'] : []),
  ];
  assert.deepEqual(keys, expectedKeys.sort());
  if (expected.says !== undefined) assert.match(answer.body.message, expected.says);
}

/** The flows whose stored state the snapshots compare. */
const WATCHED = ['seed', 'f2', 'big', 'nope'];

/** One test per case (call inside a `describe`): the answer, and the stores unchanged. */
export function itRefuses(cases: readonly BadCase[]): void {
  for (const bad of cases) {
    it(`${bad.what} → ${bad.status} ${bad.code}`, async () => {
      const { m, call } = await seeded();
      const before = await snapshot(m, WATCHED);
      const answer = await call(bad.method, bad.path, bad.parts);
      assertError(answer, bad);
      await m.drain();
      assert.equal(await snapshot(m, WATCHED), before);
    });
  }
}
