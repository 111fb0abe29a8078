/**
 * Result chunks: the finished locals of a large foreach, moved out of the state a chunk at a time so
 * that the state item (rewritten by every commit) stays small however many iterations have finished.
 * The engine names each chunk and hands it over with the state that references it (`AdvanceResult.chunks`);
 * the runtime stores it before committing that state, and gives it back when a foreach that stored it
 * ends: the advance then throws `ResultChunksNeeded`, and is run again with the chunks loaded.
 */
import type { JsonObject } from '../fdl/types.ts';
import type { IdSource } from './state.ts';

/** Finished iterations' locals by collection index. */
export type ChunkLocals = Record<string, JsonObject>;

/** One chunk of a foreach's finished locals, stored apart from the state under `id`. */
export interface ResultChunk {
  id: string;
  locals: ChunkLocals;
}

/**
 * Bytes of JSON a foreach keeps in its state before moving its finished locals to a chunk. A chunk
 * holds at most this plus one local (`MAX_PAYLOAD_BYTES`): under DynamoDB's 400 KB item limit.
 */
export const RESULT_CHUNK_BYTES = 32 * 1024;

/** Thrown by an advance that ends a foreach whose chunks it was not given: load them and advance again. */
export class ResultChunksNeeded extends Error {
  constructor(readonly ids: string[]) {
    super(`the result chunks ${ids.join(', ')} are needed`);
  }
}

/** The chunks one advance (or a batch of them) works with: those given, and those it makes. */
export class ResultChunks {
  readonly #known: Map<string, ChunkLocals>;
  /** Made here and still referenced: to be stored with the new state. */
  readonly #made = new Set<string>();

  constructor(given: ReadonlyMap<string, ChunkLocals> = new Map()) {
    this.#known = new Map(given);
  }

  /** Makes a chunk of `locals` and returns its id. */
  make(ids: IdSource, locals: ChunkLocals): string {
    const id = ids.uuid();
    this.#known.set(id, locals);
    this.#made.add(id);
    return id;
  }

  /**
   * The locals of chunks `ids`, merged, for a foreach that ends (a chunk made by this advance is
   * then never stored). Throws `ResultChunksNeeded` for the chunks it was not given.
   */
  take(ids: readonly string[]): ChunkLocals {
    const missing = ids.filter((id) => !this.#known.has(id));
    if (missing.length > 0) throw new ResultChunksNeeded(missing);
    const merged: ChunkLocals = {};
    for (const id of ids) {
      Object.assign(merged, this.#known.get(id));
      this.#made.delete(id);
    }
    return merged;
  }

  /** The chunks made and still referenced, to store before the state is committed. */
  made(): ResultChunk[] {
    return [...this.#made].map((id) => ({ id, locals: this.#known.get(id) ?? {} }));
  }
}
