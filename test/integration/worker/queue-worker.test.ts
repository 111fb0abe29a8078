import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import {
  assertGapFree,
  call,
  eventually,
  history,
  tempDir,
  waitForEnd,
  writeFlows,
} from '../local/local-helpers.ts';
import { queueFlow, startWorker, type WorkerProcess } from './worker-helpers.ts';

const COMMANDS = 'test/integration/worker/commands';

describe('flowback worker: queue tasks run by a separate worker process', () => {
  let local: LocalRuntime;
  let scratch: { path: string; remove(): Promise<void> };
  const dirs: { remove(): Promise<void> }[] = [];
  const workers: WorkerProcess[] = [];

  /** Starts a worker on `queue` of the local runtime. */
  const worker = (queue: string, command: string[], args: string[] = []): WorkerProcess => {
    const started = startWorker(
      [
        '--queue',
        queue,
        '--sqs-endpoint',
        local.sqsUrl,
        '--endpoint',
        local.apiUrl,
        '--wait-time',
        '1',
        ...args,
      ],
      ['node', ...command],
    );
    workers.push(started);
    return started;
  };

  /** Starts an execution over the REST API. */
  const start = async (flow: string, name: string, input: object): Promise<void> => {
    const started = await call(local.apiUrl, 'POST', `/flows/${flow}/executions`, {
      executionName: name,
      input,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
  };

  before(async () => {
    const flows = await tempDir('worker-flows');
    scratch = await tempDir('worker-scratch');
    dirs.push(flows, scratch);
    await writeFlows(flows.path, {
      doubled: queueFlow('jobs-ok'),
      failing: queueFlow('jobs-fail'),
      killed: queueFlow('jobs-kill'),
      beating: queueFlow('jobs-beat', { heartbeatSeconds: 2, timeoutSeconds: 60 }),
      unattended: queueFlow('jobs-nobody', { heartbeatSeconds: 2, timeoutSeconds: 60 }),
      fire_and_forget: queueFlow('jobs-rr', { pattern: 'requestResponse' }),
      identified: queueFlow('jobs-id').replace(
        '    serviceParams:',
        '      - target: callId\n        source: $context.task.callId\n    serviceParams:',
      ),
    });
    local = await startLocalRuntime({
      port: 0,
      sqsPort: 0,
      dataDir: '',
      memory: true,
      flowsDir: flows.path,
      functionsDir: flows.path,
      sweepIntervalMs: 200,
    });
  });

  after(async () => {
    for (const started of workers) await started.kill();
    await local?.stop();
    for (const dir of dirs) await dir.remove();
  });

  it('reports a command’s stdout JSON as the task output (body = the whole mapped input, token in it and in the attributes)', async () => {
    const running = worker('jobs-ok', [join(COMMANDS, 'double.mjs')]);
    await start('doubled', 'd1', { n: 21 });
    const ended = await waitForEnd(local.apiUrl, 'doubled', 'd1');
    assert.equal(ended.status, 'Succeeded', JSON.stringify(ended));
    assert.deepEqual(ended.output, { n: 42, hadToken: true, receiveCount: 1, step: 'job' });
    assertGapFree(await history(local.apiUrl, 'doubled', 'd1'), 'ExecutionSucceeded');
    await running.waitForLine(/: done$/);
    assert.equal(await running.stop(), 0, 'SIGTERM stops the worker cleanly');
  });

  it('reports a failing command as ReportTaskFailed: Worker.ExitCode3 with the stderr tail as the cause', async () => {
    const running = worker('jobs-fail', [join(COMMANDS, 'fail.mjs')]);
    await start('failing', 'f1', { n: 1 });
    const ended = await waitForEnd(local.apiUrl, 'failing', 'f1');
    assert.equal(ended.status, 'Failed');
    assert.equal(ended.error, 'Worker.ExitCode3');
    assert.match(String(ended.cause), /boom: the job could not be done/);
    await running.waitForLine(/: done$/);
    await running.stop();
  });

  it('redelivers the message of a worker killed mid-task; the next worker completes the task once', async () => {
    const marker = join(scratch.path, 'slow-once.marker');
    const command = [join(COMMANDS, 'slow-once.mjs'), marker];
    const first = worker('jobs-kill', command, ['--visibility-timeout', '2']);
    await start('killed', 'k1', { n: 1 });
    await eventually(async () => (existsSync(marker) ? true : undefined), 20_000, 'the first run');
    await first.kill();
    const second = worker('jobs-kill', command, ['--visibility-timeout', '2']);
    const ended = await waitForEnd(local.apiUrl, 'killed', 'k1', 30_000);
    assert.equal(ended.status, 'Succeeded', JSON.stringify(ended));
    assert.ok((ended.output as { receiveCount: number }).receiveCount >= 2, 'a redelivery');
    const events = await history(local.apiUrl, 'killed', 'k1');
    assert.equal(events.filter((event) => event.type === 'TaskSucceeded').length, 1, 'completed once');
    assertGapFree(events, 'ExecutionSucceeded');
    await second.waitForLine(/: done$/);
    await second.stop();
  });

  it('sends heartbeats while a command outlives the task’s heartbeatSeconds', async () => {
    // Without a worker, the same task times out after 2 s without a heartbeat.
    await start('unattended', 'u1', { n: 1 });
    const unattended = await waitForEnd(local.apiUrl, 'unattended', 'u1', 30_000);
    assert.deepEqual([unattended.status, unattended.error], ['Failed', 'FnF.HeartbeatTimeout']);

    const running = worker('jobs-beat', [join(COMMANDS, 'sleep-then-answer.mjs'), '5000']);
    const began = Date.now();
    await start('beating', 'h1', { n: 1 });
    const ended = await waitForEnd(local.apiUrl, 'beating', 'h1', 30_000);
    assert.equal(ended.status, 'Succeeded', JSON.stringify(ended));
    assert.deepEqual(ended.output, { slept: 5000 });
    assert.ok(Date.now() - began >= 5000, 'ran longer than the heartbeat timeout (2 s)');
    await running.stop();
  });

  it('runs and deletes messages without a token (requestResponse)', async () => {
    const file = join(scratch.path, 'records.jsonl');
    const running = worker('jobs-rr', [join(COMMANDS, 'record.mjs'), file]);
    await start('fire_and_forget', 'r1', { n: 7 });
    const ended = await waitForEnd(local.apiUrl, 'fire_and_forget', 'r1');
    assert.equal(ended.status, 'Succeeded');
    assert.match(JSON.stringify(ended.output), /MessageId/);
    await running.waitForLine(/: done$/);
    const records = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(records, [{ body: '{"n":7}', token: null }]);
    await running.stop();
  });

  it('gives the command the call id (FLOWBACK_CALL_ID, = $context.task.callId) and the token', async () => {
    const running = worker('jobs-id', [join(COMMANDS, 'call-id.mjs')]);
    await start('identified', 'i1', { n: 1 });
    const ended = await waitForEnd(local.apiUrl, 'identified', 'i1');
    assert.equal(ended.status, 'Succeeded', JSON.stringify(ended));
    const output = ended.output as { callId: string | null; bodyCallId: string; tokenMatches: boolean };
    const scheduled = (await history(local.apiUrl, 'identified', 'i1')).find(
      (event) => event.type === 'TaskScheduled',
    );
    assert.match(String(output.callId), /^c1-[0-9a-f]{13}-\d+$/);
    assert.equal(output.callId, output.bodyCallId);
    assert.equal(output.callId?.split('-')[2], String(scheduled?.eventId), 'the attempt’s TaskScheduled id');
    assert.equal(output.tokenMatches, true);
    await running.waitForLine(/: done$/);
    await running.stop();
  });
});
