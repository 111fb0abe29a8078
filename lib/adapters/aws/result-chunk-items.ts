/**
 * Result chunks (a large foreach's finished locals, `lib/engine/results.ts`) as items of the
 * executions table: sort key `r#{chunk id}`, the locals compressed in `locals`. Written with PutItem
 * before the commit whose state references them (a chunk is immutable, so a repeated write is the
 * same), read back with a consistent BatchGetItem when the foreach ends. TTL like a history page
 * that is not the last: written time + retention + `HISTORY_GRACE_DAYS`, as executions last a year at
 * most, so that retention removes them without a write at the end; a chunk whose commit lost is
 * never read and goes the same way.
 */
import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChunkLocals, ExecutionKey, ResultChunk } from '../../engine/types.ts';
import { HISTORY_GRACE_DAYS } from './history-items.ts';
import { assertItemSize, decodeJson, encodeJson, executionPk, expiryOf, tooLargeOr } from './item-codec.ts';

/** The sort key prefix of result chunk items. */
export const RESULT_CHUNK_PREFIX = 'r#';

/** Keys per BatchGetItem (DynamoDB's maximum). */
const BATCH_GET_SIZE = 100;

/** Attempts of one batch whose keys DynamoDB left unprocessed (throttling). */
const MAX_BATCH_ATTEMPTS = 8;

/** The result chunks of one executions table. */
export class ResultChunkItems {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #compressAbove: number;
  readonly #retentionDays: number;

  constructor(db: DynamoDBDocumentClient, table: string, compressAbove: number, retentionDays: number) {
    this.#db = db;
    this.#table = table;
    this.#compressAbove = compressAbove;
    this.#retentionDays = retentionDays;
  }

  /** Writes `chunks` of `key`, all at once. */
  async store(key: ExecutionKey, chunks: readonly ResultChunk[], now = Date.now()): Promise<void> {
    const expiresAt = expiryOf(now, this.#retentionDays + HISTORY_GRACE_DAYS);
    await Promise.all(
      chunks.map(async (chunk) => {
        const item = {
          pk: executionPk(key),
          sk: `${RESULT_CHUNK_PREFIX}${chunk.id}`,
          locals: encodeJson(chunk.locals, this.#compressAbove),
          expiresAt,
        };
        const what = `result chunk ${chunk.id} of execution ${item.pk}`;
        assertItemSize(item, what);
        try {
          await this.#db.send(new PutCommand({ TableName: this.#table, Item: item }));
        } catch (error) {
          throw tooLargeOr(error, what);
        }
      }),
    );
  }

  /** The locals of chunks `ids` of `key` that exist, by id. */
  async read(key: ExecutionKey, ids: readonly string[]): Promise<Map<string, ChunkLocals>> {
    const pk = executionPk(key);
    const found = new Map<string, ChunkLocals>();
    for (let from = 0; from < ids.length; from += BATCH_GET_SIZE) {
      let keys = ids
        .slice(from, from + BATCH_GET_SIZE)
        .map((id) => ({ pk, sk: `${RESULT_CHUNK_PREFIX}${id}` }));
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > MAX_BATCH_ATTEMPTS)
          throw new Error(`result chunks of ${pk} left unread after ${attempt - 1} attempts`);
        const got = await this.#db.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of got.Responses?.[this.#table] ?? [])
          found.set(String(item.sk).slice(RESULT_CHUNK_PREFIX.length), decodeJson<ChunkLocals>(item.locals));
        keys = (got.UnprocessedKeys?.[this.#table]?.Keys ?? []) as typeof keys;
      }
    }
    return found;
  }
}
