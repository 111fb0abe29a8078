import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryTokenStore } from '../../../lib/adapters/memory/index.ts';

const executionKey = { flowName: 'f', executionName: 'e' };
const registration = { tokenHash: 'h1', executionKey, scheduleEventId: 3, stepName: 's', deadline: 5000 };

describe('MemoryTokenStore', () => {
  it('registers a waiting record, idempotently', async () => {
    const store = new MemoryTokenStore();
    await store.register(registration);
    await store.register({ ...registration, scheduleEventId: 99 });
    assert.deepEqual(await store.get('h1'), { ...registration, status: 'waiting' });
    assert.equal(await store.get('unknown'), undefined);
  });

  it('ends a waiting record once: the tombstone keeps the first outcome', async () => {
    const store = new MemoryTokenStore();
    await store.register(registration);
    const outcome = {
      kind: 'reported' as const,
      report: { kind: 'succeeded' as const, output: { a: 1 } },
      eventId: 5,
    };
    const first = await store.end('h1', outcome, executionKey, 100);
    assert.equal(first.ended, true);
    assert.deepEqual(first.record.outcome, outcome);
    assert.equal(first.record.endedTime, 100);
    const second = await store.end('h1', { kind: 'timedOut' }, executionKey, 200);
    assert.equal(second.ended, false);
    assert.deepEqual(second.record.outcome, outcome);
  });

  it('ending an unknown hash leaves a tombstone that a late registration cannot revive', async () => {
    const store = new MemoryTokenStore();
    const ended = await store.end('h2', { kind: 'cancelled' }, executionKey, 100);
    assert.equal(ended.ended, true);
    await store.register({ ...registration, tokenHash: 'h2' });
    const record = await store.get('h2');
    assert.equal(record?.status, 'ended');
    assert.deepEqual(record?.outcome, { kind: 'cancelled' });
  });

  it('lists waiting records past their deadline', async () => {
    const store = new MemoryTokenStore();
    await store.register(registration);
    await store.register({ ...registration, tokenHash: 'h3', deadline: 9000 });
    await store.register({ ...registration, tokenHash: 'h4', deadline: 1000 });
    await store.end('h4', { kind: 'timedOut' }, executionKey, 1000);
    const { deadline: _unused, ...noDeadline } = registration;
    await store.register({ ...noDeadline, tokenHash: 'h5' });
    assert.deepEqual(
      (await store.listExpired(5000, 10)).map((r) => r.tokenHash),
      ['h1'],
    );
  });
});
