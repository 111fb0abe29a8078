/**
 * A crash between commit and outbox flush on the DynamoDB store (dynalite), simulated by a
 * fault-injecting decorator of the store `createAwsRuntime` built: the seed flow still completes —
 * through `recover()` of a fresh runtime (a restart), or the next touch — with a gap-free stored
 * history and no duplicate transitions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { InjectedFault } from '../../../lib/adapters/memory/index.ts';
import type { ExecutionKey } from '../../../lib/engine/types.ts';
import type { Json } from '../../../lib/fdl/types.ts';
import type { TokenStore } from '../../../lib/ports/token-store.ts';
import type { RuntimeDeps } from '../../../lib/runtime/runtime.ts';
import { hashToken } from '../../../lib/runtime/token-hash.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';
import {
  countTypes,
  endedWellFormed,
  type Harness,
  type HarnessOptions,
  startHarness,
  storedHistory,
  waitForEnd,
} from '../../support/aws-runtime-harness.ts';
import { FaultyExecutionStore } from '../../support/faulty-execution-store.ts';
import { SEED_EVENT_TYPES } from '../../support/seed-flow.ts';

const SEED = 'fnf-demo-callback';
const SEED_FLOW = readFileSync(new URL(`../../../examples/flows/${SEED}.yaml`, import.meta.url), 'utf8');
const OK = { status: 'ok' };

/** A switch that is on once, then off again. */
function onceSwitch(): { arm(): void; take(): boolean } {
  let armed = false;
  return {
    arm: () => {
      armed = true;
    },
    take: () => {
      const was = armed;
      armed = false;
      return was;
    },
  };
}

/** `tokens` whose `end` throws `InjectedFault` while `fail()` says so. */
function failingEnd(tokens: TokenStore, fail: () => boolean): TokenStore {
  return {
    register: (registration) => tokens.register(registration),
    registerForCall: (registration, claim) => tokens.registerForCall(registration, claim),
    releaseCall: (hash, owner) => tokens.releaseCall(hash, owner),
    get: (hash) => tokens.get(hash),
    listExpired: (now, limit) => tokens.listExpired(now, limit),
    findTask: (taskId) => tokens.findTask(taskId),
    listTasks: (query) => tokens.listTasks(query),
    getMany: (hashes) => tokens.getMany(hashes),
    end: async (hash, outcome, key, now) => {
      if (fail()) throw new InjectedFault('token store down');
      return tokens.end(hash, outcome, key, now);
    },
  };
}

describe('a crash between commit and outbox flush on the DynamoDB store', () => {
  let local: AwsLocal;
  const harnesses: Harness[] = [];

  before(async () => {
    local = await startAwsLocal();
    const { operations } = await startHarness(local, { noPollers: true });
    await operations.createFlow({ name: SEED, definition: SEED_FLOW });
  });

  after(async () => {
    for (const harness of harnesses) await harness.stop();
    await local?.stop();
  });

  /** A harness whose execution store is wrapped in a `FaultyExecutionStore` (and `deps` replaced). */
  async function faulty(
    options: HarnessOptions = {},
    deps: Partial<RuntimeDeps> = {},
  ): Promise<{ harness: Harness; store: FaultyExecutionStore }> {
    let store: FaultyExecutionStore | undefined;
    const harness = await startHarness(local, {
      ...options,
      decorate: (inner) => {
        store = new FaultyExecutionStore(inner.executions);
        return { ...deps, executions: store };
      },
    });
    harnesses.push(harness);
    assert.ok(store);
    return { harness, store };
  }

  /** A fresh runtime on the same tables and queues (a restart), without faults and pollers. */
  async function restarted(): Promise<Harness> {
    return startHarness(local, { noPollers: true });
  }

  /** The task token, once `TaskSubmitted` is stored. */
  async function tokenOf(harness: Harness, key: ExecutionKey): Promise<string> {
    for (let tries = 0; tries < 500; tries++) {
      const submitted = (await storedHistory(harness, key)).find((event) => event.type === 'TaskSubmitted');
      if (submitted !== undefined) return String(submitted.detail.taskToken);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no TaskSubmitted for ${key.executionName}`);
  }

  /** The token of the first attempt, from its `TaskScheduled` (a timeout may come before its submission). */
  async function scheduledTokenOf(harness: Harness, key: ExecutionKey): Promise<string> {
    for (let tries = 0; tries < 500; tries++) {
      const scheduled = (await storedHistory(harness, key)).find((event) => event.type === 'TaskScheduled');
      const token = (scheduled?.detail.input as { taskToken?: string } | undefined)?.taskToken;
      if (token !== undefined) return token;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no TaskScheduled for ${key.executionName}`);
  }

  it('the token store fails right after the report’s commit: a restart’s recover() finishes the outbox', async () => {
    const failEnd = onceSwitch();
    const takeFailEnd = failEnd.take;
    const harness = await startHarness(local, {
      decorate: (inner) => ({ tokens: failingEnd(inner.tokens, takeFailEnd) }),
    });
    harnesses.push(harness);
    const key = { flowName: SEED, executionName: 'append-1' };
    await harness.operations.startExecution(key);
    const taskToken = await tokenOf(harness, key);
    failEnd.arm();
    await assert.rejects(harness.operations.reportTaskSucceeded({ taskToken, output: OK }), InjectedFault);
    // The commit happened (its history rides in the state item); its outbox (EndToken) did not.
    assert.equal((await storedHistory(harness, key)).length, 7);
    assert.equal((await harness.aws.stores.tokens.get(hashToken(taskToken)))?.status, 'waiting');

    const fresh = await restarted();
    const report = await fresh.runtime.recover();
    assert.deepEqual(report.failures, []);
    assert.ok(report.outboxes >= 1);
    const { execution, events } = await endedWellFormed(fresh, key);
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { s: 'ok' }]);
    assert.deepEqual(
      events.map((event) => event.type),
      SEED_EVENT_TYPES,
    );
    assert.deepEqual(await fresh.operations.reportTaskSucceeded({ taskToken, output: OK }), { eventId: 5 });
  });

  it('the start’s outbox is removed by the commit of its call’s answer: nothing to clear, one call', async () => {
    const { harness, store } = await faulty();
    const key = { flowName: SEED, executionName: 'clear-1' };
    await harness.operations.startExecution(key);
    const taskToken = await tokenOf(harness, key);
    assert.deepEqual(await harness.operations.reportTaskSucceeded({ taskToken, output: OK }), { eventId: 5 });
    const { execution, events } = await endedWellFormed(harness, key);
    assert.equal(execution.status, 'Succeeded');
    assert.deepEqual(
      events.map((event) => event.type),
      SEED_EVENT_TYPES,
    );
    // The start's outbox made a call: only the final outbox was cleared by its committer.
    assert.equal(store.calls.clearOutbox, 1);
    assert.deepEqual((await harness.aws.stores.executions.load(key))?.outboxes, []);
    assert.equal(harness.invoker.calls.length, 1);
  });

  it('clearOutbox fails after the report’s commit: a retried report gets the original answer', async () => {
    const { harness, store } = await faulty();
    const key = { flowName: SEED, executionName: 'clear-2' };
    await harness.operations.startExecution(key);
    const taskToken = await tokenOf(harness, key);
    store.faults.failNext('clearOutbox');
    await assert.rejects(harness.operations.reportTaskSucceeded({ taskToken, output: OK }), InjectedFault);
    assert.deepEqual(await harness.operations.reportTaskSucceeded({ taskToken, output: OK }), { eventId: 5 });
    const fresh = await restarted();
    assert.deepEqual((await fresh.runtime.recover()).failures, []);
    const { events } = await endedWellFormed(fresh, key);
    assert.equal(countTypes(events).TaskSucceeded, 1);
    assert.equal(events.length, 7);
    assert.deepEqual((await fresh.aws.stores.executions.load(key))?.outboxes, []);
  });

  it('the commit of a call’s answer fails in the worker: the redelivered item calls again with the same call id', async () => {
    let store: FaultyExecutionStore | undefined;
    let crashed = false;
    const callIds: string[] = [];
    const crashNextCommit = (event: Json, context: { callId?: string }): Json => {
      callIds.push(String(context.callId));
      // Called by the worker just before it applies the CallResult (the first time only).
      if (!crashed) store?.faults.failNext('commit');
      crashed = true;
      return event;
    };
    const made = await faulty({ functions: { 'fnf-demo/echo': crashNextCommit } });
    store = made.store;
    const { harness } = made;
    const key = { flowName: SEED, executionName: 'worker-1' };
    await harness.operations.startExecution(key);
    // The first delivery failed before its answer was committed; SQS redelivers it (visibility 1 s),
    // and the call is made again — the one repeat the protocol allows, with the same call id.
    const taskToken = await tokenOf(harness, key);
    assert.deepEqual(await harness.operations.reportTaskSucceeded({ taskToken, output: OK }), { eventId: 5 });
    const { events } = await endedWellFormed(harness, key);
    assert.deepEqual(
      events.map((event) => event.type),
      SEED_EVENT_TYPES,
    );
    assert.equal(callIds.length, 2);
    assert.equal(new Set(callIds).size, 1);
  });

  it('a touch while its committer carries the outbox out waits for it: each call is made once', async () => {
    // A slow committer (clearOutbox held 20 ms) and fixed pauses (2, 4 … 20 ms between reloads).
    const { harness, store } = await faulty(
      {},
      { pause: (turn) => new Promise((resolve) => setTimeout(resolve, turn * 2)) },
    );
    store.delays.clearOutbox = 20;
    const keys = Array.from({ length: 5 }, (_, index) => ({
      flowName: SEED,
      executionName: `slow-${index}`,
    }));
    for (const key of keys) await harness.operations.startExecution(key);
    for (const key of keys) {
      const taskToken = await tokenOf(harness, key);
      assert.deepEqual(await harness.operations.reportTaskSucceeded({ taskToken, output: OK }), {
        eventId: 5,
      });
      const { events } = await endedWellFormed(harness, key);
      assert.deepEqual(
        events.map((event) => event.type),
        SEED_EVENT_TYPES,
      );
    }
    // The worker's CallResult met each start's outbox still pending, and left it to its committer.
    assert.equal(harness.invoker.calls.length, keys.length, 'the function was called once per task');
  });

  it('a crash after a timeout’s commit, then the TTL backstop: the tombstone still says timed out', async () => {
    // The token store fails once at `end`: the commit's outbox (EndToken among it) stays unfinished.
    const failEnd = onceSwitch();
    const takeFailEnd = failEnd.take;
    let store: FaultyExecutionStore | undefined;
    const harness = await startHarness(local, {
      visibilityTimeoutSeconds: 30,
      decorate: (inner) => {
        store = new FaultyExecutionStore(inner.executions);
        const tokens = failingEnd(inner.tokens, takeFailEnd);
        return { executions: store, tokens };
      },
    });
    harnesses.push(harness);
    assert.ok(store);
    const timed = SEED_FLOW.replace(
      'pattern: waitForCallback',
      'pattern: waitForCallback\n    timeoutSeconds: 1',
    );
    await harness.operations.createFlow({ name: 'seed_timed', definition: timed });
    const key = { flowName: 'seed_timed', executionName: 'ttl-1' };
    // The timer's apply commits TaskTimedOut, then crashes carrying out its outbox (EndToken fails):
    // armed before the start, as the timeout's is the token's first end (the start registers it, the
    // call's answer keeps it), so that it makes no difference how soon the 1 s timeout fires.
    failEnd.arm();
    await harness.operations.startExecution(key);
    const taskToken = await scheduledTokenOf(harness, key);
    assert.equal((await waitForEnd(harness.operations, key)).error, 'FnF.TaskTimeout');
    const waiting = await harness.aws.stores.tokens.get(hashToken(taskToken));
    assert.equal(waiting?.status, 'waiting', 'the outbox that ends the token is still pending');
    // The TTL stream (or the sweeper) meets the token before anyone finishes the outbox.
    assert.ok(waiting);
    await harness.runtime.expireToken(waiting);
    const late = harness.operations.reportTaskSucceeded({ taskToken, output: OK });
    await assert.rejects(late, (error: { code?: string }) => error.code === 'TaskTimedOut');
    assert.equal((await harness.aws.stores.tokens.get(hashToken(taskToken)))?.outcome?.kind, 'timedOut');
    const { events } = await endedWellFormed(harness, key);
    assert.equal(countTypes(events).TaskTimedOut, 1);
  });
});
