/**
 * A fault-injecting decorator of any `ExecutionStore` (the DynamoDB one in integration tests): the
 * planned call throws `InjectedFault` instead of reaching the store — a crash at that point of the
 * commit protocol (e.g. `appendHistory` or `clearOutbox` right after a commit).
 */
import { type ExecutionStoreOperation, FaultPlan } from '../../lib/adapters/memory/index.ts';
import type { ExecutionStore } from '../../lib/ports/execution-store.ts';

/** `inner` with `faults` planned per operation (see `FaultPlan.failNext`). */
export class FaultyExecutionStore implements ExecutionStore {
  readonly faults = new FaultPlan<ExecutionStoreOperation>();
  /** How many calls of each operation reached the inner store. */
  readonly calls: Partial<Record<ExecutionStoreOperation, number>> = {};
  /** Milliseconds each call of an operation is held before it reaches the inner store (a slow one). */
  readonly delays: Partial<Record<ExecutionStoreOperation, number>> = {};
  readonly #inner: ExecutionStore;

  constructor(inner: ExecutionStore) {
    this.#inner = inner;
  }

  /** Takes a planned fault of `operation` (throws on a crash), counts the call, holds it if slow. */
  async #enter(operation: ExecutionStoreOperation): Promise<void> {
    if (this.faults.take(operation) === 'conflict') {
      throw new Error(`a planned conflict is only supported by the memory store (${operation})`);
    }
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    const delay = this.delays[operation];
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  create: ExecutionStore['create'] = async (record) => {
    await this.#enter('create');
    return this.#inner.create(record);
  };

  load: ExecutionStore['load'] = async (key) => {
    await this.#enter('load');
    return this.#inner.load(key);
  };

  commit: ExecutionStore['commit'] = async (key, request) => {
    await this.#enter('commit');
    return this.#inner.commit(key, request);
  };

  releaseDrain: ExecutionStore['releaseDrain'] = async (key, owner) => {
    await this.#enter('releaseDrain');
    return this.#inner.releaseDrain(key, owner);
  };

  appendInbox: ExecutionStore['appendInbox'] = async (key, entry) => {
    await this.#enter('appendInbox');
    return this.#inner.appendInbox(key, entry);
  };

  readOutbox: ExecutionStore['readOutbox'] = async (key, pending) => {
    await this.#enter('readOutbox');
    return this.#inner.readOutbox(key, pending);
  };

  storeChunks: ExecutionStore['storeChunks'] = async (key, chunks) => {
    await this.#enter('storeChunks');
    return this.#inner.storeChunks(key, chunks);
  };

  readChunks: ExecutionStore['readChunks'] = async (key, ids) => {
    await this.#enter('readChunks');
    return this.#inner.readChunks(key, ids);
  };

  appendHistory: ExecutionStore['appendHistory'] = async (key, events) => {
    await this.#enter('appendHistory');
    return this.#inner.appendHistory(key, events);
  };

  readHistory: ExecutionStore['readHistory'] = async (key, afterEventId, limit) => {
    await this.#enter('readHistory');
    return this.#inner.readHistory(key, afterEventId, limit);
  };

  clearOutbox: ExecutionStore['clearOutbox'] = async (key, version) => {
    await this.#enter('clearOutbox');
    return this.#inner.clearOutbox(key, version);
  };

  listExecutions: ExecutionStore['listExecutions'] = async (flowName, query) => {
    await this.#enter('listExecutions');
    return this.#inner.listExecutions(flowName, query);
  };

  listPendingOutboxes: ExecutionStore['listPendingOutboxes'] = async (limit, after) => {
    await this.#enter('listPendingOutboxes');
    return this.#inner.listPendingOutboxes(limit, after);
  };
}
