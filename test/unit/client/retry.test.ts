/**
 * The client retries throttled (429) and unavailable (503) requests always, other 5xx only when the
 * request is idempotent, with jittered exponential waits within the policy's bounds; other errors
 * (4xx) are answered at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlowbackClient } from '../../../lib/client/client.ts';
import { FlowbackError } from '../../../lib/client/errors.ts';
import { DEFAULT_RETRY, isRetryable, retryAfterMs, retryDelayMs } from '../../../lib/client/retry.ts';

/** A fetch answering `statuses` in turn (then 200 `{}`), recording each request's method and path. */
function scripted(statuses: number[], headers: Record<string, string> = {}) {
  const requests: string[] = [];
  const fetch = (async (input: URL | string | Request, init?: RequestInit) => {
    requests.push(`${init?.method} ${new URL(String(input)).pathname}`);
    const status = statuses.shift() ?? 200;
    const body =
      status === 200
        ? '{}'
        : JSON.stringify({
            code: status === 429 ? 'ResourceThrottled' : 'InternalServerError',
            message: 'no',
          });
    return new Response(body, { status, headers });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** A client over `fetch` that records its waits instead of sleeping. */
function client(fetch: typeof globalThis.fetch, random = () => 0.5) {
  const waits: number[] = [];
  const flowback = new FlowbackClient({
    endpoint: 'http://127.0.0.1:1',
    fetch,
    random,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { flowback, waits };
}

describe('client retries', () => {
  it('retry 429 and 503 on any request, other 5xx only on idempotent ones', () => {
    assert.equal(isRetryable(429, false), true);
    assert.equal(isRetryable(503, false), true);
    assert.equal(isRetryable(500, false), false);
    assert.equal(isRetryable(502, true), true);
    assert.equal(isRetryable(400, true), false);
    assert.equal(isRetryable(409, true), false);
  });

  it('wait in [d/2, d], d = min(max, base × 2^(n-1)): at most 0.2, 0.4, 0.8, 1.6 s by default', () => {
    const bounds = [1, 2, 3, 4, 5].map((n) => [
      retryDelayMs(n, DEFAULT_RETRY, 0),
      retryDelayMs(n, DEFAULT_RETRY, 0.999999),
    ]);
    assert.deepEqual(bounds, [
      [100, 200],
      [200, 400],
      [400, 800],
      [800, 1600],
      [1000, 2000],
    ]);
    assert.equal(DEFAULT_RETRY.maxAttempts, 5);
    assert.equal(retryAfterMs('1', DEFAULT_RETRY), 1000);
    assert.equal(retryAfterMs('60', DEFAULT_RETRY), 2000, 'capped');
    assert.equal(retryAfterMs('soon', DEFAULT_RETRY), undefined);
  });

  it('a throttled report is sent again until it is accepted, waiting with jitter', async () => {
    const { fetch, requests } = scripted([429, 429]);
    const { flowback, waits } = client(fetch);
    assert.deepEqual(await flowback.reportTaskSucceeded({ taskToken: 't', output: {} }), {});
    assert.deepEqual(requests, ['POST /tasks/succeeded', 'POST /tasks/succeeded', 'POST /tasks/succeeded']);
    assert.deepEqual(waits, [150, 300]);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    const { fetch, requests } = scripted([503, 503, 503, 503, 503, 503]);
    const { flowback, waits } = client(fetch);
    await assert.rejects(flowback.listFlows(), (error: FlowbackError) => error.status === 503);
    assert.equal(requests.length, 5);
    assert.equal(waits.length, 4);
  });

  it('a 500 is retried on a read and on a named start, not on an unnamed start or a report', async () => {
    const read = scripted([500]);
    await client(read.fetch).flowback.describeFlow({ name: 'f' });
    assert.equal(read.requests.length, 2);
    const named = scripted([500]);
    await client(named.fetch).flowback.startExecution({ flowName: 'f', executionName: 'e' });
    assert.equal(named.requests.length, 2);
    const unnamed = scripted([500]);
    await assert.rejects(client(unnamed.fetch).flowback.startExecution({ flowName: 'f' }), FlowbackError);
    assert.equal(unnamed.requests.length, 1);
    const report = scripted([500]);
    await assert.rejects(client(report.fetch).flowback.reportTaskFailed({ taskToken: 't', error: 'E' }));
    assert.equal(report.requests.length, 1);
  });

  it('never retries a 4xx answer, and honours Retry-After (capped)', async () => {
    const refused = scripted([400]);
    await assert.rejects(
      client(refused.fetch).flowback.listFlows(),
      (error: FlowbackError) => error.status === 400,
    );
    assert.equal(refused.requests.length, 1);
    const after = scripted([429], { 'retry-after': '1' });
    const { flowback, waits } = client(after.fetch);
    await flowback.listFlows();
    assert.deepEqual(waits, [1000]);
  });
});
