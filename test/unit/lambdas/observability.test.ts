import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Context } from 'aws-lambda';
import { instrumented, metrics, metricsObserver } from '../../../lambdas/observability.ts';
import { createMemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import type { RuntimeObserver } from '../../../lib/ports/observer.ts';
import { SEED_FLOW as SEED } from '../../support/seed-flow.ts';

/** Captures what `stream` receives while `run` runs. */
async function captureStream(stream: NodeJS.WriteStream, run: () => Promise<unknown>): Promise<string> {
  const original = stream.write.bind(stream);
  let text = '';
  stream.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof stream.write;
  try {
    await run();
  } finally {
    stream.write = original;
  }
  return text;
}

/** Captures what process.stdout receives while `run` runs. */
function captureStdout(run: () => Promise<unknown>): Promise<string> {
  return captureStream(process.stdout, run);
}

/** What process.stdout (metrics) and process.stderr (Powertools' warnings) receive while `run` runs. */
async function captureBoth(run: () => Promise<unknown>): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  const stderr = await captureStream(process.stderr, async () => {
    stdout = await captureStdout(run);
  });
  return { stdout, stderr };
}

describe('the runtime observer', () => {
  it('is told when an execution starts and ends and when a report is applied', async () => {
    const seen: string[] = [];
    const observer: RuntimeObserver = {
      executionStarted: (key) => seen.push(`started ${key.executionName}`),
      executionFinished: (key, status) => seen.push(`finished ${key.executionName} ${status}`),
      reportApplied: (ms) => seen.push(`report ${ms >= 0 ? 'timed' : 'negative'}`),
    };
    const { operations, drain } = createMemoryRuntime({
      functions: { 'fnf-demo/echo': (event) => event },
      observer,
    });
    await operations.createFlow({ name: 'seed', definition: SEED });
    await operations.startExecution({ flowName: 'seed', executionName: 'e1' });
    await operations.startExecution({ flowName: 'seed', executionName: 'e1' });
    await drain();
    const history = await operations.getExecutionHistory({ flowName: 'seed', executionName: 'e1' });
    const token = String(history.events.find((e) => e.type === 'TaskSubmitted')?.detail.taskToken);
    await operations.reportTaskSucceeded({ taskToken: token, output: { status: 'ok' } });
    await drain();
    // The report carries the execution to its end before it answers.
    assert.deepEqual(seen, ['started e1', 'finished e1 Succeeded', 'report timed']);
  });
});

describe('the Lambda handlers’ metrics', () => {
  it('publish the observed metrics in EMF after each invocation, with the dashboard’s names', async () => {
    const handler = instrumented(async () => {
      metricsObserver.executionStarted({ flowName: 'f', executionName: 'e' });
      metricsObserver.executionFinished({ flowName: 'f', executionName: 'e' }, 'TimedOut');
      metricsObserver.reportApplied(12);
      return 'done';
    });
    let answer: unknown;
    const output = await captureStdout(async () => {
      answer = await handler({}, { awsRequestId: 'req-1', functionName: 'api' } as Context);
    });
    assert.equal(answer, 'done');
    const emf = output
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));
    assert.equal(emf.length, 1, `one EMF document in: ${output}`);
    const names = emf[0]._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name).sort();
    assert.deepEqual(names, ['CallbackLatency', 'ExecutionsStarted', 'ExecutionsTimedOut']);
    assert.equal(emf[0].ExecutionsStarted, 1);
    assert.ok(metrics);
  });
});

describe('an invocation that records no metric', () => {
  it('publishes nothing and logs no "No application metrics to publish" warning', async () => {
    const handler = instrumented(async () => 'quiet');
    const { stdout, stderr } = await captureBoth(() => handler({}, { awsRequestId: 'req-3' } as Context));
    assert.doesNotMatch(stdout + stderr, /No application metrics|"_aws"/);
  });
});

describe('a child execution whose report to its parent task was refused', () => {
  it('is logged with its execution and the refusal, and counted', async () => {
    const handler = instrumented(async () => {
      metricsObserver.parentReportFailed?.(
        { flowName: 'child', executionName: 'c1' },
        { code: 'TaskTimedOut', message: "Task of step 'mytask' has timed out" },
      );
    });
    const { stdout, stderr } = await captureBoth(() => handler({}, { awsRequestId: 'req-2' } as Context));
    const output = `${stderr}${stdout}`;
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const warnings = lines.filter((line) => line.level === 'WARN');
    assert.equal(warnings.length, 1, `one WARN line in: ${output}`);
    assert.deepEqual(
      [warnings[0].flowName, warnings[0].executionName, warnings[0].refusal, warnings[0].cause],
      ['child', 'c1', 'TaskTimedOut', "Task of step 'mytask' has timed out"],
    );
    const emf = lines.find((line) => line._aws !== undefined);
    assert.equal(emf?.ParentReportsFailed, 1);
  });
});
