import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  executeApiRegion,
  FlowbackClient,
  FlowbackError,
  signingTarget,
  sigV4Signer,
} from '../../../lib/client/index.ts';
import { checkSigV4, type ReceivedRequest } from '../../support/sigv4-check.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('the client signs execute-api requests with SigV4', () => {
  const received: ReceivedRequest[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      received.push(seen);
      const verdict = checkSigV4(seen, credentials.secretAccessKey, 'execute-api');
      response.writeHead(verdict === true ? 200 : 403, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          verdict === true ? { name: 'f', ok: true } : { code: 'AccessDenied', message: verdict },
        ),
      );
    });
  });
  let endpoint = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () =>
    new FlowbackClient({ endpoint, signer: sigV4Signer({ region: 'eu-west-1', credentials }) });

  it('signs a GET with a query so that an independent SigV4 check accepts it', async () => {
    await client().listExecutions({ flowName: 'my-flow', status: 'Running', limit: 5 });
    assert.match(received.at(-1)?.url ?? '', /^\/prod\/flows\/my-flow\/executions\?/);
  });

  it('signs a POST body', async () => {
    await client().reportTaskSucceeded({ taskToken: 'tok/+=', output: { status: 'ok' } });
    assert.equal(received.at(-1)?.body, JSON.stringify({ taskToken: 'tok/+=', output: { status: 'ok' } }));
  });

  it('a wrong secret is refused by the same check (the check can fail)', async () => {
    const wrong = new FlowbackClient({
      endpoint,
      signer: sigV4Signer({ region: 'eu-west-1', credentials: { ...credentials, secretAccessKey: 'nope' } }),
    });
    await assert.rejects(wrong.describeFlow({ name: 'f' }), (error: unknown) => {
      assert.ok(error instanceof FlowbackError);
      assert.equal(error.code, 'AccessDenied');
      assert.equal(error.status, 403);
      return true;
    });
  });

  it('recognises execute-api endpoints and their region', () => {
    assert.equal(
      executeApiRegion(new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod')),
      'eu-west-1',
    );
    assert.equal(executeApiRegion(new URL('http://127.0.0.1:8700')), undefined);
  });

  it('recognises Lambda function URLs, signed for service lambda, and nothing else', () => {
    const functionUrl = new URL('https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-southeast-1.on.aws/');
    assert.deepEqual(signingTarget(functionUrl), { service: 'lambda', region: 'ap-southeast-1' });
    assert.deepEqual(signingTarget(new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod')), {
      service: 'execute-api',
      region: 'eu-west-1',
    });
    assert.equal(signingTarget(new URL('https://lambda-url.example.com/')), undefined);
    assert.equal(signingTarget(new URL('http://127.0.0.1:8700')), undefined);
  });

  it('signs for service lambda so that a lambda check accepts it and an execute-api one does not', async () => {
    const url = new URL('https://abcdefghij.lambda-url.eu-west-1.on.aws/flows/f?x=1');
    const body = JSON.stringify({ name: 'f' });
    const headers = await sigV4Signer({ region: 'eu-west-1', service: 'lambda', credentials })({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const seen = { method: 'POST', url: `${url.pathname}${url.search}`, headers: lowered, body };
    assert.equal(checkSigV4(seen, credentials.secretAccessKey, 'lambda'), true);
    assert.notEqual(checkSigV4(seen, credentials.secretAccessKey, 'execute-api'), true);
  });

  it('does not sign local endpoints by default', async () => {
    await new FlowbackClient({ endpoint }).describeFlow({ name: 'f' }).catch(() => undefined);
    assert.equal(received.at(-1)?.headers.authorization, undefined);
  });

  it('answers an unreachable endpoint with ConnectionFailed (status 0)', async () => {
    const unreachable = new FlowbackClient({ endpoint: 'http://127.0.0.1:9' });
    await assert.rejects(
      unreachable.listFlows(),
      (error: unknown) =>
        error instanceof FlowbackError && error.code === 'ConnectionFailed' && error.status === 0,
    );
  });
});
