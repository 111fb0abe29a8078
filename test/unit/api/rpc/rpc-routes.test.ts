import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpRequest } from '../../../../lib/api/http.ts';
import { createHttpApi } from '../../../../lib/api/rest.ts';
import { RPC_ACTIONS } from '../../../../lib/api/rpc/rpc-routes.ts';
import type { Operations } from '../../../../lib/runtime/operations/index.ts';
import { SEED_FLOW, setup } from '../../runtime/runtime-helpers.ts';

/** An RPC request with `params` as a form body. */
function post(params: Record<string, string>): HttpRequest {
  return {
    method: 'POST',
    path: '/',
    query: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(params).toString(),
    requestId: 'req-1',
  };
}

/** Sends a request and parses the answer. */
async function send(
  api: ReturnType<typeof createHttpApi>,
  request: HttpRequest,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await api(request);
  assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
  return { status: response.status, body: JSON.parse(response.body) };
}

describe('the RPC routes over the operations', () => {
  it('supports exactly the actions of api.md, plus ReportTaskHeartbeat', () => {
    assert.deepEqual(Object.keys(RPC_ACTIONS).sort(), [
      'CreateFlow',
      'DeleteFlow',
      'DescribeExecution',
      'DescribeFlow',
      'GetExecutionHistory',
      'ListExecutions',
      'ListFlows',
      'ReportTaskFailed',
      'ReportTaskHeartbeat',
      'ReportTaskSucceeded',
      'StartExecution',
      'StopExecution',
      'UpdateFlow',
    ]);
  });

  it('answers an invalid definition as InvalidArgument (400) listing its problems', async () => {
    const api = createHttpApi(setup().operations);
    const answer = await send(
      api,
      post({
        Action: 'CreateFlow',
        Name: 'f',
        Definition: 'version: v1\ntype: flow\nsteps:\n  - type: nope\n    name: x\n',
      }),
    );
    assert.equal(answer.status, 400);
    assert.equal(answer.body.Code, 'InvalidArgument');
    assert.equal(answer.body.RequestId, 'req-1');
    assert.match(String(answer.body.Message), /problem\(s\)[\s\S]*\n\d+:\d+ steps\[0\]/);
  });

  it('answers an unexpected failure 500 InternalServerError without its details, and reports it', async () => {
    const reported: unknown[] = [];
    const broken = {
      listFlows: async () => Promise.reject(new Error('secret detail')),
    } as unknown as Operations;
    const api = createHttpApi(broken, { onInternalError: (error) => reported.push(error) });
    const answer = await send(api, post({ Action: 'ListFlows' }));
    assert.deepEqual(answer, {
      status: 500,
      body: { RequestId: 'req-1', Code: 'InternalServerError', Message: 'internal error, retry' },
    });
    assert.equal(reported.length, 1);
  });

  it('can be turned off (403 AccessDenied), with settings read at the first request', async () => {
    let reads = 0;
    const api = createHttpApi(setup().operations, {
      rpc: () => {
        reads += 1;
        return { enabled: false };
      },
    });
    assert.equal(reads, 0);
    for (let i = 0; i < 2; i++) {
      const answer = await send(api, post({ Action: 'ListFlows' }));
      assert.equal(answer.status, 403);
      assert.equal(answer.body.Code, 'AccessDenied');
    }
    assert.equal(reads, 1);
    const rest = await api({ method: 'GET', path: '/flows', query: {}, headers: {}, requestId: 'r' });
    assert.equal(rest.status, 200, 'the REST API stays on');
  });

  it('clamps DescribeExecution’s WaitTimeSeconds (up to 60) to the configured maximum', async () => {
    const m = setup();
    await m.operations.createFlow({ name: 'seed', definition: SEED_FLOW });
    await m.operations.startExecution({ flowName: 'seed', executionName: 'e1' });
    await m.drain();
    const api = createHttpApi(m.operations, { rpc: { maxWaitTimeSeconds: 1 } });
    const began = Date.now();
    const answer = await send(
      api,
      post({ Action: 'DescribeExecution', FlowName: 'seed', ExecutionName: 'e1', WaitTimeSeconds: '60' }),
    );
    const waited = Date.now() - began;
    assert.equal(answer.body.Status, 'Running');
    // 1 s, not 60 s: a bound far from both, so load cannot matter.
    assert.ok(waited >= 900 && waited < 30_000, `waited ${waited} ms`);
  });

  it('merges the query and the body (the body wins), and takes JSON bodies too', async () => {
    const m = setup();
    await m.operations.createFlow({ name: 'seed', definition: SEED_FLOW });
    const api = createHttpApi(m.operations);
    const merged = await send(api, {
      ...post({ Name: 'seed' }),
      query: { Action: 'DescribeFlow', Name: 'other' },
    });
    assert.equal(merged.body.Name, 'seed');
    const json = await send(api, {
      method: 'POST',
      path: '/',
      query: {},
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Action: 'StartExecution',
        FlowName: 'seed',
        ExecutionName: 'j',
        Input: { a: [1] },
      }),
      requestId: 'r',
    });
    assert.equal(json.body.Input, '{"a":[1]}');
    const tooLarge = await send(api, post({ Action: 'ListFlows', Pad: 'x'.repeat(1024 * 1024) }));
    assert.equal(tooLarge.body.Code, 'EntityTooLarge');
  });
});
