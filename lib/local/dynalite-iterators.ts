/**
 * Closes dynalite's LevelDB iterators. dynalite 4 reads every Query and Scan through a stream over an
 * abstract-level iterator and, when it stops early (at `Limit`, at 1 MB) or reaches the end, "closes"
 * it by calling `iterator.return()` — which abstract-level 3 iterators do not have (theirs is
 * `close()`). No iterator is ever closed: each one keeps its JavaScript objects and a native LevelDB
 * iterator (and the memtable it pins), so a long-running local runtime grows by megabytes a second
 * under load (test/chaos/load.test.ts). The store's `createValueStream` is replaced, for every store
 * dynalite creates from now on, by the same stream with an iterator closed on end and on destroy.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

/** The part of an abstract-level database the stream reads. */
interface ValuesDb {
  values(options: unknown): { next(): Promise<unknown>; close(): Promise<void> };
  createValueStream?: (options: unknown) => Readable;
}

/** dynalite's store module (`dynalite/db`), the one its server creates stores with. */
const storeModule = createRequire(import.meta.url)('dynalite/db') as {
  create: (options: unknown) => { db: ValuesDb };
};

let installed = false;

/** A value stream over `db.values(options)` that closes its iterator when it ends or is destroyed. */
function closingValueStream(db: ValuesDb, options: unknown): Readable {
  const iterator = db.values(options);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= iterator.close().catch(() => {});
    return closing;
  };
  return new Readable({
    objectMode: true,
    read() {
      iterator.next().then(
        (value) => {
          if (value !== undefined) {
            this.push(value);
            return;
          }
          this.push(null);
          void close();
        },
        (error: Error) => this.destroy(error),
      );
    },
    destroy(error, callback) {
      void close().then(() => callback(error));
    },
  });
}

/** Makes every dynalite store created after this call close its iterators (idempotent). */
export function closeDynaliteIterators(): void {
  if (installed) return;
  installed = true;
  const create = storeModule.create;
  storeModule.create = (options) => {
    const store = create(options);
    store.db.createValueStream = (streamOptions) => closingValueStream(store.db, streamOptions);
    return store;
  };
}
