/**
 * Invariant 4 of architecture.md: the engine's own records find tokens by hash only, and no code path
 * evaluates user text. The plain token may live only where semantics.md lists it (the task input the
 * flow mapped it into, the worker's payload, `TaskSubmitted`) — never in the tokens table.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../lib/local/local-clients.ts';
import { LOCAL_TABLES, type LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { hashToken } from '../../../lib/runtime/token-hash.ts';
import { SEED_FLOW } from '../../support/seed-flow.ts';
import { call, startWithFiles, waitForEnd, waitForToken } from './local-helpers.ts';

const ECHO = 'exports.handler = async (event) => event;\n';

/** Every TypeScript file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('tokens are found by hash only', () => {
  let local: LocalRuntime;
  let dynamo: DynamoDBClient;

  before(async () => {
    local = await startWithFiles({ seed: SEED_FLOW }, { 'fnf-demo/echo.js': ECHO });
    dynamo = new DynamoDBClient({
      region: LOCAL_REGION,
      endpoint: local.dynamoUrl,
      credentials: LOCAL_CREDENTIALS,
    });
  });
  after(async () => {
    dynamo.destroy();
    await local.stop();
  });

  it('keeps the hash, never the token, in the tokens table — while waiting and as a tombstone', async () => {
    const started = await call(local.apiUrl, 'POST', '/flows/seed/executions', { executionName: 'p1' });
    assert.equal(started.status, 201);
    const token = await waitForToken(local.apiUrl, 'seed', 'p1');
    const tokensTable = async () =>
      JSON.stringify((await dynamo.send(new ScanCommand({ TableName: LOCAL_TABLES.tokens }))).Items);
    const waiting = await tokensTable();
    assert.ok(waiting.includes(hashToken(token)), 'the record is keyed by the hash');
    assert.ok(!waiting.includes(token), 'the plain token is not stored');
    const reported = await call(local.apiUrl, 'POST', '/tasks/succeeded', {
      taskToken: token,
      output: { status: 'ok' },
    });
    assert.equal(reported.status, 200);
    assert.equal((await waitForEnd(local.apiUrl, 'seed', 'p1')).status, 'Succeeded');
    const ended = await tokensTable();
    assert.ok(ended.includes(hashToken(token)));
    assert.ok(!ended.includes(token), 'the tombstone does not hold the token either');
  });

  it('evaluates no user text: no eval or Function constructor anywhere in lib/ or lambdas/', () => {
    const root = join(import.meta.dirname, '../../..');
    const offenders = [...sources(join(root, 'lib')), ...sources(join(root, 'lambdas'))].filter((file) =>
      /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*['"`]/.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});
