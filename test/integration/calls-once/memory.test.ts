/**
 * Invariant 6 in process (memory runtime): every task attempt calls its resource once — functions at
 * any fan-out, retried attempts, child starts and queue messages — whether each work item is
 * delivered once or twice at the same time (SQS redelivery, several workers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionKey } from '../../../lib/engine/types.ts';
import {
  assertOncePerAttempt,
  assertOneMessagePerToken,
  assertRetriedOncePerAttempt,
  FLAKY_ARN,
  FLAKY_FAILURES,
  itemsInput,
  QUEUE,
  RECORD_ARN,
  type SeenMessage,
  scheduled,
} from './helpers.ts';
import { type Delivery, type MemoryCalls, memoryCalls } from './memory-harness.ts';

/** Starts `flowName` with `input` and runs it to its end; asserts it Succeeded and nothing died. */
async function runSucceeded(
  harness: MemoryCalls,
  flowName: string,
  executionName: string,
  input: object,
): Promise<ExecutionKey> {
  const key = { flowName, executionName };
  await harness.m.operations.startExecution({ ...key, input });
  const ended = await harness.runToEnd(key);
  assert.equal(ended.status, 'Succeeded', JSON.stringify(ended));
  assert.deepEqual(harness.dead, [], 'no work item failed every delivery');
  return key;
}

for (const delivery of ['once', 'twice-concurrently'] as Delivery[]) {
  describe(`calls once per attempt, in process (work items delivered ${delivery})`, () => {
    for (const size of [1, 20, 100, 1000]) {
      it(`a foreach of ${size} function tasks calls each function once`, async () => {
        const harness = await memoryCalls(delivery);
        const key = await runSucceeded(harness, 'calls_foreach', `each-${size}`, itemsInput(size));
        assertOncePerAttempt(harness.calls, await harness.history(key), RECORD_ARN, size);
        assert.deepEqual(
          harness.calls.map((call) => call.item).sort((a, b) => Number(a) - Number(b)),
          itemsInput(size).items,
          'every item called',
        );
      });
    }

    it('a parallel of 15 function branches calls each branch’s function once', async () => {
      const harness = await memoryCalls(delivery);
      const key = await runSucceeded(harness, 'calls_parallel', 'fan', {});
      assertOncePerAttempt(harness.calls, await harness.history(key), RECORD_ARN, 15);
      assert.equal(new Set(harness.calls.map((call) => call.step)).size, 15, 'every branch called');
    });

    it('a foreach of 20 whose function fails twice per item: 3 calls per item, one per attempt', async () => {
      const harness = await memoryCalls(delivery);
      const key = await runSucceeded(harness, 'calls_retry', 'retry-20', itemsInput(20));
      const attempts = FLAKY_FAILURES + 1;
      assertOncePerAttempt(harness.calls, await harness.history(key), FLAKY_ARN, 20 * attempts);
      assertRetriedOncePerAttempt(harness.calls, 20, attempts);
    });

    it('a foreach of 10 sync child flows starts 10 children, each calling its function once', async () => {
      const harness = await memoryCalls(delivery);
      const key = await runSucceeded(harness, 'calls_parent', 'parent-10', itemsInput(10));
      const parentEvents = await harness.history(key);
      const children = (await harness.m.operations.listExecutions({ flowName: 'calls_child', limit: 100 }))
        .executions;
      assert.deepEqual(
        { children: children.length, childAttempts: scheduled(parentEvents, 'acs:fnf:').length },
        { children: 10, childAttempts: 10 },
        'one child start per attempt',
      );
      assert.deepEqual(children.map((child) => child.status).sort(), Array(10).fill('Succeeded'));
      const childEvents = [];
      for (const child of children) {
        childEvents.push(...(await harness.history({ flowName: 'calls_child', executionName: child.name })));
      }
      assertOncePerAttempt(harness.calls, childEvents, RECORD_ARN, 10);
      for (const child of children) {
        const own = harness.calls.filter((call) => call.execution === child.name);
        assert.equal(own.length, 1, `child ${child.name} called its function once`);
      }
    });

    it('a foreach of 50 queue callbacks sends one message per token; reported, it Succeeds', async () => {
      const harness = await memoryCalls(delivery);
      const key = { flowName: 'calls_queue', executionName: 'queue-50' };
      await harness.m.operations.startExecution({ ...key, input: itemsInput(50) });
      await harness.settle();
      const seen = (): SeenMessage[] =>
        harness.m.queues.messages(QUEUE).map((message) => ({
          token: message.attributes['flowback.taskToken'] ?? '',
          callId: message.attributes['flowback.callId'] ?? '',
          body: message.body,
        }));
      assert.equal((await harness.m.operations.describeExecution(key)).status, 'Running');
      assertOneMessagePerToken(seen(), await harness.history(key), 50);
      for (const message of seen()) {
        assert.equal((JSON.parse(message.body) as { callId: string }).callId, message.callId);
      }
      // Reported concurrently, as 50 workers would.
      const tokens = [...new Set(seen().map((message) => message.token))];
      await Promise.all(
        tokens.map((taskToken) => harness.m.operations.reportTaskSucceeded({ taskToken, output: { ok: 1 } })),
      );
      const ended = await harness.runToEnd(key);
      assert.equal(ended.status, 'Succeeded', JSON.stringify(ended));
      assertOneMessagePerToken(seen(), await harness.history(key), 50);
      assert.deepEqual(harness.dead, [], 'no work item failed every delivery');
    });
  });
}

describe('calls once per attempt through a re-dispatch storm (no dedupe, every outbox past its lease)', () => {
  for (const size of [20, 200]) {
    it(`a foreach of ${size} function tasks calls each once, from a bounded number of work items`, async (t) => {
      const harness = await memoryCalls('storm');
      const key = await runSucceeded(harness, 'calls_foreach', `storm-${size}`, itemsInput(size));
      assertOncePerAttempt(harness.calls, await harness.history(key), RECORD_ARN, size);
      t.diagnostic(`${harness.enqueued()} work items enqueued for ${size} calls`);
      // Each call is dispatched by its committer, and at most once more by whoever finds the
      // outbox past its lease (once per process); re-dispatching every pending call on every
      // commit made it grow with the square of the fan-out.
      assert.ok(harness.enqueued() <= 3 * size + 5, `${harness.enqueued()} work items`);
    });
  }
});
