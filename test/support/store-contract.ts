/**
 * The store contract: one suite that every implementation of the execution, token and flow stores
 * and the timer records must pass (the memory adapters in unit tests, DynamoDB in integration tests).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ExecutionState } from '../../lib/engine/types.ts';
import type { ExecutionStore, Outbox, PendingOutbox } from '../../lib/ports/execution-store.ts';
import type { FlowStore } from '../../lib/ports/flow-store.ts';
import type { Timers } from '../../lib/ports/timers.ts';
import type { TokenStore } from '../../lib/ports/token-store.ts';
import { contractEvent, contractRecord, contractState, contractFlow as flow } from './store-fixtures.ts';

/** Fresh, empty stores (one set per test). */
export interface ContractStores {
  executions: ExecutionStore;
  tokens: TokenStore;
  flows: FlowStore;
  timers: Timers;
}

/** How a suite gets its stores. */
export interface ContractHarness {
  /** Called once before the suite (start servers). */
  setUp?(): Promise<void>;
  /** Fresh stores for one test (e.g. new tables). */
  stores(): Promise<ContractStores>;
  /** Called once after the suite. */
  tearDown?(): Promise<void>;
}

const key = { flowName: 'f', executionName: 'e1' };
const empty = { events: [], commands: [] };

/** A commit request on `expectedVersion` (nothing consumed from the inbox unless given). */
function commitOf(expectedVersion: number, state: ExecutionState, outbox: Outbox = empty, consumedInbox = 0) {
  return {
    expectedVersion,
    state,
    outbox,
    committedAt: 5000 + expectedVersion,
    consumedInbox,
    recentHistory: [],
    completedOutboxes: [],
  };
}

/** Registers the contract suite `name` on `harness`. */
export function describeStoreContract(name: string, harness: ContractHarness): void {
  describe(`store contract: ${name}`, () => {
    before(async () => harness.setUp?.());
    after(async () => harness.tearDown?.());

    it('execution: creates only if absent, returning the existing record otherwise', async () => {
      const { executions } = await harness.stores();
      assert.deepEqual(await executions.create(contractRecord()), {
        created: true,
        record: contractRecord(),
      });
      const again = await executions.create({ ...contractRecord(), version: 7 });
      assert.equal(again.created, false);
      assert.deepEqual(again.record, contractRecord());
      assert.deepEqual(await executions.load(key), contractRecord());
      assert.equal(await executions.load({ flowName: 'f', executionName: 'nope' }), undefined);
    });

    it('execution: commits on the expected version only; unknown executions conflict', async () => {
      const { executions } = await harness.stores();
      await executions.create(contractRecord());
      const next = { ...contractState('e1', 1000), nextEventId: 2 };
      const outbox = { events: [contractEvent(1)], commands: [] };
      assert.deepEqual(await executions.commit(key, commitOf(1, next, outbox)), { ok: true, version: 2 });
      const stale = await executions.commit(key, commitOf(1, next));
      assert.equal(stale.ok, false);
      assert.equal(!stale.ok && stale.conflict, true);
      const loaded = await executions.load(key);
      assert.deepEqual(loaded, {
        ...contractRecord(),
        state: next,
        version: 2,
        outboxes: [{ version: 2, committedAt: 5001, calls: [] }],
      });
      assert.deepEqual(await executions.readOutbox(key, loaded?.outboxes[0] as PendingOutbox), outbox);
      const unknown = await executions.commit({ flowName: 'f', executionName: 'x' }, commitOf(1, next));
      assert.equal(unknown.ok, false);
      assert.equal(await executions.load({ flowName: 'f', executionName: 'x' }), undefined);
    });

    it('execution: a finished state round-trips with output, error and no root', async () => {
      const { executions } = await harness.stores();
      await executions.create(contractRecord());
      const done: ExecutionState = {
        ...contractState('e1', 1000, 'Failed'),
        output: { big: 'x'.repeat(10_000) },
        error: 'E',
        cause: 'c',
        stoppedTime: 2000,
        nextEventId: 9,
      };
      assert.equal((await executions.commit(key, commitOf(1, done))).ok, true);
      assert.deepEqual((await executions.load(key))?.state, done);
      const listed = await executions.listExecutions('f', { limit: 10 });
      assert.deepEqual(listed.items, [done]);
    });

    it('execution: keeps one pending outbox per commit; clearing one leaves the others', async () => {
      const { executions } = await harness.stores();
      const first = { events: [contractEvent(1)], commands: [] };
      await executions.create({
        ...contractRecord(),
        outboxes: [{ ...first, version: 1, committedAt: 10, calls: [] }],
      });
      await executions.commit(
        key,
        commitOf(1, contractState('e1', 1000), { events: [contractEvent(2)], commands: [] }),
      );
      const loaded = (await executions.load(key))?.outboxes ?? [];
      const contents = await Promise.all(loaded.map((pending) => executions.readOutbox(key, pending)));
      assert.deepEqual(
        loaded.map((pending, index) => [pending.version, contents[index]?.events[0]?.eventId]),
        [
          [1, 1],
          [2, 2],
        ],
      );
      await executions.clearOutbox(key, 1);
      assert.deepEqual((await executions.load(key))?.outboxes, [
        { version: 2, committedAt: 5001, calls: [] },
      ]);
      assert.equal(await executions.readOutbox(key, { version: 1, committedAt: 10, calls: [] }), undefined);
      await executions.clearOutbox(key, 2);
      await executions.clearOutbox(key, 2);
      assert.deepEqual((await executions.load(key))?.outboxes, []);
      await executions.clearOutbox({ flowName: 'f', executionName: 'x' }, 1);
    });

    it('execution: a large outbox is listed by its calls and read back whole (kept apart from the state)', async () => {
      const { executions } = await harness.stores();
      await executions.create(contractRecord());
      // 1,000 calls with random tokens: far more than a state item should carry on every commit.
      const commands = Array.from({ length: 1000 }, (_, index) => ({
        type: 'CallResource' as const,
        scheduleEventId: 10 + index,
        stepName: 's',
        resource: { kind: 'queue' as const, arn: 'acs:mns:::/queues/q/messages', queueName: 'q' },
        pattern: 'waitForCallback' as const,
        input: { token: randomBytes(24).toString('base64url') },
        callId: `c1-${index}`,
      }));
      const outbox = { events: [contractEvent(2)], commands };
      assert.equal((await executions.commit(key, commitOf(1, contractState('e1', 1000), outbox))).ok, true);
      const [pending] = (await executions.load(key))?.outboxes ?? [];
      assert.deepEqual(pending, {
        version: 2,
        committedAt: 5001,
        calls: commands.map((command) => command.scheduleEventId),
      });
      assert.deepEqual(await executions.readOutbox(key, pending as PendingOutbox), outbox);
      // A lost commit with a large outbox leaves nothing pending.
      assert.equal((await executions.commit(key, commitOf(1, contractState('e1', 1000), outbox))).ok, false);
      assert.equal((await executions.load(key))?.outboxes.length, 1);
      await executions.clearOutbox(key, 2);
      assert.deepEqual((await executions.load(key))?.outboxes, []);
    });

    it('execution: result chunks round-trip by id, per execution; an unknown id is absent', async () => {
      const { executions } = await harness.stores();
      await executions.create(contractRecord());
      // 150 chunks pass a BatchGetItem's 100 keys; random text passes the compression threshold.
      const chunks = Array.from({ length: 150 }, (_, n) => ({
        id: `chunk-${n}`,
        locals: { [n * 2]: { n, text: randomBytes(3000).toString('base64') }, [n * 2 + 1]: {} },
      }));
      await executions.storeChunks(key, chunks);
      // Stored again (a retried commit): the same.
      await executions.storeChunks(key, chunks.slice(0, 2));
      const ids = [...chunks.map((chunk) => chunk.id), 'chunk-unknown'];
      const read = await executions.readChunks(key, ids);
      assert.equal(read.size, 150);
      for (const chunk of chunks) assert.deepEqual(read.get(chunk.id), chunk.locals);
      const other = await executions.readChunks({ flowName: 'f', executionName: 'e2' }, ['chunk-0']);
      assert.equal(other.size, 0);
    });

    it('execution: a commit replaces the recent history and removes the outboxes it proves completed', async () => {
      const { executions } = await harness.stores();
      const first = { events: [], commands: [], version: 1, committedAt: 10, calls: [] };
      await executions.create({ ...contractRecord(), outboxes: [first], recentHistory: [contractEvent(1)] });
      assert.deepEqual((await executions.load(key))?.recentHistory, [contractEvent(1)]);
      const commit = {
        ...commitOf(1, contractState('e1', 1000), { events: [contractEvent(3)], commands: [] }),
        recentHistory: [contractEvent(1), contractEvent(2)],
        completedOutboxes: [1],
      };
      assert.equal((await executions.commit(key, commit)).ok, true);
      const loaded = await executions.load(key);
      assert.deepEqual(loaded?.recentHistory, [contractEvent(1), contractEvent(2)]);
      assert.deepEqual(
        loaded?.outboxes.map((pending) => pending.version),
        [2],
      );
    });

    it('execution: inbox appends never conflict; a commit removes exactly the entries it consumed', async () => {
      const { executions } = await harness.stores();
      await executions.create(contractRecord());
      const entry = (id: string) => ({ id, event: { type: 'TimerFired' as const, timerId: id } });
      const appended = await executions.appendInbox(key, entry('a'));
      assert.deepEqual(appended?.inbox, [entry('a')]);
      await executions.appendInbox(key, entry('b'));
      await executions.appendInbox(key, entry('c'));
      // Computed from version 1 with a and b; c arrived meanwhile and stays.
      assert.equal((await executions.commit(key, commitOf(1, contractState('e1', 1000), empty, 2))).ok, true);
      const loaded = await executions.load(key);
      assert.deepEqual(loaded?.inbox, [entry('c')]);
      assert.equal(loaded?.version, 2);
      assert.equal(
        await executions.appendInbox({ flowName: 'f', executionName: 'x' }, entry('d')),
        undefined,
      );
      assert.equal(await executions.load({ flowName: 'f', executionName: 'x' }), undefined);
    });

    it('execution: history is idempotent by eventId, ascending, paged; 60 events pass the batch size', async () => {
      const { executions } = await harness.stores();
      const events = Array.from({ length: 60 }, (_, index) => contractEvent(index + 1));
      await executions.appendHistory(key, events.slice(0, 30));
      await executions.appendHistory(key, events.slice(20));
      assert.deepEqual(await executions.readHistory(key, 0, 100), events);
      assert.deepEqual(await executions.readHistory(key, 10, 3), events.slice(10, 13));
      assert.deepEqual(await executions.readHistory(key, 60, 10), []);
      assert.deepEqual(await executions.readHistory({ flowName: 'f', executionName: 'x' }, 0, 10), []);
    });

    it('execution: lists a flow’s executions by start time, with status filter and paging', async () => {
      const { executions } = await harness.stores();
      await executions.create(contractRecord('b', 2000));
      await executions.create(contractRecord('a', 3000));
      await executions.create(contractRecord('c', 1000));
      await executions.create({ ...contractRecord('d', 1500), state: contractState('d', 1500, 'Succeeded') });
      await executions.create({ ...contractRecord('e', 1500), state: contractState('e', 1500, 'Succeeded') });
      const names = (items: ExecutionState[]) => items.map((state) => state.executionName);
      const first = await executions.listExecutions('f', { limit: 2 });
      assert.deepEqual(names(first.items), ['c', 'd']);
      assert.deepEqual(first.next, { startedTime: 1500, executionName: 'd' });
      const second = await executions.listExecutions('f', {
        limit: 3,
        ...(first.next ? { after: first.next } : {}),
      });
      assert.deepEqual(names(second.items), ['e', 'b', 'a']);
      assert.equal(second.next, undefined);
      const done = await executions.listExecutions('f', { limit: 1, status: 'Succeeded' });
      assert.deepEqual(names(done.items), ['d']);
      assert.ok(done.next);
      const rest = await executions.listExecutions('f', { limit: 5, status: 'Succeeded', after: done.next });
      assert.deepEqual(names(rest.items), ['e']);
      assert.equal(rest.next, undefined);
      assert.deepEqual(first.items[0], contractState('c', 1000));
      assert.equal((await executions.listExecutions('other', { limit: 10 })).items.length, 0);
    });

    it('execution: lists executions with a pending outbox or inbox, in key order, paged', async () => {
      const { executions } = await harness.stores();
      const pending = [{ events: [contractEvent(1)], commands: [], version: 1, committedAt: 10, calls: [] }];
      await executions.create(contractRecord('a'));
      await executions.create({ ...contractRecord('c'), outboxes: pending });
      await executions.create({ ...contractRecord('b'), outboxes: pending });
      await executions.appendHistory({ flowName: 'f', executionName: 'b' }, [contractEvent(1)]);
      const first = await executions.listPendingOutboxes(1);
      assert.deepEqual(first.items, [{ flowName: 'f', executionName: 'b' }]);
      assert.deepEqual(first.next, { flowName: 'f', executionName: 'b' });
      const second = await executions.listPendingOutboxes(5, first.next);
      assert.deepEqual(second, { items: [{ flowName: 'f', executionName: 'c' }] });
      await executions.clearOutbox({ flowName: 'f', executionName: 'b' }, 1);
      await executions.clearOutbox({ flowName: 'f', executionName: 'c' }, 1);
      assert.deepEqual(await executions.listPendingOutboxes(5), { items: [] });
      await executions.appendInbox(
        { flowName: 'f', executionName: 'a' },
        { id: 'x', event: { type: 'TimerFired', timerId: 't' } },
      );
      assert.deepEqual(await executions.listPendingOutboxes(5), {
        items: [{ flowName: 'f', executionName: 'a' }],
      });
      await executions.commit(
        { flowName: 'f', executionName: 'a' },
        commitOf(1, contractState('a', 1000), empty, 1),
      );
      assert.deepEqual(await executions.listPendingOutboxes(5), { items: [] });
    });

    it('tokens: register is idempotent; end makes one tombstone that keeps the first outcome', async () => {
      const { tokens } = await harness.stores();
      const registration = {
        tokenHash: 'h1',
        executionKey: key,
        scheduleEventId: 3,
        stepName: 's',
        deadline: 5000,
      };
      await tokens.register(registration);
      await tokens.register({ ...registration, scheduleEventId: 99 });
      assert.deepEqual(await tokens.get('h1'), { ...registration, status: 'waiting' });
      assert.equal(await tokens.get('unknown'), undefined);
      const outcome = {
        kind: 'reported' as const,
        report: { kind: 'succeeded' as const, output: { a: 1 } },
        eventId: 5,
      };
      const first = await tokens.end('h1', outcome, key, 100);
      assert.deepEqual(first, {
        ended: true,
        record: { ...registration, status: 'ended', outcome, outcomeName: 'succeeded', endedTime: 100 },
      });
      const second = await tokens.end('h1', { kind: 'timedOut' }, key, 200);
      assert.deepEqual(second, first.record && { ended: false, record: first.record });
    });

    it('tokens: an unknown hash gets a tombstone that a late registration cannot revive', async () => {
      const { tokens } = await harness.stores();
      const ended = await tokens.end('h2', { kind: 'cancelled' }, key, 100);
      const tombstone = {
        tokenHash: 'h2',
        executionKey: key,
        scheduleEventId: 0,
        stepName: '',
        status: 'ended' as const,
        outcome: { kind: 'cancelled' as const },
        outcomeName: 'cancelled' as const,
        endedTime: 100,
      };
      assert.deepEqual(ended, { ended: true, record: tombstone });
      await tokens.register({ tokenHash: 'h2', executionKey: key, scheduleEventId: 3, stepName: 's' });
      assert.deepEqual(await tokens.get('h2'), tombstone);
    });

    it('tokens: lists waiting records past their deadline, by deadline', async () => {
      const { tokens } = await harness.stores();
      const base = { executionKey: key, scheduleEventId: 3, stepName: 's', heartbeatSeconds: 10 };
      await tokens.register({ ...base, tokenHash: 'h1', deadline: 5000 });
      await tokens.register({ ...base, tokenHash: 'h0', deadline: 4000 });
      await tokens.register({ ...base, tokenHash: 'h3', deadline: 9000 });
      await tokens.register({ ...base, tokenHash: 'h4', deadline: 1000 });
      await tokens.end('h4', { kind: 'timedOut' }, key, 1000);
      await tokens.register({ ...base, tokenHash: 'h5' });
      const expired = await tokens.listExpired(5000, 10);
      assert.deepEqual(
        expired.map((record) => record.tokenHash),
        ['h0', 'h1'],
      );
      assert.deepEqual(expired[1], { ...base, tokenHash: 'h1', deadline: 5000, status: 'waiting' });
      assert.deepEqual(
        (await tokens.listExpired(5000, 1)).map((record) => record.tokenHash),
        ['h0'],
      );
    });

    it('flows: create once, update on version, delete, list by name in pages', async () => {
      const { flows } = await harness.stores();
      assert.deepEqual(await flows.create(flow('b')), { created: true, record: flow('b') });
      assert.deepEqual(await flows.create({ ...flow('b'), description: 'other' }), {
        created: false,
        record: flow('b'),
      });
      await flows.create(flow('a'));
      await flows.create(flow('c'));
      const updated = await flows.update('b', 1, { description: 'new', lastModifiedTime: 2000 });
      assert.deepEqual(updated, {
        ok: true,
        record: { ...flow('b'), description: 'new', lastModifiedTime: 2000, version: 2 },
      });
      const stale = await flows.update('b', 1, { description: 'late', lastModifiedTime: 3000 });
      assert.deepEqual(stale, { ok: false, conflict: true, currentVersion: 2 });
      assert.deepEqual(await flows.update('zz', 1, { lastModifiedTime: 3000 }), {
        ok: false,
        notFound: true,
      });
      const text = 'x'.repeat(9000);
      const big = await flows.update('b', 2, { definitionText: text, lastModifiedTime: 4000 });
      assert.equal(big.ok && big.record.definitionText, text);
      assert.equal((await flows.get('b'))?.definitionText, text);
      const first = await flows.list(2);
      assert.deepEqual(
        first.items.map((record) => record.name),
        ['a', 'b'],
      );
      assert.equal(first.next, 'b');
      const second = await flows.list(2, first.next);
      assert.deepEqual(
        second.items.map((record) => record.name),
        ['c'],
      );
      assert.equal(second.next, undefined);
      assert.equal(await flows.delete('a'), true);
      assert.equal(await flows.delete('a'), false);
      assert.equal(await flows.get('a'), undefined);
    });

    it('timers: due ones by fire time then scheduling order; per execution; delete; reschedule', async () => {
      const { timers } = await harness.stores();
      const other = { flowName: 'f', executionName: 'e2' };
      await timers.schedule({ executionKey: key, timerId: 't1', fireAt: 3000 });
      await timers.schedule({ executionKey: other, timerId: 't2', fireAt: 1000 });
      await timers.schedule({ executionKey: key, timerId: 't3', fireAt: 1000 });
      await timers.schedule({ executionKey: key, timerId: 't4', fireAt: 9000 });
      await timers.schedule({ executionKey: other, timerId: 't2', fireAt: 1000 });
      const ids = (list: { timerId: string }[]) => list.map((timer) => timer.timerId);
      assert.deepEqual(ids(await timers.listDue(5000, 10)), ['t2', 't3', 't1']);
      assert.deepEqual(await timers.listDue(5000, 1), [{ executionKey: other, timerId: 't2', fireAt: 1000 }]);
      assert.deepEqual(ids(await timers.listDue(5000, 10, key)), ['t3', 't1']);
      await timers.delete(other, 't2');
      await timers.delete(other, 'never');
      assert.deepEqual(ids(await timers.listDue(5000, 10)), ['t3', 't1']);
      await timers.schedule({ executionKey: key, timerId: 't1', fireAt: 10_000 });
      assert.deepEqual(ids(await timers.listDue(5000, 10)), ['t3']);
    });
  });
}
