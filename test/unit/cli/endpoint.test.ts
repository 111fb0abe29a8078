/**
 * Where the CLI sends its requests (`--endpoint` > `FLOWBACK_ENDPOINT` > the local runtime), and that
 * an `execute-api` endpoint gets SigV4-signed requests from the default credential chain, checked by
 * the independent SigV4 check of test/support. No network: the CLI's fetch is replaced.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { CliIo } from '../../../lib/cli/io.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { checkSigV4, type ReceivedRequest } from '../../support/sigv4-check.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const EXECUTE_API = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';
const VARIABLES = [
  'FLOWBACK_ENDPOINT',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];

/** A request as the server would receive it, plus its full URL. */
type Seen = ReceivedRequest & { href: string };

/** A fetch that records requests and answers `answer` (200, JSON). */
function recordingFetch(answer: unknown = { flows: [] }): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fake = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      headers[name.toLowerCase()] = value;
    }
    headers.host = url.host;
    seen.push({
      method: init.method ?? 'GET',
      url: `${url.pathname}${url.search}`,
      href: url.href,
      headers,
      body: typeof init.body === 'string' ? init.body : '',
    });
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fake as typeof fetch, seen };
}

/** Runs the CLI with the fetch; returns the exit code and output. */
async function run(
  argv: string[],
  fetchImpl: typeof fetch,
): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  };
  const code = await runCli(argv, io, { fetch: fetchImpl });
  return { code, out, err };
}

describe('flowback --endpoint and signing', () => {
  const saved = new Map<string, string | undefined>();

  beforeEach(() => {
    for (const name of VARIABLES) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
  });

  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('uses the local runtime by default, FLOWBACK_ENDPOINT when set, and --endpoint above both', async () => {
    const { fetch, seen } = recordingFetch();
    await run(['list-flows'], fetch);
    assert.equal(seen.at(-1)?.href, 'http://127.0.0.1:8700/flows');
    process.env.FLOWBACK_ENDPOINT = 'http://127.0.0.1:9999/base/';
    await run(['list-flows', '--limit', '3'], fetch);
    assert.equal(seen.at(-1)?.href, 'http://127.0.0.1:9999/base/flows?limit=3');
    await run(['list-flows', '--endpoint', 'http://localhost:7000'], fetch);
    assert.equal(seen.at(-1)?.href, 'http://localhost:7000/flows');
    assert.equal(seen.length, 3);
    for (const request of seen) assert.equal(request.headers.authorization, undefined, 'local: not signed');
  });

  it('watch and graph --execution use the same endpoint resolution', async () => {
    process.env.FLOWBACK_ENDPOINT = 'http://127.0.0.1:9998';
    const { fetch, seen } = recordingFetch({ status: 'Succeeded', events: [] });
    const watched = await run(['watch', 'f', 'e'], fetch);
    assert.equal(watched.code, ExitCode.Success, watched.err);
    assert.ok(seen.length >= 2);
    for (const request of seen)
      assert.match(request.href, /^http:\/\/127\.0\.0\.1:9998\/flows\/f\/executions\/e/);
  });

  it('signs every request to an execute-api endpoint with SigV4 (default credential chain)', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    const { fetch, seen } = recordingFetch({ executions: [], eventId: 3 });
    const listed = await run(
      [
        'list-executions',
        '--flow-name',
        'my flow',
        '--status',
        'Running',
        '--limit',
        '5',
        '--endpoint',
        EXECUTE_API,
      ],
      fetch,
    );
    assert.equal(listed.code, ExitCode.Success, listed.err);
    process.env.FLOWBACK_ENDPOINT = EXECUTE_API;
    const reported = await run(
      ['report-task-succeeded', '--task-token', 'tok/+=', '--output', '{"a":1}'],
      fetch,
    );
    assert.equal(reported.code, ExitCode.Success, reported.err);
    assert.deepEqual(JSON.parse(reported.out), { executions: [], eventId: 3 });

    assert.equal(seen.length, 2);
    const [get, post] = seen as [Seen, Seen];
    assert.match(
      get.href,
      /^https:\/\/abc123\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/flows\/my%20flow\/executions\?/,
    );
    assert.equal(post.method, 'POST');
    assert.equal(post.body, JSON.stringify({ taskToken: 'tok/+=', output: { a: 1 } }));
    for (const request of seen) {
      assert.match(
        String(request.headers.authorization),
        /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\//,
      );
      assert.equal(checkSigV4(request, SECRET, 'execute-api'), true);
      assert.notEqual(checkSigV4(request, 'another secret', 'execute-api'), true, 'the check can fail');
    }
  });

  it('a session token from the chain is sent as X-Amz-Security-Token', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    process.env.AWS_SESSION_TOKEN = 'session-token';
    const { fetch, seen } = recordingFetch({ name: 'f' });
    const described = await run(['describe-flow', '--flow-name', 'f', '--endpoint', EXECUTE_API], fetch);
    assert.equal(described.code, ExitCode.Success, described.err);
    assert.equal(seen[0]?.headers['x-amz-security-token'], 'session-token');
    assert.equal(checkSigV4(seen[0] as Seen, SECRET, 'execute-api'), true);
  });
});
