/**
 * Invariant 6 through `flowback worker` (a separate process polling a task queue of the local
 * runtime): on a foreach of 20 queue callback tasks, its command runs once per task.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { endedWithHistory, startExecution, tempDir } from '../local/local-helpers.ts';
import { startWorker, type WorkerProcess } from '../worker/worker-helpers.ts';
import { assertOneMessagePerToken, itemsInput, QUEUE, readJsonLines, type SeenMessage } from './helpers.ts';
import { type LocalCalls, localCalls, readQueue } from './local-harness.ts';

const COMMAND = 'test/integration/calls-once/commands/record-run.mjs';

describe('calls once per attempt through flowback worker (local runtime)', () => {
  let harness: LocalCalls;
  let worker: WorkerProcess | undefined;
  let scratch: { path: string; remove(): Promise<void> };

  before(async () => {
    harness = await localCalls('memory');
    scratch = await tempDir('calls-once-worker');
  });

  after(async () => {
    await worker?.kill();
    await harness?.stop();
    await scratch?.remove();
  });

  it('a foreach of 20 queue callback tasks: the worker’s command runs once per task', async () => {
    const runs = join(scratch.path, 'runs.jsonl');
    worker = startWorker(
      [
        '--queue',
        QUEUE,
        '--sqs-endpoint',
        harness.local.sqsUrl,
        '--endpoint',
        harness.local.apiUrl,
        '--wait-time',
        '1',
        '--concurrency',
        '4',
      ],
      ['node', COMMAND, runs],
    );
    await startExecution(harness.local.apiUrl, 'calls_queue', 'worker-20', itemsInput(20));
    const { execution, events } = await endedWithHistory(
      harness.local.apiUrl,
      'calls_queue',
      'worker-20',
      600_000,
    );
    assert.equal(execution.status, 'Succeeded', JSON.stringify(execution));
    // The worker finishes what it runs; a message still queued would have run the command again.
    assert.equal(await worker.stop(), 0, 'SIGTERM stops the worker cleanly');
    const ran = readJsonLines<SeenMessage>(runs);
    const left = await (await readQueue(harness.local.sqsUrl, QUEUE)).drainAndStop();
    assertOneMessagePerToken([...ran, ...left], events, 20);
    for (const run of ran) {
      assert.equal((JSON.parse(run.body) as { callId: string }).callId, run.callId, 'FLOWBACK_CALL_ID');
    }
  });
});
