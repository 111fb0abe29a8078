import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { signingFor } from '../../../lib/client/signing.ts';

/** Runs the CLI, capturing its output. */
async function run(...argv: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

describe('flowback console', () => {
  it('signs for the service and region of a deployed endpoint, or the region given, and not otherwise', () => {
    assert.deepEqual(signingFor('https://abc123.execute-api.eu-west-1.amazonaws.com/prod'), {
      service: 'execute-api',
      region: 'eu-west-1',
    });
    assert.deepEqual(signingFor('https://abcdefghij0123456789.lambda-url.eu-west-1.on.aws/'), {
      service: 'lambda',
      region: 'eu-west-1',
    });
    assert.deepEqual(signingFor('http://127.0.0.1:8700', 'us-east-1'), {
      service: 'execute-api',
      region: 'us-east-1',
    });
    assert.equal(signingFor('http://127.0.0.1:8700'), undefined);
  });

  it('refuses an endpoint that is not an http(s) URL, and a malformed region, as usage errors', async () => {
    const bad = await run('console', '--endpoint', 'ftp://example.com', '--port', '0');
    assert.equal(bad.code, ExitCode.Usage);
    assert.match(bad.err, /^InvalidArgument: --endpoint: ftp:\/\/example\.com is not an http\(s\) URL/);
    const region = await run('console', '--sign-region', 'Mars');
    assert.equal(region.code, ExitCode.Usage);
    assert.match(region.err, /expected a region such as us-east-1/);
    assert.equal(bad.out + region.out, '');
  });
});
