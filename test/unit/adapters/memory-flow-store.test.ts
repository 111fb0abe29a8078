import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFlowStore } from '../../../lib/adapters/memory/index.ts';
import type { FlowRecord } from '../../../lib/ports/flow-store.ts';

function flow(name: string): FlowRecord {
  return {
    name,
    definitionText: 'version: v1',
    definition: { version: 'v1', type: 'flow', steps: [] },
    description: '',
    createdTime: 1,
    lastModifiedTime: 1,
    version: 1,
  };
}

describe('MemoryFlowStore', () => {
  it('creates if absent', async () => {
    const store = new MemoryFlowStore();
    assert.equal((await store.create(flow('a'))).created, true);
    assert.equal((await store.create({ ...flow('a'), description: 'x' })).created, false);
    assert.equal((await store.get('a'))?.description, '');
  });

  it('updates conditionally on version', async () => {
    const store = new MemoryFlowStore();
    await store.create(flow('a'));
    const updated = await store.update('a', 1, { description: 'new', lastModifiedTime: 2 });
    assert.equal(updated.ok, true);
    assert.equal((await store.get('a'))?.version, 2);
    const stale = await store.update('a', 1, { description: 'stale', lastModifiedTime: 3 });
    assert.deepEqual(stale, { ok: false, conflict: true, currentVersion: 2 });
    assert.deepEqual(await store.update('b', 1, { lastModifiedTime: 3 }), { ok: false, notFound: true });
  });

  it('deletes and lists by name with paging', async () => {
    const store = new MemoryFlowStore();
    for (const name of ['c', 'a', 'b']) await store.create(flow(name));
    assert.equal(await store.delete('c'), true);
    assert.equal(await store.delete('c'), false);
    const first = await store.list(1);
    assert.deepEqual(
      first.items.map((f) => f.name),
      ['a'],
    );
    assert.equal(first.next, 'a');
    const second = await store.list(1, first.next);
    assert.deepEqual(
      second.items.map((f) => f.name),
      ['b'],
    );
    assert.equal(second.next, undefined);
  });
});
