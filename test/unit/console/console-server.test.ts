import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sigV4Signer } from '../../../lib/client/signing.ts';
import { CONSOLE_HEADER } from '../../../lib/console/console-header.ts';
import { type ConsoleServer, startConsoleServer } from '../../../lib/console/console-server.ts';
import { freePort } from '../../support/served.ts';
import { checkSigV4 } from '../../support/sigv4-check.ts';

const CREDENTIALS = {
  accessKeyId: 'AKIDPROXYTEST',
  secretAccessKey: 'proxy-secret',
  sessionToken: 'session-1',
};

/** What the fake endpoint received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A raw HTTP request (fetch cannot set Host or Origin). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({
            status: answer.statusCode ?? 0,
            headers: answer.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('flowback console: its server', () => {
  const received: Received[] = [];
  const endpoint = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(201, { 'content-type': 'application/json', 'x-amzn-requestid': 'r-1' });
      response.end('{"ok":true}');
    });
  });
  let server: ConsoleServer;
  let base: string;

  before(async () => {
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/prod`;
    server = await startConsoleServer({
      endpoint: base,
      port: 0,
      signer: sigV4Signer({ region: 'eu-west-1', credentials: CREDENTIALS }),
    });
  });

  after(async () => {
    await server.close();
    endpoint.close();
  });

  it("forwards the console's API requests under the endpoint's stage path, signed with SigV4", async () => {
    const body = JSON.stringify({ executionName: 'e 1', input: { a: 1 } });
    const answer = await send(`${server.url}/flows/my%20flow/executions?limit=5`, {
      method: 'POST',
      headers: { [CONSOLE_HEADER]: '1', 'content-type': 'application/json', origin: server.url },
      body,
    });
    assert.equal(answer.status, 201);
    assert.equal(answer.body, '{"ok":true}');
    assert.equal(answer.headers['x-amzn-requestid'], 'r-1');
    const last = received.at(-1)!;
    assert.equal(last.url, '/prod/flows/my%20flow/executions?limit=5');
    assert.equal(last.body, body);
    assert.equal(last.headers['x-amz-security-token'], 'session-1');
    assert.match(
      String(last.headers.authorization),
      /Credential=AKIDPROXYTEST\/\d{8}\/eu-west-1\/execute-api\//,
    );
    assert.equal(checkSigV4(last, CREDENTIALS.secretAccessKey, 'execute-api'), true);
    assert.equal(last.headers[CONSOLE_HEADER], undefined, 'the console header stays between page and proxy');
  });

  it('refuses requests that are not from its page: no console header, another origin, another host', async () => {
    const count = received.length;
    const noHeader = await send(`${server.url}/flows`);
    const otherOrigin = await send(`${server.url}/flows`, {
      headers: { [CONSOLE_HEADER]: '1', origin: 'http://evil.example' },
    });
    const rebound = await send(`${server.url}/flows`, {
      headers: { [CONSOLE_HEADER]: '1', host: `evil.example:${server.port}` },
    });
    for (const answer of [noHeader, otherOrigin, rebound]) {
      assert.equal(answer.status, 403);
      assert.equal(JSON.parse(answer.body).code, 'AccessDenied');
    }
    assert.equal(received.length, count, 'nothing was forwarded');
  });

  it('serves the console, its settings, and nothing but the API besides', async () => {
    const page = await send(`${server.url}/console/flows/a/executions/b`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<div id="app">/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    const config = JSON.parse((await send(`${server.url}/console/config.json`)).body);
    assert.deepEqual(config, { mode: 'proxy', endpoint: base, signed: true });
    assert.equal((await send(`${server.url}/console/assets/../../../package.json`)).status, 404);
    assert.equal((await send(`${server.url}/`)).headers.location, '/console/');
    const other = await send(`${server.url}/admin`, { headers: { [CONSOLE_HEADER]: '1' } });
    assert.equal(other.status, 404);
  });

  it('answers EndpointUnreachable when the endpoint cannot be reached', async () => {
    const closed = await startConsoleServer({ endpoint: `http://127.0.0.1:${await freePort()}`, port: 0 });
    try {
      const answer = await send(`${closed.url}/flows`, { headers: { [CONSOLE_HEADER]: '1' } });
      assert.equal(answer.status, 502);
      const error = JSON.parse(answer.body);
      assert.equal(error.code, 'EndpointUnreachable');
      assert.match(error.message, /ECONNREFUSED/);
    } finally {
      await closed.close();
    }
  });

  it('answers CredentialsMissing when there are no credentials to sign with', async () => {
    const unsigned = await startConsoleServer({
      endpoint: base,
      port: 0,
      signer: async () => {
        throw new Error('Could not load credentials from any providers');
      },
    });
    try {
      const answer = await send(`${unsigned.url}/tasks`, { headers: { [CONSOLE_HEADER]: '1' } });
      assert.equal(answer.status, 401);
      assert.equal(JSON.parse(answer.body).code, 'CredentialsMissing');
    } finally {
      await unsigned.close();
    }
  });
});
