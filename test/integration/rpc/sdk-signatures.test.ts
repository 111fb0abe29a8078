import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import FnF from '@alicloud/fnf-2019-03-15';
import { computeSignature } from '../../../lib/api/rpc/signature.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { SEED_FLOW_NAME, tempDir } from '../local/local-helpers.ts';
import {
  ACCESS_KEY,
  type RecordingProxy,
  replay,
  sdk,
  sdkError,
  skewedSdk,
  startRecordingProxy,
  unsignedSdk,
} from './rpc-helpers.ts';

/** Starts a local runtime with the seed flow and the given access keys. */
async function start(accessKeys: { id: string; secret: string }[]): Promise<LocalRuntime> {
  const flows = await tempDir('rpc-sig-flows');
  await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
  const local = await startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: '',
    memory: true,
    flowsDir: flows.path,
    functionsDir: 'examples/functions',
    accessKeys,
  });
  const stop = local.stop;
  local.stop = async () => {
    await stop();
    await flows.remove();
  };
  return local;
}

/** A raw request: the status and the JSON body. */
async function raw(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('RPC signatures with a configured access key', () => {
  let local: LocalRuntime;
  let proxy: RecordingProxy;

  before(async () => {
    local = await start([ACCESS_KEY]);
    proxy = await startRecordingProxy(local.apiUrl);
  });

  after(async () => {
    await proxy?.close();
    await local?.stop();
  });

  it('accepts the SDK’s signed GET and POST requests, with or without a SecurityToken', async () => {
    const flow = await sdk(local.apiUrl).describeFlow({ Name: SEED_FLOW_NAME });
    assert.equal(flow.Name, SEED_FLOW_NAME);
    const withToken = new FnF({
      endpoint: local.apiUrl,
      accessKeyId: ACCESS_KEY.id,
      accessKeySecret: ACCESS_KEY.secret,
      securityToken: 'STS-TOKEN',
    });
    const started = await withToken.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'sts' });
    assert.equal(started.Status, 'Running');
  });

  it('refuses a wrong secret (SignatureNotMatch), an unknown key (InvalidAccessKeyID) and unsigned requests (AccessDenied), with 403', async () => {
    const wrong = await sdkError(sdk(local.apiUrl, 'notTheSecret').describeFlow({ Name: SEED_FLOW_NAME }));
    assert.equal(wrong.code, 'SignatureNotMatch');
    assert.match(wrong.data.Message ?? '', /string to sign is:GET&%2F&AccessKeyId%3DtestAK/);
    const unknown = await sdkError(sdk(local.apiUrl, 'x', 'nobody').describeFlow({ Name: SEED_FLOW_NAME }));
    assert.equal(unknown.code, 'InvalidAccessKeyID');
    const unsigned = await sdkError(unsignedSdk(local.apiUrl).describeFlow({ Name: SEED_FLOW_NAME }));
    assert.equal(unsigned.code, 'AccessDenied');
    const status = await raw(
      `${local.apiUrl}/?Action=ListFlows&AccessKeyId=testAK&Signature=x&SignatureNonce=n&Timestamp=2020-01-01T00:00:00Z`,
    );
    assert.equal(status.status, 403);
    assert.deepEqual(Object.keys(status.body).sort(), ['Code', 'Message', 'RequestId']);
  });

  it('refuses a Timestamp more than 15 minutes off (RequestTimeTooSkewed), accepts one 5 minutes off', async () => {
    for (const offset of [20 * 60_000, -20 * 60_000]) {
      const skewed = await sdkError(skewedSdk(local.apiUrl, offset).listFlows({}));
      assert.equal(skewed.code, 'RequestTimeTooSkewed');
    }
    const slightly = await skewedSdk(local.apiUrl, 5 * 60_000).listFlows({});
    assert.equal((slightly.Flows as unknown[]).length, 1);
    assert.equal(new Date().getFullYear() > 2000, true, 'Date is restored');
  });

  it('refuses a replayed request (SignatureNonceUsed): a captured GET and a captured POST', async () => {
    const client = sdk(proxy.url);
    await client.describeFlow({ Name: SEED_FLOW_NAME });
    const get = proxy.requests.at(-1)!;
    assert.equal(get.method, 'GET');
    const replayedGet = await replay(local.apiUrl, get);
    assert.equal(replayedGet.body.Code, 'SignatureNonceUsed');

    await client.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'once' });
    const post = proxy.requests.at(-1)!;
    assert.equal(post.method, 'POST');
    assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded');
    const replayedPost = await replay(local.apiUrl, post);
    assert.equal(replayedPost.body.Code, 'SignatureNonceUsed');

    // The same captured request with one parameter changed no longer matches its signature.
    const tampered = await replay(local.apiUrl, {
      ...post,
      body: post.body.replace('ExecutionName=once', 'ExecutionName=twice'),
    });
    assert.equal(tampered.body.Code, 'SignatureNotMatch');
    assert.equal(tampered.status, 403);
  });

  it('verifies a request whose parameters are split between the query and the form body', async () => {
    const params: Record<string, string> = {
      Action: 'DescribeFlow',
      Version: '2019-03-15',
      Format: 'JSON',
      AccessKeyId: ACCESS_KEY.id,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: `split-${Date.now()}`,
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Name: SEED_FLOW_NAME,
    };
    const Signature = computeSignature('POST', params, ACCESS_KEY.secret);
    const { Name, ...query } = params;
    const answer = await raw(`${local.apiUrl}/?${new URLSearchParams({ ...query, Signature })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Name: Name ?? '' }).toString(),
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.Name, SEED_FLOW_NAME);
  });
});

describe('RPC without access keys (the local default)', () => {
  let local: LocalRuntime;

  before(async () => {
    local = await start([]);
  });

  after(async () => {
    await local?.stop();
  });

  it('accepts a hand-built unsigned form POST and an unsigned GET', async () => {
    const started = await raw(`${local.apiUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=StartExecution&FlowName=fnf-demo-callback&ExecutionName=plain&Input=%7B%22a%22%3A1%7D',
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.Name, 'plain');
    assert.equal(started.body.Input, '{"a":1}');
    assert.equal(typeof started.body.RequestId, 'string');
    const described = await raw(
      `${local.apiUrl}/?Action=DescribeExecution&FlowName=fnf-demo-callback&ExecutionName=plain`,
    );
    assert.equal(described.status, 200);
    assert.equal(described.body.Status, 'Running');
    const json = await raw(`${local.apiUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Action: 'DescribeFlow', Name: 'fnf-demo-callback' }),
    });
    assert.equal(json.body.Type, 'FDL');
  });

  it('accepts the SDK unsigned, or signed with any key', async () => {
    const flows = await unsignedSdk(local.apiUrl).listFlows({});
    assert.equal((flows.Flows as unknown[]).length, 1);
    const anyKey = await sdk(local.apiUrl, 'whatever', 'anyone').describeFlow({ Name: SEED_FLOW_NAME });
    assert.equal(anyKey.Name, SEED_FLOW_NAME);
  });

  it('answers errors as {RequestId, Code, Message} with the original’s HTTP statuses', async () => {
    const cases: [string, number, string][] = [
      ['Action=CreateSchedule', 400, 'ActionNotSupported'],
      ['', 400, 'MissingRequiredParams'],
      ['Action=DescribeFlow&Name=nope', 404, 'FlowNotExists'],
      ['Action=DescribeFlow', 400, 'MissingRequiredParams'],
      ['Action=ListFlows&Version=2015-01-01', 400, 'APIVersionNotSupported'],
      ['Action=DescribeExecution&FlowName=f&ExecutionName=e&WaitTimeSeconds=61', 400, 'InvalidArgument'],
      ['Action=ReportTaskSucceeded&TaskToken=unknown-token&Output=%7B%7D', 404, 'TaskNotExists'],
      [
        `Action=StartExecution&FlowName=${SEED_FLOW_NAME}&CallbackFnFTaskToken=unknown-token`,
        404,
        'TaskNotExists',
      ],
    ];
    for (const [query, status, code] of cases) {
      const answer = await raw(`${local.apiUrl}/?${query}`);
      assert.equal(answer.status, status, `${query}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(Object.keys(answer.body).sort(), ['Code', 'Message', 'RequestId']);
      assert.equal(answer.body.Code, code, query);
    }
    const xml = await raw(`${local.apiUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<Action>ListFlows</Action>',
    });
    assert.equal(xml.status, 415);
    assert.equal(xml.body.Code, 'UnsupportedMediaType');
  });
});
