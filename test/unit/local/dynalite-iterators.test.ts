/**
 * dynalite's value streams must close their LevelDB iterators (lib/local/dynalite-iterators.ts): at the
 * end of the data and when the reader stops early (a Query at its `Limit`). Without it every Query and
 * Scan left an iterator open, and `flowback serve` grew by megabytes a second under load.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { finished } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { closeDynaliteIterators } from '../../../lib/local/dynalite-iterators.ts';

/** The parts of a dynalite store the test uses. */
interface Store {
  db: {
    values(options: unknown): { close(): Promise<void> };
    put(key: string, value: unknown, callback: (error?: Error) => void): void;
    createValueStream(options: unknown): NodeJS.ReadableStream & { destroy(): void };
    close(): Promise<void>;
  };
}

/** A fresh in-memory store whose iterator closes are counted. */
async function countingStore(): Promise<{ store: Store; closed: () => number }> {
  closeDynaliteIterators();
  const store = (createRequire(import.meta.url)('dynalite/db') as { create(o: object): Store }).create({});
  let closed = 0;
  const values = store.db.values.bind(store.db);
  store.db.values = (options) => {
    const iterator = values(options);
    const close = iterator.close.bind(iterator);
    iterator.close = () => {
      closed += 1;
      return close();
    };
    return iterator;
  };
  for (const key of ['a', 'b', 'c']) await promisify(store.db.put.bind(store.db))(key, { key });
  return { store, closed: () => closed };
}

describe("dynalite's value streams", () => {
  it('close their iterator when read to the end', async () => {
    const { store, closed } = await countingStore();
    const stream = store.db.createValueStream({});
    const read: unknown[] = [];
    stream.on('data', (value) => read.push(value));
    await finished(stream);
    assert.equal(read.length, 3);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed(), 1);
    await store.db.close();
  });

  it('close their iterator when destroyed after the first value (a Query at its Limit)', async () => {
    const { store, closed } = await countingStore();
    const stream = store.db.createValueStream({});
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await new Promise((resolve) => stream.once('close', resolve));
    assert.equal(closed(), 1);
    await store.db.close();
  });
});
