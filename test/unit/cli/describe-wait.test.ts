/**
 * `describe-execution --wait [SECONDS]`: long polls of at most 20 s one after the other, until the
 * execution ends (bare) or SECONDS have passed; exit 1 unless it Succeeded. No server, no real
 * waiting: the fetch answers at once and, for the limits, a virtual clock moves by each poll's wait.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeUntilEnd, MAX_LONG_POLL_SECONDS } from '../../../lib/cli/commands/describe-wait.ts';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { runCli } from '../../../lib/cli/main.ts';
import type { ExecutionView } from '../../../lib/client/index.ts';
import { FlowbackClient } from '../../../lib/client/index.ts';

/** A fetch answering DescribeExecution with `statuses` in turn (the last one repeated), and the waits asked. */
function pollingFetch(
  statuses: readonly string[],
  onPoll: (waitSeconds: number) => void = () => {},
): { fetch: typeof fetch; waits: number[] } {
  const waits: number[] = [];
  const fake = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    const wait = Number(url.searchParams.get('waitTimeSeconds') ?? '0');
    waits.push(wait);
    onPoll(wait);
    const status = statuses[Math.min(waits.length, statuses.length) - 1] ?? 'Running';
    const execution: Partial<ExecutionView> = {
      flowName: 'f',
      name: 'e',
      status: status as ExecutionView['status'],
      input: {},
      startedTime: '2026-01-01T00:00:00.000Z',
    };
    return new Response(JSON.stringify(execution), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fake as typeof fetch, waits };
}

/** Runs `describe-execution … ARGS` with the fetch. */
async function describeExecution(
  args: string[],
  fetchImpl: typeof fetch,
): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    ['describe-execution', '--flow-name', 'f', '--execution-name', 'e', ...args],
    {
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    },
    { fetch: fetchImpl },
  );
  return { code, out, err };
}

describe('describe-execution --wait', () => {
  it('as a bare flag waits past the 20 s of one long poll until the execution ends; exit 0 when it Succeeded', async () => {
    const polls = pollingFetch(['Running', 'Running', 'Running', 'Succeeded']);
    const run = await describeExecution(['--wait'], polls.fetch);
    assert.equal(run.code, ExitCode.Success, run.err);
    assert.equal((JSON.parse(run.out) as ExecutionView).status, 'Succeeded');
    assert.deepEqual(polls.waits, [20, 20, 20, 20], 'polls of the longest wait, one after the other');
  });

  it('exits 1 when the execution ended otherwise, printing it all the same', async () => {
    for (const status of ['Failed', 'TimedOut', 'Stopped']) {
      const run = await describeExecution(['--wait'], pollingFetch(['Running', status]).fetch);
      assert.equal(run.code, ExitCode.Failure, status);
      assert.equal((JSON.parse(run.out) as ExecutionView).status, status);
      assert.equal(run.err, '');
    }
  });

  it('with SECONDS waits at most that long, and exits 1 when it is still running', async () => {
    const polls = pollingFetch(['Running']);
    const run = await describeExecution(['--wait', '0'], polls.fetch);
    assert.deepEqual([run.code, polls.waits], [ExitCode.Failure, [0]]);
    const succeeded = await describeExecution(['--wait', '3'], pollingFetch(['Succeeded']).fetch);
    assert.equal(succeeded.code, ExitCode.Success);
  });

  it('without --wait, describes once and exits 0 whatever the status', async () => {
    const polls = pollingFetch(['Failed']);
    const run = await describeExecution([], polls.fetch);
    assert.deepEqual([run.code, polls.waits], [ExitCode.Success, [0]]);
  });
});

describe('describeUntilEnd', () => {
  it('splits a long limit into polls of at most 20 s and stops at the limit', async () => {
    let now = 0;
    const polls = pollingFetch(['Running'], (wait) => {
      now += wait * 1000;
    });
    const client = new FlowbackClient({ endpoint: 'http://127.0.0.1:1', fetch: polls.fetch });
    const last = await describeUntilEnd(
      client,
      { flowName: 'f', executionName: 'e' },
      { forever: false, seconds: 45 },
      () => now,
    );
    assert.equal(last.status, 'Running');
    assert.deepEqual(polls.waits, [MAX_LONG_POLL_SECONDS, MAX_LONG_POLL_SECONDS, 5]);
    assert.equal(now, 45_000);
  });
});
