import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fromApiGatewayEvent } from '../../../lib/api/apigateway.ts';
import { parseFlow } from '../../../lib/fdl/index.ts';
import { toApiGatewayEvent } from '../../../lib/local/apigateway-event.ts';
import { queueNamesOf } from '../../../lib/local/flow-queues.ts';
import { LocalFunctionInvoker } from '../../../lib/local/local-function-invoker.ts';
import { tempDir } from '../../integration/local/local-helpers.ts';

/** The parts of a `node:http` request the conversion reads. */
function request(method: string, url: string, headers: Record<string, string[]>): IncomingMessage {
  return {
    method,
    url,
    httpVersion: '1.1',
    headersDistinct: headers,
    headers: Object.fromEntries(Object.entries(headers).map(([name, values]) => [name, values.join(', ')])),
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
}

describe('the local server’s API Gateway events', () => {
  it('carry what the api Lambda reads: method, path, query (last value wins), headers, body', () => {
    const event = toApiGatewayEvent(
      request('get', '/flows/f%201/executions?limit=5&status=Running&limit=7', {
        'content-type': ['application/json'],
        'x-multi': ['a', 'b'],
      }),
      '{"a":1}',
    );
    assert.equal(event.httpMethod, 'GET');
    assert.deepEqual(event.multiValueQueryStringParameters, { limit: ['5', '7'], status: ['Running'] });
    const decoded = fromApiGatewayEvent(event);
    assert.equal(decoded.method, 'GET');
    assert.equal(decoded.path, '/flows/f%201/executions');
    assert.deepEqual(decoded.query, { limit: '7', status: 'Running' });
    assert.equal(decoded.headers['x-multi'], 'b');
    assert.equal(decoded.body, '{"a":1}');
    assert.equal(decoded.requestId, event.requestContext.requestId);
  });

  it('have null query maps and body when the request has none', () => {
    const event = toApiGatewayEvent(request('POST', '/tasks/heartbeat', {}), undefined);
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.body, null);
  });
});

describe('LocalFunctionInvoker', () => {
  it('finds acs:fc functions as DIR/service/function and refuses names that leave the folder', async () => {
    const dir = await tempDir('fn');
    try {
      await mkdir(join(dir.path, 'svc'));
      await writeFile(
        join(dir.path, 'svc', 'f.mjs'),
        'export const handler = (e, c) => ({ e, name: c.functionName, callId: c.callId });\n',
      );
      const invoker = new LocalFunctionInvoker(dir.path);
      const context = {
        executionKey: { flowName: 'a', executionName: 'b' },
        stepName: 's',
        scheduleEventId: 3,
        callId: 'c1-0000000000001-3',
      };
      const fc = { kind: 'function', arn: 'x', service: 'svc', functionName: 'f' } as const;
      assert.deepEqual(await invoker.invoke(fc, { n: 1 }, context), {
        ok: true,
        output: { e: { n: 1 }, name: 'svc/f', callId: 'c1-0000000000001-3' },
      });
      const outside = { kind: 'function', arn: 'x', service: '..', functionName: 'f' } as const;
      const refused = await invoker.invoke(outside, {}, context);
      assert.deepEqual([refused.ok, !refused.ok && refused.error], [false, 'FC.FunctionNotFound']);
    } finally {
      await dir.remove();
    }
  });
});

describe('LocalFunctionInvoker threads', () => {
  it('loads an edited module again, in a new thread, without a restart', async () => {
    const dir = await tempDir('fn');
    const invoker = new LocalFunctionInvoker(dir.path);
    try {
      await mkdir(join(dir.path, 'svc'));
      const file = join(dir.path, 'svc', 'v.mjs');
      const context = {
        executionKey: { flowName: 'a', executionName: 'b' },
        stepName: 's',
        scheduleEventId: 3,
        callId: 'c1-0000000000001-3',
      };
      const fc = { kind: 'function', arn: 'x', service: 'svc', functionName: 'v' } as const;
      await writeFile(
        file,
        'let calls = 0;\nexport const handler = () => ({ version: 1, calls: ++calls });\n',
      );
      assert.deepEqual(await invoker.invoke(fc, {}, context), { ok: true, output: { version: 1, calls: 1 } });
      assert.deepEqual(await invoker.invoke(fc, {}, context), { ok: true, output: { version: 1, calls: 2 } });
      await writeFile(file, 'export const handler = () => ({ version: 2 });\n');
      await utimes(file, new Date(), new Date(Date.now() + 5_000));
      assert.deepEqual(await invoker.invoke(fc, {}, context), { ok: true, output: { version: 2 } });
    } finally {
      await invoker.close();
      await dir.remove();
    }
  });
});

describe('queueNamesOf', () => {
  it('finds the queues of tasks at any depth', () => {
    const parsed = parseFlow(`version: v1
type: flow
steps:
  - type: parallel
    name: p
    branches:
      - steps:
          - type: task
            name: t1
            resourceArn: acs:mns:::/queues/q-b/messages
            pattern: waitForCallback
      - steps:
          - type: foreach
            name: each
            iterationMapping:
              collection: $.items
              item: item
            steps:
              - type: task
                name: t2
                resourceArn: arn:aws:sqs:us-east-1:000000000000:q-a
                pattern: waitForCallback
`);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
    assert.deepEqual(queueNamesOf([parsed.definition]), ['q-a', 'q-b']);
  });
});
