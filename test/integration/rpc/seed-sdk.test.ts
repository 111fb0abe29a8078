import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { eventually, SEED_FLOW_NAME, tempDir } from '../local/local-helpers.ts';
import { ACCESS_KEY, sdk } from './rpc-helpers.ts';

const run = promisify(execFile);

describe('the seed example, exactly as the seed does it, through the official SDK', () => {
  let local: LocalRuntime;
  let flows: { path: string; remove(): Promise<void> };

  before(async () => {
    flows = await tempDir('seed-sdk');
    await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
    local = await startLocalRuntime({
      port: 0,
      sqsPort: 0,
      dataDir: '',
      memory: true,
      flowsDir: flows.path,
      functionsDir: 'examples/functions',
      accessKeys: [ACCESS_KEY],
    });
  });

  after(async () => {
    await local?.stop();
    await flows?.remove();
  });

  it('starts the flow, reads the token from TaskSubmitted, runs the worker (ReportTaskSucceeded) → {"s":"ok"}', async () => {
    const client = sdk(local.apiUrl);
    const started = await client.startExecution({ FlowName: SEED_FLOW_NAME });
    const ExecutionName = String(started.Name);
    assert.equal(started.Status, 'Running');

    // "After the flow starts, the mytask step pauses at the TaskSubmitted event… The event output
    // contains the taskToken."
    const token = await eventually(
      async () => {
        const history = (await client.getExecutionHistory({
          FlowName: SEED_FLOW_NAME,
          ExecutionName,
        })) as unknown as {
          Events: { Type: string; EventDetail: string }[];
        };
        const submitted = history.Events.find((event) => event.Type === 'TaskSubmitted');
        if (submitted === undefined) return undefined;
        const detail = JSON.parse(submitted.EventDetail) as {
          output: { taskToken: string };
          taskToken: string;
        };
        assert.equal(detail.output.taskToken, detail.taskToken, 'the echo function returned the token');
        return detail.output.taskToken;
      },
      10_000,
      'TaskSubmitted',
    );

    // Step 3: the worker, run with the token as its argument (the seed's `python worker.py {token}`).
    const worker = await run(process.execPath, ['examples/workers/report-task-succeeded.mjs', token], {
      env: { ...process.env, FNF_ENDPOINT: local.apiUrl, AK_ID: ACCESS_KEY.id, AK_SECRET: ACCESS_KEY.secret },
    });
    assert.equal(worker.stdout, `Task token: ${token}\nReportTaskSucceeded finished\n`);

    const ended = await client.describeExecution(
      { FlowName: SEED_FLOW_NAME, ExecutionName, WaitTimeSeconds: 20 },
      { timeout: 25_000 },
    );
    assert.equal(ended.Status, 'Succeeded');
    assert.equal(ended.Output, '{"s":"ok"}');

    // The worker run again: the task is over.
    const again = await run(process.execPath, ['examples/workers/report-task-succeeded.mjs', token], {
      env: { ...process.env, FNF_ENDPOINT: local.apiUrl, AK_ID: ACCESS_KEY.id, AK_SECRET: 'wrong' },
    }).catch((error: { stdout: string; code: number }) => error);
    assert.match(again.stdout, /^Task token: .*\nSignatureNotMatch: /);
  });

  it('start-and-wait.mjs and report-task-succeeded.mjs together, as the examples README runs them', async () => {
    const { spawn } = await import('node:child_process');
    const env = {
      ...process.env,
      FNF_ENDPOINT: local.apiUrl,
      AK_ID: ACCESS_KEY.id,
      AK_SECRET: ACCESS_KEY.secret,
    };
    const starter = spawn(process.execPath, ['examples/workers/start-and-wait.mjs'], { env });
    let output = '';
    starter.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => starter.once('exit', resolve));
    const token = await eventually(
      async () => /task token: (\S+)/.exec(output)?.[1],
      15_000,
      'the printed token',
    );
    await run(process.execPath, ['examples/workers/report-task-succeeded.mjs', token], { env });
    assert.equal(await exited, 0);
    assert.match(output, /Succeeded: \{"s":"ok"\}\n$/);
  });
});
