/**
 * Bad input over real HTTP on the local runtime (dynalite + fauxqs): a smaller sample of the generated
 * corpus (every REST route, raw bodies, RPC) sent with fetch. Never a 5xx, always a JSON error
 * `{code, message, requestId}` (RPC: `{Code, Message, RequestId}`) with a 4xx, the server still
 * answers, and a refused request leaves the flow and its waiting execution as they were (read back
 * through the API: the flows, the flow, the execution, its history, the list of its executions).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { REST_ROUTES } from '../../../lib/api/rest-routes.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { SEED_FLOW } from '../../unit/runtime/runtime-helpers.ts';
import { call, startExecution, startWithFiles, waitForToken } from '../local/local-helpers.ts';
import {
  assertErrorBody,
  fuzzParameters,
  type Generated,
  hugeString,
  nastyString,
  rawBody,
  requestsTo,
} from './fuzz-helpers.ts';

/** Everything a refused request must leave unchanged, read through the API. */
async function state(apiUrl: string): Promise<unknown[]> {
  const reads = [
    '/flows',
    '/flows/seed',
    '/flows/seed/executions',
    '/flows/seed/executions/run1',
    '/flows/seed/executions/run1/history',
  ];
  const answers = await Promise.all(reads.map((path) => call(apiUrl, 'GET', path)));
  // An error answer's requestId differs each time (a fuzzed DeleteFlow may leave /flows/seed a 404).
  // Compared as values, so that a failure shows the field that changed.
  return answers.map(({ status, body }) => ({ status, body: { ...body, requestId: undefined } }));
}

/** Any REST request of the corpus, an RPC one, or a raw body on a random route. */
const requests: fc.Arbitrary<Generated> = fc.oneof(
  fc.constantFrom(...REST_ROUTES).chain(requestsTo),
  fc
    .tuple(
      fc.constantFrom('ReportTaskSucceeded', 'StartExecution', 'CreateFlow', 'DescribeExecution', 'Nope'),
      fc.dictionary(fc.constantFrom('FlowName', 'TaskToken', 'Output', 'Input', 'Definition'), nastyString),
    )
    .map(([Action, params]) => ({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, Action }).toString(),
    })),
  fc
    .tuple(fc.constantFrom('/flows', '/tasks/succeeded', '/flows/seed/executions'), rawBody)
    .map(([path, body]) => ({
      method: 'POST',
      path,
      body,
    })),
  hugeString.map((body) => ({ method: 'POST', path: '/tasks/failed', body })),
);

describe('bad input over HTTP on the local runtime', () => {
  let local: LocalRuntime;
  before(async () => {
    const functions = { 'fnf-demo/echo.js': 'module.exports.handler = (event) => event;\n' };
    local = await startWithFiles({ seed: SEED_FLOW }, functions);
    await startExecution(local.apiUrl, 'seed', 'run1');
    await waitForToken(local.apiUrl, 'seed', 'run1');
  });
  after(async () => local?.stop());

  it('never a 5xx; a JSON error with a 4xx; a refused request changes nothing', async (t) => {
    let baseline = await state(local.apiUrl);
    const statuses: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(requests, async (generated) => {
        const url = new URL(local.apiUrl);
        url.pathname = generated.path === '' ? '/' : generated.path;
        for (const [name, value] of Object.entries(generated.query ?? {})) url.searchParams.set(name, value);
        const response = await fetch(url, {
          method: generated.method,
          headers: generated.headers ?? {},
          ...(generated.body !== undefined && generated.method !== 'GET' ? { body: generated.body } : {}),
        });
        const text = await response.text();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        assert.ok(response.status < 500, `${response.status}: ${text.slice(0, 500)}`);
        const body = JSON.parse(text) as Record<string, unknown>;
        if (response.ok) {
          baseline = await state(local.apiUrl);
          return;
        }
        assert.ok(response.status >= 400);
        assertErrorBody(body, undefined, url.pathname === '/' && 'Code' in body);
        assert.deepEqual(await state(local.apiUrl), baseline, 'a refused request changed nothing');
      }),
      fuzzParameters(120),
    );
    t.diagnostic(`answers by status: ${JSON.stringify(statuses)}`);
    const alive = await call(local.apiUrl, 'GET', '/flows/seed/executions/run1');
    assert.equal(alive.status, 200, 'the server still answers');
  });
});
