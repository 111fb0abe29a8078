/**
 * `npm run test:deployed` itself (scripts/test-deployed.mjs), against a stand-in for a deployed
 * stack: a local runtime behind a gateway that forwards only correctly SigV4-signed requests, as API
 * Gateway with IAM auth does. The scenarios pass, every request was signed, and nothing they created
 * is left behind.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { FlowbackClient } from '../../../lib/client/index.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { type SigV4Gateway, startSigV4Gateway } from '../../support/sigv4-gateway.ts';
import { startExampleRuntime } from './local-helpers.ts';

const CREDENTIALS = { accessKeyId: 'AKIDDEPLOYEDTEST', secretAccessKey: 'deployed-test-secret' };

/** Runs the script with `args`; its exit code and output. */
function runScript(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/test-deployed.mjs', ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run test:deployed', () => {
  let local: LocalRuntime;
  let gateway: SigV4Gateway;

  before(async () => {
    local = await startExampleRuntime();
    gateway = await startSigV4Gateway(local.apiUrl, CREDENTIALS.secretAccessKey);
  });

  after(async () => {
    await gateway.close();
    await local.stop();
  });

  it('runs the API scenarios against a signed endpoint, every request signed, and cleans up', async () => {
    const { code, out } = await runScript(['--endpoint', gateway.url, '--sign-region', 'us-east-1']);
    assert.equal(code, 0, out);
    assert.match(out, /runs the seed example/);
    assert.match(out, /ℹ pass [1-9]\d*\nℹ fail 0\n/);
    assert.ok(gateway.counts.forwarded > 10, `${gateway.counts.forwarded} requests forwarded`);
    assert.equal(gateway.counts.refused, 0);
    const { flows } = await new FlowbackClient({ endpoint: local.apiUrl }).listFlows();
    assert.deepEqual(
      flows.map((flow) => flow.name).filter((name) => name.startsWith('scn-')),
      [],
      'every flow it created is deleted',
    );
  });

  it('fails when the signature is refused, and refuses to run without an endpoint', async () => {
    gateway.expired = true;
    try {
      const refused = await runScript(['--endpoint', gateway.url, '--sign-region', 'us-east-1']);
      assert.notEqual(refused.code, 0);
    } finally {
      gateway.expired = false;
    }
    const missing = await runScript([]);
    assert.equal(missing.code, 2);
    assert.match(missing.out, /--endpoint must be the stack's API URL/);
    const badRegion = await runScript(['--endpoint', gateway.url, '--sign-region', 'mars']);
    assert.equal(badRegion.code, 2);
  });
});
