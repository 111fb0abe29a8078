import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHttpApi } from '../../../lib/api/rest.ts';
import type { Operations } from '../../../lib/runtime/index.ts';
import { type BadCase, INVALID_DEFINITION, itRefuses, seeded } from './bad-requests.ts';

const BIG = 'x'.repeat(1024 * 1024);

const CASES: BadCase[] = [
  // routing
  { what: 'unknown path', method: 'GET', path: '/nope', status: 404, code: 'NotFound' },
  // GET / and POST / are the RPC protocol (test/unit/api/rpc); other methods are not.
  { what: 'PUT / (RPC: GET and POST only)', method: 'PUT', path: '/', status: 405, code: 'MethodNotAllowed' },
  { what: 'empty segment', method: 'GET', path: '/flows//executions', status: 404, code: 'NotFound' },
  {
    what: 'too deep',
    method: 'GET',
    path: '/flows/seed/executions/run1/history/x',
    status: 404,
    code: 'NotFound',
  },
  { what: 'PATCH /flows', method: 'PATCH', path: '/flows', status: 405, code: 'MethodNotAllowed' },
  {
    what: 'GET /tasks/succeeded',
    method: 'GET',
    path: '/tasks/succeeded',
    status: 405,
    code: 'MethodNotAllowed',
  },
  {
    what: 'DELETE execution',
    method: 'DELETE',
    path: '/flows/seed/executions/run1',
    status: 405,
    code: 'MethodNotAllowed',
  },
  // bodies
  {
    what: 'malformed JSON',
    method: 'POST',
    path: '/flows',
    parts: { body: '{"name": "x",' },
    status: 400,
    code: 'InvalidArgument',
    says: /not valid JSON/,
  },
  {
    what: 'array body',
    method: 'POST',
    path: '/tasks/heartbeat',
    parts: { body: '[1]' },
    status: 400,
    code: 'InvalidArgument',
    says: /JSON object \(got an array\)/,
  },
  {
    what: 'null body',
    method: 'POST',
    path: '/flows/seed/executions',
    parts: { body: 'null' },
    status: 400,
    code: 'InvalidArgument',
    says: /got null/,
  },
  {
    what: 'string body',
    method: 'POST',
    path: '/flows/seed/executions/run1/stop',
    parts: { body: '"stop"' },
    status: 400,
    code: 'InvalidArgument',
    says: /got a string/,
  },
  {
    what: 'body over 1 MiB',
    method: 'POST',
    path: '/flows',
    parts: { body: { name: 'big', definition: BIG } },
    status: 400,
    code: 'EntityTooLarge',
    says: /1 MiB/,
  },
  {
    what: 'misspelt field',
    method: 'POST',
    path: '/flows/seed/executions',
    parts: { body: { executionname: 'x' } },
    status: 400,
    code: 'InvalidArgument',
    says: /`executionname`.*did you mean `executionName`/,
  },
  {
    what: 'unknown query parameter',
    method: 'GET',
    path: '/flows',
    parts: { query: { limt: '5' } },
    status: 400,
    code: 'InvalidArgument',
    says: /did you mean `limit`/,
  },
];

describe('REST API: bad routes and bodies get the specified code and change nothing', () => {
  itRefuses(CASES);

  it('InvalidDefinition lists every issue with path, line, column and message', async () => {
    const { call } = await seeded();
    const answer = await call('POST', '/flows', { body: { name: 'f2', definition: INVALID_DEFINITION } });
    assert.ok(Array.isArray(answer.body.issues) && answer.body.issues.length > 0);
    for (const issue of answer.body.issues) {
      assert.deepEqual(Object.keys(issue).sort(), ['column', 'line', 'message', 'path']);
    }
  });

  it('405 names the allowed methods in the allow header', async () => {
    const { call } = await seeded();
    const answer = await call('PATCH', '/flows/seed');
    assert.equal(answer.headers.allow, 'GET, PUT, DELETE');
  });

  it('the answer carries the request id', async () => {
    const { api } = await seeded();
    const response = await api({
      method: 'GET',
      path: '/flows/nope',
      query: {},
      headers: {},
      requestId: 'abc-123',
    });
    assert.equal(JSON.parse(response.body).requestId, 'abc-123');
  });

  it('an unexpected error is a 500 InternalServerError, reported to the listener', async () => {
    const seen: unknown[] = [];
    const broken = {
      listFlows: async () => Promise.reject(new Error('disk on fire')),
    } as unknown as Operations;
    const api = createHttpApi(broken, { onInternalError: (error) => seen.push(error) });
    const response = await api({ method: 'GET', path: '/flows', query: {}, headers: {}, requestId: 'r1' });
    assert.equal(response.status, 500);
    const body = JSON.parse(response.body);
    assert.equal(body.code, 'InternalServerError');
    assert.equal(body.requestId, 'r1');
    assert.equal(seen.length, 1);
  });

  it('a body exactly at 1 MiB is read (and then judged by the operation)', async () => {
    const { call } = await seeded();
    const filler = 'x'.repeat(1024 * 1024 - JSON.stringify({ taskToken: 'nope', output: {}, p: '' }).length);
    const body = JSON.stringify({ taskToken: 'nope', output: {}, p: filler });
    assert.equal(Buffer.byteLength(body), 1024 * 1024);
    const answer = await call('POST', '/tasks/succeeded', { body });
    assert.equal(answer.body.code, 'InvalidArgument');
    assert.match(answer.body.message, /`p`/);
  });
});
