/**
 * Duplicated and redelivered SQS messages on dynalite and fauxqs: every work item and every timer
 * message sent twice, and worker batches that fail once (after or before doing their work) so that
 * SQS redelivers them — each execution still transitions once, with a gap-free stored history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SQSBatchResponse } from 'aws-lambda';
import type { ExecutionKey } from '../../../lib/engine/types.ts';
import type { Dispatcher } from '../../../lib/ports/dispatcher.ts';
import type { Timers } from '../../../lib/ports/timers.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';
import {
  countTypes,
  endedWellFormed,
  type Harness,
  startHarness,
} from '../../support/aws-runtime-harness.ts';
import { callback, childArn, mappings, task } from '../../support/engine-flows.ts';

/** Flow definitions as JSON text (JSON is YAML). */
const FLOWS: Record<string, object> = {
  // A function call, a 1 s wait, then a waitForCallback task whose timeout (1 s) fires.
  calls_and_timers: {
    version: 'v1',
    type: 'flow',
    steps: [
      task('first', 'echo'),
      { type: 'wait', name: 'pause', duration: 1 },
      callback(
        'late',
        { timeoutSeconds: 1, inputMappings: mappings({ taskToken: '$context.task.token' }) },
        'echo',
      ),
    ],
  },
  // A retry after 1 s of a function that always fails, caught in the end; then a sync child flow.
  retry_and_child: {
    version: 'v1',
    type: 'flow',
    steps: [
      task('broken', 'broken', {
        retry: [{ errors: ['FnF.ALL'], intervalSeconds: 1, maxAttempts: 1 }],
        catch: [{ errors: ['FnF.ALL'], goto: 'kid' }],
      }),
      { type: 'task', name: 'kid', resourceArn: childArn('child_echo'), pattern: 'sync' },
    ],
  },
  child_echo: { version: 'v1', type: 'flow', steps: [task('echo', 'echo')] },
};

/** A function that always fails with `Broken`. */
function broken(): never {
  const error = new Error('always broken');
  error.name = 'Broken';
  throw error;
}

/** A dispatcher that sends every work item twice. */
function twice(inner: Dispatcher): Dispatcher {
  return {
    async enqueue(item) {
      await inner.enqueue(item);
      await inner.enqueue(item);
    },
  };
}

/** Timers whose every message is sent twice. */
function twiceTimers(inner: Timers): Timers {
  return {
    async schedule(timer) {
      await inner.schedule(timer);
      await inner.schedule(timer);
    },
    delete: (key, id) => inner.delete(key, id),
    listDue: (now, limit, key) => inner.listDue(now, limit, key),
  };
}

describe('duplicated and redelivered SQS messages (dynalite + fauxqs)', { concurrency: true }, () => {
  let local: AwsLocal;
  const harnesses: Harness[] = [];

  before(async () => {
    local = await startAwsLocal();
    const { operations } = await startHarness(local, { noPollers: true });
    for (const [name, definition] of Object.entries(FLOWS)) {
      await operations.createFlow({ name, definition: JSON.stringify(definition) });
    }
  });

  after(async () => {
    for (const harness of harnesses) await harness.stop();
    await local?.stop();
  });

  async function setUp(options: Parameters<typeof startHarness>[1]): Promise<Harness> {
    const harness = await startHarness(local, { ...options, functions: { 'svc/broken': broken } });
    harnesses.push(harness);
    return harness;
  }

  /** Runs both flows to their end on `harness` and checks they transitioned once each. */
  async function runBoth(harness: Harness, suffix: string): Promise<void> {
    const first: ExecutionKey = { flowName: 'calls_and_timers', executionName: `a-${suffix}` };
    const second: ExecutionKey = { flowName: 'retry_and_child', executionName: `b-${suffix}` };
    await harness.operations.startExecution({ ...first, input: { n: 1 } });
    await harness.operations.startExecution({ ...second, input: { run: suffix } });

    const a = await endedWellFormed(harness, first);
    assert.deepEqual([a.execution.status, a.execution.error], ['Failed', 'FnF.TaskTimeout']);
    const counts = countTypes(a.events);
    assert.deepEqual(
      [counts.TaskScheduled, counts.TaskSucceeded, counts.TaskTimedOut, counts.StepEntered],
      [2, 1, 1, 3],
      JSON.stringify(counts),
    );
    // At most one submission: the 1 s timeout counts from the scheduling, so on a busy machine (or
    // behind a redelivery's visibility timeout) it may fire before the call has returned.
    assert.ok((counts.TaskSubmitted ?? 0) <= 1, JSON.stringify(counts));

    const b = await endedWellFormed(harness, second);
    assert.equal(b.execution.status, 'Succeeded', JSON.stringify(b.execution));
    const bCounts = countTypes(b.events);
    assert.deepEqual([bCounts.TaskScheduled, bCounts.TaskFailed, bCounts.TaskSucceeded], [3, 2, 1]);
    const children = (await harness.operations.listExecutions({ flowName: 'child_echo' })).executions.filter(
      (child) => child.input.run === suffix,
    );
    assert.equal(children.length, 1, 'one child, however often its start was delivered');
    for (const child of children) {
      await endedWellFormed(harness, { flowName: 'child_echo', executionName: child.name });
    }
  }

  it('every work item and timer message sent twice: one transition each', async () => {
    const harness = await setUp({
      dispatcher: twice,
      decorate: (deps) => ({ timers: twiceTimers(deps.timers) }),
    });
    await runBoth(harness, 'dup');
    // At-least-once calls are allowed, but the duplicate of a call does not change the history.
    assert.ok(harness.invoker.calls.length >= 2);
  });

  it('a worker batch that did its work but failed (not deleted) is redelivered harmlessly', async () => {
    const failedOnce = new Set<string>();
    const harness = await setUp({
      worker: (inner, queue) => async (event) => {
        const answer = await inner(event);
        if (failedOnce.has(queue)) return answer;
        failedOnce.add(queue);
        return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });
    await runBoth(harness, 'after');
    assert.deepEqual([...failedOnce].sort(), ['timers', 'work']);
  });

  it('a worker batch that throws before its work is redelivered and carried out', async () => {
    const thrown = new Set<string>();
    let redelivered = 0;
    const harness = await setUp({
      worker:
        (inner, queue) =>
        async (event): Promise<SQSBatchResponse> => {
          if (!thrown.has(queue)) {
            thrown.add(queue);
            throw new Error('the worker crashed');
          }
          redelivered += event.Records.filter(
            (record) => record.attributes.ApproximateReceiveCount !== '1',
          ).length;
          return inner(event);
        },
    });
    await runBoth(harness, 'before');
    assert.ok(redelivered >= 2, `the failed batches came back (${redelivered})`);
  });
});
