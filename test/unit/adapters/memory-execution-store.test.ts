import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InjectedFault, MemoryExecutionStore } from '../../../lib/adapters/memory/index.ts';
import type { ExecutionState, HistoryEvent } from '../../../lib/engine/types.ts';
import type { NewExecutionRecord } from '../../../lib/ports/execution-store.ts';

const key = { flowName: 'f', executionName: 'e1' };

function state(
  name: string,
  startedTime: number,
  status: ExecutionState['status'] = 'Running',
): ExecutionState {
  return {
    schemaVersion: 1,
    flowName: 'f',
    executionName: name,
    status,
    input: {},
    startedTime,
    nextEventId: 1,
  };
}

function record(name = 'e1', startedTime = 1000): NewExecutionRecord {
  return {
    key: { flowName: 'f', executionName: name },
    definition: { version: 'v1', type: 'flow', steps: [] },
    state: state(name, startedTime),
    version: 1,
    outboxes: [],
    inbox: [],
    recentHistory: [],
  };
}

/** A commit on `expectedVersion` of `next` with `events`. */
function commitOf(expectedVersion: number, next: ExecutionState, events: HistoryEvent[] = []) {
  return {
    expectedVersion,
    state: next,
    outbox: { events, commands: [] },
    committedAt: 10,
    consumedInbox: 0,
    recentHistory: [],
    completedOutboxes: [],
  };
}

function event(eventId: number, type: HistoryEvent['type'] = 'StepEntered'): HistoryEvent {
  return { eventId, type, stepName: 's', time: '2024-01-01T00:00:00.000Z', scheduleEventId: 0, detail: {} };
}

describe('MemoryExecutionStore', () => {
  it('creates a record only if absent, returning the existing one otherwise', async () => {
    const store = new MemoryExecutionStore();
    assert.equal((await store.create(record())).created, true);
    const again = await store.create({ ...record(), version: 7 });
    assert.equal(again.created, false);
    assert.equal(again.record.version, 1);
  });

  it('commits on the expected version and reports a conflict otherwise', async () => {
    const store = new MemoryExecutionStore();
    await store.create(record());
    const next = { ...state('e1', 1000), nextEventId: 2 };
    assert.deepEqual(await store.commit(key, commitOf(1, next, [event(1)])), { ok: true, version: 2 });
    const stale = await store.commit(key, commitOf(1, next));
    assert.deepEqual(stale, { ok: false, conflict: true, currentVersion: 2 });
    assert.deepEqual(store.stats, { commits: 1, conflicts: 1, inboxAppends: 0 });
    const loaded = await store.load(key);
    assert.equal(loaded?.version, 2);
    assert.deepEqual(loaded?.outboxes, [{ version: 2, committedAt: 10, calls: [] }]);
    assert.equal((await store.readOutbox(key, loaded?.outboxes[0] as never))?.events.length, 1);
  });

  it('a commit on an unknown execution is a conflict, not an exception', async () => {
    const store = new MemoryExecutionStore();
    const result = await store.commit(key, commitOf(1, state('e1', 0)));
    assert.equal(result.ok, false);
  });

  it('clears one pending outbox by version and leaves the others', async () => {
    const store = new MemoryExecutionStore();
    await store.create({
      ...record(),
      outboxes: [{ events: [event(1)], commands: [], version: 1, committedAt: 0, calls: [] }],
    });
    await store.commit(key, commitOf(1, state('e1', 1000), [event(2)]));
    await store.clearOutbox(key, 1);
    assert.deepEqual(
      (await store.load(key))?.outboxes.map((pending) => pending.version),
      [2],
    );
    await store.clearOutbox(key, 2);
    assert.deepEqual((await store.load(key))?.outboxes, []);
  });

  it('appends history idempotently by eventId and reads it in pages', async () => {
    const store = new MemoryExecutionStore();
    await store.appendHistory(key, [event(1), event(2)]);
    await store.appendHistory(key, [{ ...event(2), type: 'StepExited' }, event(3)]);
    const all = await store.readHistory(key, 0, 10);
    assert.deepEqual(
      all.map((e) => [e.eventId, e.type]),
      [
        [1, 'StepEntered'],
        [2, 'StepEntered'],
        [3, 'StepEntered'],
      ],
    );
    assert.deepEqual(
      (await store.readHistory(key, 1, 1)).map((e) => e.eventId),
      [2],
    );
  });

  it('copies values in and out', async () => {
    const store = new MemoryExecutionStore();
    const original = record();
    await store.create(original);
    original.state.input.x = 1;
    const loaded = await store.load(key);
    assert.deepEqual(loaded?.state.input, {});
    if (loaded) loaded.state.input.y = 2;
    assert.deepEqual((await store.load(key))?.state.input, {});
  });

  it('lists a flow’s executions by start time with a status filter and paging', async () => {
    const store = new MemoryExecutionStore();
    await store.create(record('b', 2000));
    await store.create(record('a', 3000));
    await store.create(record('c', 1000));
    await store.create({ ...record('d', 1500), state: state('d', 1500, 'Succeeded') });
    const first = await store.listExecutions('f', { limit: 2 });
    assert.deepEqual(
      first.items.map((s) => s.executionName),
      ['c', 'd'],
    );
    assert.ok(first.next);
    const second = await store.listExecutions('f', { limit: 2, after: first.next });
    assert.deepEqual(
      second.items.map((s) => s.executionName),
      ['b', 'a'],
    );
    assert.equal(second.next, undefined);
    const done = await store.listExecutions('f', { limit: 10, status: 'Succeeded' });
    assert.deepEqual(
      done.items.map((s) => s.executionName),
      ['d'],
    );
    assert.equal((await store.listExecutions('other', { limit: 10 })).items.length, 0);
  });

  it('lists executions with a pending outbox', async () => {
    const store = new MemoryExecutionStore();
    await store.create(record('a'));
    await store.create({
      ...record('b'),
      outboxes: [{ events: [event(1)], commands: [], version: 1, committedAt: 0, calls: [] }],
    });
    const page = await store.listPendingOutboxes(10);
    assert.deepEqual(page.items, [{ flowName: 'f', executionName: 'b' }]);
  });

  it('injects planned faults: a crash, then normal service; a forced conflict', async () => {
    const store = new MemoryExecutionStore();
    await store.create(record());
    store.faults.failNext('clearOutbox');
    await assert.rejects(store.clearOutbox(key, 1), InjectedFault);
    await store.clearOutbox(key, 1);
    store.faults.failNext('commit', 'conflict');
    assert.equal((await store.commit(key, commitOf(1, state('e1', 0)))).ok, false);
    assert.equal((await store.commit(key, commitOf(1, state('e1', 0)))).ok, true);
  });
});
