/**
 * In-memory `ExecutionStore` with the exact conditional semantics of the real one. Values are copied
 * in and out, so that callers cannot change what is stored; `faults` simulates crashes and races.
 */
import type {
  ChunkLocals,
  ExecutionKey,
  ExecutionState,
  HistoryEvent,
  ResultChunk,
} from '../../engine/types.ts';
import {
  type CommitRequest,
  type CommitResult,
  type CommittedOutbox,
  type CreateResult,
  callsOfOutbox,
  type ExecutionCursor,
  type ExecutionRecord,
  type ExecutionStore,
  type InboxEntry,
  type ListExecutionsQuery,
  type NewExecutionRecord,
  type Outbox,
  type Page,
  type PendingOutbox,
  withoutOutboxContents,
} from '../../ports/execution-store.ts';
import { FaultPlan } from './faults.ts';

/** Operations of the execution store that faults can be planned for. */
export type ExecutionStoreOperation = keyof ExecutionStore;

/** The map key of an execution. */
function id(key: ExecutionKey): string {
  return `${key.flowName}\u0000${key.executionName}`;
}

/** Orders executions by start time, then name. */
function compareCursors(a: ExecutionCursor, b: ExecutionCursor): number {
  return (
    a.startedTime - b.startedTime ||
    (a.executionName < b.executionName ? -1 : a.executionName > b.executionName ? 1 : 0)
  );
}

/** A record as kept here: its pending outboxes with their content. */
type StoredRecord = NewExecutionRecord;

/** A copy of a stored record as `load` returns it: pending outboxes without their content. */
const loaded = withoutOutboxContents;

/** An in-memory execution store. */
export class MemoryExecutionStore implements ExecutionStore {
  /** Planned faults (`failNext('clearOutbox')` crashes between commit and outbox flush). */
  readonly faults = new FaultPlan<ExecutionStoreOperation>();
  /** Counters for tests: successful commits, lost races, inbox appends. */
  readonly stats = { commits: 0, conflicts: 0, inboxAppends: 0 };
  readonly #records = new Map<string, StoredRecord>();
  readonly #history = new Map<string, Map<number, HistoryEvent>>();
  readonly #chunks = new Map<string, Map<string, ChunkLocals>>();

  async create(record: NewExecutionRecord): Promise<CreateResult> {
    this.faults.take('create');
    const existing = this.#records.get(id(record.key));
    if (existing !== undefined) return { created: false, record: loaded(existing) };
    const stored = structuredClone(record);
    this.#records.set(id(record.key), stored);
    return { created: true, record: loaded(stored) };
  }

  async load(key: ExecutionKey): Promise<ExecutionRecord | undefined> {
    this.faults.take('load');
    const record = this.#records.get(id(key));
    return record === undefined ? undefined : loaded(record);
  }

  async storeChunks(key: ExecutionKey, chunks: readonly ResultChunk[]): Promise<void> {
    this.faults.take('storeChunks');
    const stored = this.#chunks.get(id(key)) ?? new Map<string, ChunkLocals>();
    this.#chunks.set(id(key), stored);
    for (const chunk of chunks) stored.set(chunk.id, structuredClone(chunk.locals));
  }

  async readChunks(key: ExecutionKey, ids: readonly string[]): Promise<Map<string, ChunkLocals>> {
    this.faults.take('readChunks');
    const stored = this.#chunks.get(id(key));
    const found = new Map<string, ChunkLocals>();
    for (const chunkId of ids) {
      const locals = stored?.get(chunkId);
      if (locals !== undefined) found.set(chunkId, structuredClone(locals));
    }
    return found;
  }

  async readOutbox(key: ExecutionKey, pending: PendingOutbox): Promise<Outbox | undefined> {
    this.faults.take('readOutbox');
    const found = this.#records.get(id(key))?.outboxes.find((outbox) => outbox.version === pending.version);
    return found === undefined
      ? undefined
      : structuredClone({ events: found.events, commands: found.commands });
  }

  async commit(key: ExecutionKey, request: CommitRequest): Promise<CommitResult> {
    const fault = this.faults.take('commit');
    const record = this.#records.get(id(key));
    if (fault === 'conflict' || record === undefined || record.version !== request.expectedVersion) {
      this.stats.conflicts += 1;
      return {
        ok: false,
        conflict: true,
        ...(record !== undefined ? { currentVersion: record.version } : {}),
      };
    }
    const version = request.expectedVersion + 1;
    const completed = new Set(request.completedOutboxes);
    const outboxes = record.outboxes.filter((pending) => !completed.has(pending.version));
    if (request.outbox.events.length > 0 || request.outbox.commands.length > 0) {
      const committed: CommittedOutbox = {
        ...structuredClone(request.outbox),
        version,
        committedAt: request.committedAt,
        calls: callsOfOutbox(request.outbox),
      };
      outboxes.push(committed);
    }
    this.#records.set(id(key), {
      ...record,
      state: structuredClone(request.state),
      outboxes,
      inbox: record.inbox.slice(request.consumedInbox),
      recentHistory: structuredClone(request.recentHistory),
      ...(request.drainer !== undefined
        ? { drainer: { ...request.drainer } }
        : record.drainer !== undefined
          ? { drainer: record.drainer }
          : {}),
      version,
    });
    this.stats.commits += 1;
    return { ok: true, version };
  }

  async appendInbox(key: ExecutionKey, entry: InboxEntry): Promise<ExecutionRecord | undefined> {
    this.faults.take('appendInbox');
    const record = this.#records.get(id(key));
    if (record === undefined) return undefined;
    record.inbox.push(structuredClone(entry));
    this.stats.inboxAppends += 1;
    return loaded(record);
  }

  async releaseDrain(key: ExecutionKey, owner: string): Promise<boolean> {
    this.faults.take('releaseDrain');
    const record = this.#records.get(id(key));
    if (record === undefined || record.drainer?.owner !== owner || record.inbox.length > 0) return false;
    delete record.drainer;
    return true;
  }

  async appendHistory(key: ExecutionKey, events: HistoryEvent[]): Promise<void> {
    this.faults.take('appendHistory');
    const history = this.#history.get(id(key)) ?? new Map<number, HistoryEvent>();
    for (const event of events) {
      if (!history.has(event.eventId)) history.set(event.eventId, structuredClone(event));
    }
    this.#history.set(id(key), history);
  }

  async readHistory(key: ExecutionKey, afterEventId: number, limit: number): Promise<HistoryEvent[]> {
    this.faults.take('readHistory');
    const history = [...(this.#history.get(id(key))?.values() ?? [])];
    return structuredClone(
      history
        .filter((event) => event.eventId > afterEventId)
        .sort((a, b) => a.eventId - b.eventId)
        .slice(0, limit),
    );
  }

  async clearOutbox(key: ExecutionKey, version: number): Promise<void> {
    this.faults.take('clearOutbox');
    const record = this.#records.get(id(key));
    if (record === undefined) return;
    record.outboxes = record.outboxes.filter((pending) => pending.version !== version);
  }

  async listExecutions(
    flowName: string,
    query: ListExecutionsQuery,
  ): Promise<Page<ExecutionState, ExecutionCursor>> {
    this.faults.take('listExecutions');
    const cursor = (state: ExecutionState): ExecutionCursor => ({
      startedTime: state.startedTime,
      executionName: state.executionName,
    });
    const after = query.after;
    const matching = [...this.#records.values()]
      .map((record) => record.state)
      .filter((state) => state.flowName === flowName)
      .filter((state) => query.status === undefined || state.status === query.status)
      .filter((state) => after === undefined || compareCursors(cursor(state), after) > 0)
      .sort((a, b) => compareCursors(cursor(a), cursor(b)));
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: structuredClone(items),
      ...(matching.length > items.length && last !== undefined ? { next: cursor(last) } : {}),
    };
  }

  async listPendingOutboxes(limit: number, after?: ExecutionKey): Promise<Page<ExecutionKey, ExecutionKey>> {
    this.faults.take('listPendingOutboxes');
    const pending = [...this.#records.entries()]
      .filter(([, record]) => record.outboxes.length > 0 || record.inbox.length > 0)
      .filter(([key]) => after === undefined || key > id(after))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, record]) => structuredClone(record.key));
    const items = pending.slice(0, limit);
    const last = items.at(-1);
    return { items, ...(pending.length > items.length && last !== undefined ? { next: last } : {}) };
  }
}
