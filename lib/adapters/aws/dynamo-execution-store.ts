import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ChunkLocals,
  ExecutionKey,
  ExecutionState,
  HistoryEvent,
  ResultChunk,
} from '../../engine/types.ts';
import type { FlowDefinition } from '../../fdl/types.ts';
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
import { DefinitionItems } from './definition-items.ts';
import { documentClient } from './document-client.ts';
import {
  coreOf,
  encodeInboxEntry,
  isLegacyItem,
  newStateItem,
  outboxesOfItem,
  outboxKey,
  outboxPending,
  recordOfItem,
  stateExpiry,
  summaryChanges,
  summaryOf,
} from './execution-item.ts';
import { listFlowExecutions, listPendingExecutions } from './execution-listing.ts';
import { type HistoryOptions, readHistoryItems, writeHistoryItems } from './history-items.ts';
import {
  assertItemSize,
  DEFAULT_COMPRESS_ABOVE_BYTES,
  decodeJson,
  type EncodedJson,
  encodeJson,
  executionPk,
  isConditionFailed,
  STATE_SK,
  tooLargeOr,
} from './item-codec.ts';
import { migrateLegacyStateItem } from './legacy-state-item.ts';
import { OutboxItems } from './outbox-items.ts';
import { ResultChunkItems } from './result-chunk-items.ts';

/** Options of the DynamoDB stores. */
export interface DynamoStoreOptions {
  /** Days finished executions, their history and token tombstones are kept (default 90). */
  retentionDays?: number;
  /** JSON values longer than this many bytes are stored gzipped (default 4096). */
  compressAboveBytes?: number;
}

/**
 * JSON parts of a state item longer than this are gzipped even below `compressAboveBytes`: DynamoDB
 * bills every update by the whole item (per KB), and a commit rewrites it, so a smaller item is
 * cheaper at every transition (the seed's item stays under 1 KB).
 */
export const STATE_COMPRESS_ABOVE_BYTES = 128;

/** Default retention of finished executions and tombstones, in days. */
export const DEFAULT_RETENTION_DAYS = 90;

/** An execution store on DynamoDB. */
export class DynamoExecutionStore implements ExecutionStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;
  readonly #compressAbove: number;
  /** The threshold for the parts of the state item, which every commit rewrites. */
  readonly #stateCompressAbove: number;
  readonly #definitions: DefinitionItems;
  /** Partition keys of state items of layout 1 this store has read (migrated by their next commit). */
  readonly #legacy = new Set<string>();
  /** The contents of pending outboxes, inline or in items of their own. */
  readonly #outboxItems: OutboxItems;
  readonly #chunkItems: ResultChunkItems;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoStoreOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.#compressAbove = options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE_BYTES;
    this.#stateCompressAbove = Math.min(this.#compressAbove, STATE_COMPRESS_ABOVE_BYTES);
    this.#definitions = new DefinitionItems(this.#db, tableName, this.#compressAbove);
    this.#outboxItems = new OutboxItems(this.#db, tableName, this.#stateCompressAbove, this.#retentionDays);
    this.#chunkItems = new ResultChunkItems(this.#db, tableName, this.#compressAbove, this.#retentionDays);
  }

  async create(record: NewExecutionRecord): Promise<CreateResult> {
    const hash = await this.#definitions.put(record.definition);
    const outboxes: Record<string, EncodedJson> = {};
    const placed: string[] = [];
    for (const outbox of record.outboxes) {
      const { entry, at } = await this.#outboxItems.place(record.key, outbox);
      outboxes[outboxKey(outbox.version)] = entry;
      if (at !== undefined) placed.push(at);
    }
    const item = newStateItem(record, hash, this.#retentionDays, this.#stateCompressAbove, outboxes);
    assertItemSize(item as unknown as Record<string, unknown>, `the state item of execution ${item.pk}`);
    const summary = withoutOutboxContents(record);
    for (;;) {
      try {
        await this.#db.send(
          new PutCommand({
            TableName: this.#table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { created: true, record: summary };
      } catch (error) {
        if (!isConditionFailed(error)) throw tooLargeOr(error, `the state item of execution ${item.pk}`);
      }
      await this.#outboxItems.remove(record.key, placed.splice(0));
      const existing = await this.load(record.key);
      // Removed between the two calls (retention): try again.
      if (existing !== undefined) return { created: false, record: existing };
    }
  }

  async load(key: ExecutionKey): Promise<ExecutionRecord | undefined> {
    const got = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: executionPk(key), sk: STATE_SK },
        ConsistentRead: true,
      }),
    );
    return got.Item === undefined ? undefined : this.#recordOf(got.Item);
  }

  async commit(key: ExecutionKey, request: CommitRequest): Promise<CommitResult> {
    const { expectedVersion, state, outbox } = request;
    if (this.#legacy.delete(executionPk(key))) await this.#migrateLegacy(key, expectedVersion);
    const names: Record<string, string> = { '#core': 'core', '#version': 'version', '#recent': 'recent' };
    const values: Record<string, unknown> = {
      ':core': encodeJson(coreOf(state), this.#stateCompressAbove),
      ':next': expectedVersion + 1,
      ':expected': expectedVersion,
      ':recent': encodeJson(request.recentHistory, this.#stateCompressAbove),
    };
    const set = ['#core = :core', '#version = :next', '#recent = :recent'];
    if (request.drainer !== undefined) {
      names['#drainer'] = 'drainer';
      names['#drainerUntil'] = 'drainerUntil';
      values[':drainer'] = request.drainer.owner;
      values[':drainerUntil'] = request.drainer.until;
      set.push('#drainer = :drainer', '#drainerUntil = :drainerUntil');
    }
    const remove: string[] = [];
    if (outboxPending(outbox) || request.completedOutboxes.length > 0) names['#outboxes'] = 'outboxes';
    let placedAt: string | undefined;
    if (outboxPending(outbox)) {
      const committed: CommittedOutbox = {
        ...outbox,
        version: expectedVersion + 1,
        committedAt: request.committedAt,
        calls: callsOfOutbox(outbox),
      };
      const placed = await this.#outboxItems.place(key, committed);
      placedAt = placed.at;
      names['#newOutbox'] = outboxKey(expectedVersion + 1);
      values[':outbox'] = placed.entry;
      set.push('#outboxes.#newOutbox = :outbox');
    }
    request.completedOutboxes.forEach((version, index) => {
      names[`#completed${index}`] = outboxKey(version);
      remove.push(`#outboxes.#completed${index}`);
    });
    if (request.consumedInbox > 0) {
      names['#inbox'] = 'inbox';
      // Highest index first: the same entries go whether indexes are taken at once or one by one.
      for (let index = request.consumedInbox - 1; index >= 0; index--) remove.push(`#inbox[${index}]`);
    }
    if (summaryChanges(state)) {
      names['#status'] = 'status';
      names['#summary'] = 'summary';
      values[':status'] = state.status;
      values[':summary'] = encodeJson(summaryOf(state), this.#stateCompressAbove);
      set.push('#status = :status', '#summary = :summary');
      const expiresAt = stateExpiry(state, this.#retentionDays);
      if (expiresAt !== undefined) {
        names['#expiresAt'] = 'expiresAt';
        values[':expiresAt'] = expiresAt;
        set.push('#expiresAt = :expiresAt');
      }
    }
    // What is rewritten must fit; the whole item (summary, inbox) is checked by DynamoDB itself.
    assertItemSize(values, `the state item of execution ${executionPk(key)}`);
    const expression = `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(key), sk: STATE_SK },
          UpdateExpression: expression,
          ConditionExpression: '#version = :expected AND attribute_exists(#outboxesMap)',
          ExpressionAttributeNames: { ...names, '#outboxesMap': 'outboxes' },
          ExpressionAttributeValues: values,
        }),
      );
      return { ok: true, version: expectedVersion + 1 };
    } catch (error) {
      // The outbox item of a commit that did not happen goes.
      if (placedAt !== undefined) await this.#outboxItems.remove(key, [placedAt]);
      if (isConditionFailed(error)) return { ok: false, conflict: true };
      throw tooLargeOr(error, `the state item of execution ${executionPk(key)}`);
    }
  }

  async readOutbox(key: ExecutionKey, pending: PendingOutbox): Promise<Outbox | undefined> {
    return this.#outboxItems.read(key, pending);
  }

  async appendInbox(key: ExecutionKey, entry: InboxEntry): Promise<ExecutionRecord | undefined> {
    try {
      const updated = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(key), sk: STATE_SK },
          UpdateExpression: 'SET #inbox = list_append(if_not_exists(#inbox, :empty), :entry)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#inbox': 'inbox' },
          ExpressionAttributeValues: {
            ':empty': [],
            ':entry': [encodeInboxEntry(entry, this.#stateCompressAbove)],
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return updated.Attributes === undefined ? undefined : this.#recordOf(updated.Attributes);
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw tooLargeOr(error, `the inbox of execution ${executionPk(key)}`);
    }
  }

  async releaseDrain(key: ExecutionKey, owner: string): Promise<boolean> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(key), sk: STATE_SK },
          UpdateExpression: 'REMOVE #drainer, #drainerUntil',
          ConditionExpression: '#drainer = :owner AND size(#inbox) = :zero',
          ExpressionAttributeNames: {
            '#drainer': 'drainer',
            '#drainerUntil': 'drainerUntil',
            '#inbox': 'inbox',
          },
          ExpressionAttributeValues: { ':owner': owner, ':zero': 0 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async appendHistory(key: ExecutionKey, events: HistoryEvent[]): Promise<void> {
    await writeHistoryItems(this.#db, this.#table, key, events, this.#historyOptions());
  }

  async readHistory(key: ExecutionKey, afterEventId: number, limit: number): Promise<HistoryEvent[]> {
    return readHistoryItems(this.#db, this.#table, key, afterEventId, limit);
  }

  storeChunks(key: ExecutionKey, chunks: readonly ResultChunk[]): Promise<void> {
    return this.#chunkItems.store(key, chunks);
  }

  readChunks(key: ExecutionKey, ids: readonly string[]): Promise<Map<string, ChunkLocals>> {
    return this.#chunkItems.read(key, ids);
  }

  async clearOutbox(key: ExecutionKey, version: number): Promise<void> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: executionPk(key), sk: STATE_SK },
          UpdateExpression: 'REMOVE #outboxes.#cleared',
          ConditionExpression: 'attribute_exists(#outboxes)',
          ExpressionAttributeNames: { '#outboxes': 'outboxes', '#cleared': outboxKey(version) },
        }),
      );
    } catch (error) {
      // Gone (retention), or of layout 1 (its single outbox is cleared by its migration).
      if (!isConditionFailed(error)) throw error;
    }
  }

  listExecutions(
    flowName: string,
    query: ListExecutionsQuery,
  ): Promise<Page<ExecutionState, ExecutionCursor>> {
    return listFlowExecutions(this.#db, this.#table, flowName, query);
  }

  /** Scans the whole table (recovery at start-up and the local sweeper only; see `execution-listing.ts`). */
  listPendingOutboxes(limit: number, after?: ExecutionKey): Promise<Page<ExecutionKey, ExecutionKey>> {
    return listPendingExecutions(this.#db, this.#table, limit, after);
  }

  /** The record of a stored state item, its definition read by hash (or inline, layout 1). */
  async #recordOf(item: Record<string, unknown>): Promise<ExecutionRecord> {
    // Its next commit needs the current layout first.
    if (isLegacyItem(item)) this.#legacy.add(String(item.pk));
    const definition =
      item.definitionHash !== undefined
        ? await this.#definitions.get(String(item.definitionHash))
        : decodeJson<FlowDefinition>(item.definition);
    const outboxes = outboxesOfItem(item);
    this.#outboxItems.remember(outboxes);
    return recordOfItem(item, definition, outboxes);
  }

  /** Moves a state item of layout 1 still at `version` to the current layout (`legacy-state-item.ts`). */
  async #migrateLegacy(key: ExecutionKey, version: number): Promise<void> {
    await migrateLegacyStateItem(
      { db: this.#db, table: this.#table, compressAbove: this.#stateCompressAbove },
      key,
      version,
      (item) => this.#recordOf(item),
      (definition) => this.#definitions.put(definition),
    );
  }

  #historyOptions(): HistoryOptions {
    return { retentionDays: this.#retentionDays, compressAbove: this.#compressAbove };
  }
}
