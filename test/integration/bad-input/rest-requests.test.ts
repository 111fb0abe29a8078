/**
 * Bad input, REST: for every route of api.md, generated path parameters (the real `seed`/`run1`, or
 * nasty text), query strings and bodies (fields of the route with values of every kind, unknown fields,
 * raw text that is not a JSON object, huge and deep bodies), and unknown paths and methods. Every answer
 * is below 500 with `{code, message, requestId}` when refused, and a refused request changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { REST_ROUTES } from '../../../lib/api/rest-routes.ts';
import { fuzzParameters, nastyString, rawBody, requestsTo, type Tally, Target } from './fuzz-helpers.ts';

describe('bad input on the REST routes (in process, memory runtime)', () => {
  for (const route of REST_ROUTES) {
    it(`${route.method} ${route.path} (${route.operation}): never a 5xx, a refusal changes nothing`, async (t) => {
      const target = await Target.create();
      const tally: Tally = {};
      await fc.assert(
        fc.asyncProperty(requestsTo(route), async (generated) => {
          await target.check(generated, tally);
        }),
        fuzzParameters(150),
      );
      t.diagnostic(`answers by status: ${JSON.stringify(tally)}`);
      const refused = Object.entries(tally)
        .filter(([status]) => status >= '400')
        .reduce((sum, [, count]) => sum + count, 0);
      assert.ok(refused > 0, 'the corpus is mostly bad');
    });
  }

  it('unknown paths and methods: 404 NotFound / 405 MethodNotAllowed, never a 5xx', async () => {
    const target = await Target.create();
    const methods = fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'HEAD',
      'OPTIONS',
      'TRACE',
      'get',
      'X',
    );
    const paths = fc.oneof(
      fc.webPath(),
      nastyString.map((text) => `/${text}`),
      fc.constantFrom(
        '/flows/',
        '//flows',
        '/flows/seed/executions/run1/history/x',
        '/tasks',
        '/tasks/x',
        '',
      ),
    );
    await fc.assert(
      fc.asyncProperty(methods, paths, fc.option(rawBody), async (method, path, body) => {
        await target.check({ method, path, ...(body !== null ? { body } : {}) });
      }),
      fuzzParameters(300),
    );
  });
});
