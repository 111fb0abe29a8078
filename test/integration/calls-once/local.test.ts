/**
 * Invariant 6 on the local runtime (dynalite + fauxqs, its work queue and poller, over HTTP): every
 * task attempt calls its resource once — function files that append a line per call, child starts,
 * queue messages read from the embedded SQS — with the tables in memory and in a `--data` folder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, type EventView, endedWithHistory, history, startExecution } from '../local/local-helpers.ts';
import {
  assertOncePerAttempt,
  assertOneMessagePerToken,
  assertRetriedOncePerAttempt,
  FLAKY_ARN,
  FLAKY_FAILURES,
  itemsInput,
  QUEUE,
  RECORD_ARN,
  scheduled,
} from './helpers.ts';
import { type LocalCalls, type LocalData, localCalls, readQueue } from './local-harness.ts';

/** Generous: the suite counts calls, it does not time them. */
const END_TIMEOUT_MS = 600_000;
/** 1,000 is covered in process (memory.test.ts): here it takes minutes on a 2-core box. */
const SIZES = [1, 20, 100];

for (const data of ['memory', 'data folder'] as LocalData[]) {
  describe(`calls once per attempt on the local runtime (tables in ${data})`, () => {
    let harness: LocalCalls;
    let apiUrl: string;

    before(async () => {
      harness = await localCalls(data);
      apiUrl = harness.local.apiUrl;
    });

    after(async () => {
      await harness?.stop();
    });

    /** Starts an execution, waits for its end (Succeeded expected) and returns its history. */
    const runSucceeded = async (flow: string, name: string, input: object): Promise<EventView[]> => {
      await startExecution(apiUrl, flow, name, input as Record<string, unknown>);
      const { execution, events } = await endedWithHistory(apiUrl, flow, name, END_TIMEOUT_MS);
      assert.equal(execution.status, 'Succeeded', JSON.stringify(execution));
      return events;
    };
    const callsOf = (execution: string) => harness.calls().filter((c) => c.execution === execution);

    for (const size of SIZES) {
      it(`a foreach of ${size} function tasks calls each function once`, async () => {
        const events = await runSucceeded('calls_foreach', `each-${size}`, itemsInput(size));
        assertOncePerAttempt(callsOf(`each-${size}`), events, RECORD_ARN, size);
      });
    }

    it('a parallel of 15 function branches calls each branch’s function once', async () => {
      const events = await runSucceeded('calls_parallel', 'fan', {});
      assertOncePerAttempt(callsOf('fan'), events, RECORD_ARN, 15);
      assert.equal(new Set(callsOf('fan').map((c) => c.step)).size, 15, 'every branch called');
    });

    it('a foreach of 20 whose function fails twice per item: 3 calls per item, one per attempt', async () => {
      const events = await runSucceeded('calls_retry', 'retry-20', itemsInput(20));
      const attempts = FLAKY_FAILURES + 1;
      assertOncePerAttempt(callsOf('retry-20'), events, FLAKY_ARN, 20 * attempts);
      assertRetriedOncePerAttempt(callsOf('retry-20'), 20, attempts);
    });

    it('a foreach of 10 sync child flows starts 10 children, each calling its function once', async () => {
      const parentEvents = await runSucceeded('calls_parent', 'parent-10', itemsInput(10));
      const listed = await call(apiUrl, 'GET', '/flows/calls_child/executions?limit=100');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const children = listed.body.executions as { name: string; status: string }[];
      assert.deepEqual(
        { children: children.length, childAttempts: scheduled(parentEvents, 'acs:fnf:').length },
        { children: 10, childAttempts: 10 },
        'one child start per attempt',
      );
      assert.deepEqual(children.map((child) => child.status).sort(), Array(10).fill('Succeeded'));
      const childEvents: EventView[] = [];
      for (const child of children) childEvents.push(...(await history(apiUrl, 'calls_child', child.name)));
      const childCalls = harness.calls().filter((c) => c.flow === 'calls_child');
      assertOncePerAttempt(childCalls, childEvents, RECORD_ARN, 10);
      for (const child of children) assert.equal(callsOf(child.name).length, 1, `child ${child.name}`);
    });

    it('a foreach of 50 queue callbacks sends one message per token; reported, it Succeeds', async () => {
      const reader = await readQueue(harness.local.sqsUrl, QUEUE);
      await startExecution(apiUrl, 'calls_queue', 'queue-50', itemsInput(50));
      const reported = new Set<string>();
      const deadline = Date.now() + END_TIMEOUT_MS;
      // Report every token as its first message arrives (a repeat is counted, not reported again).
      while (reported.size < 50) {
        assert.ok(Date.now() < deadline, `only ${reported.size} of 50 tokens arrived`);
        const fresh = reader.seen.filter((message) => !reported.has(message.token));
        for (const message of fresh) {
          reported.add(message.token);
          const answer = await call(apiUrl, 'POST', '/tasks/succeeded', {
            taskToken: message.token,
            output: { ok: 1 },
          });
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
        }
        if (fresh.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { execution, events } = await endedWithHistory(apiUrl, 'calls_queue', 'queue-50', END_TIMEOUT_MS);
      assert.equal(execution.status, 'Succeeded', JSON.stringify(execution));
      const messages = await reader.drainAndStop();
      assertOneMessagePerToken(messages, events, 50);
      for (const message of messages) {
        assert.equal((JSON.parse(message.body) as { callId: string }).callId, message.callId);
      }
    });
  });
}
