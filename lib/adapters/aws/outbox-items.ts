/**
 * Where the pending outboxes of state items keep their content: inline in the `outboxes` map when
 * small, else in an item of their own (`o#{version}#{nonce}`, see `execution-item.ts`), written before
 * the commit that references it and kept until its TTL. Reads go through the entries a load decoded.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ExecutionKey } from '../../engine/types.ts';
import type { CommittedOutbox, Outbox, PendingOutbox } from '../../ports/execution-store.ts';
import {
  encodeOutbox,
  encodeOutboxReference,
  OUTBOX_INLINE_MAX_BYTES,
  OUTBOX_PREFIX,
  outboxesOfItem,
  type ReadOutbox,
} from './execution-item.ts';
import {
  assertItemSize,
  decodeJson,
  type EncodedJson,
  encodeJson,
  executionPk,
  expiryOf,
  STATE_SK,
  tooLargeOr,
} from './item-codec.ts';

/** The outbox contents of one executions table. */
export class OutboxItems {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #compressAbove: number;
  readonly #retentionDays: number;
  /** Where the content of each pending outbox loaded through `remember` is. */
  readonly #contents = new WeakMap<PendingOutbox, ReadOutbox>();

  constructor(db: DynamoDBDocumentClient, table: string, compressAbove: number, retentionDays: number) {
    this.#db = db;
    this.#table = table;
    this.#compressAbove = compressAbove;
    this.#retentionDays = retentionDays;
  }

  /** Keeps where the contents of a loaded item's outboxes are, for `read`. */
  remember(outboxes: readonly ReadOutbox[]): void {
    for (const read of outboxes) this.#contents.set(read.pending, read);
  }

  /**
   * The `outboxes` entry of `outbox`: its content inline when small, else a reference to an item of
   * its own, written here (before the commit that references it; TTL: the retention period).
   */
  async place(key: ExecutionKey, outbox: CommittedOutbox): Promise<{ entry: EncodedJson; at?: string }> {
    const inline = encodeOutbox(outbox, this.#compressAbove);
    const size = typeof inline === 'string' ? Buffer.byteLength(inline, 'utf8') : inline.byteLength;
    if (size <= OUTBOX_INLINE_MAX_BYTES) return { entry: inline };
    const at = `${OUTBOX_PREFIX}${outbox.version}#${randomUUID()}`;
    const item = {
      pk: executionPk(key),
      sk: at,
      outbox: encodeJson({ events: outbox.events, commands: outbox.commands }, this.#compressAbove),
      expiresAt: expiryOf(outbox.committedAt, this.#retentionDays),
    };
    const what = `the outbox of commit ${outbox.version} of execution ${item.pk}`;
    assertItemSize(item, what);
    try {
      await this.#db.send(new PutCommand({ TableName: this.#table, Item: item }));
    } catch (error) {
      throw tooLargeOr(error, what);
    }
    return { entry: encodeOutboxReference(outbox, at, this.#compressAbove), at };
  }

  /** Deletes outbox items no state item references (their commit lost); one left behind expires. */
  async remove(key: ExecutionKey, sortKeys: readonly string[]): Promise<void> {
    for (const sk of sortKeys) {
      await this.#db
        .send(new DeleteCommand({ TableName: this.#table, Key: { pk: executionPk(key), sk } }))
        .catch(() => undefined);
    }
  }

  /** The content of a pending outbox of `key`, or `undefined` once it is gone. */
  async read(key: ExecutionKey, pending: PendingOutbox): Promise<Outbox | undefined> {
    const read = this.#contents.get(pending) ?? (await this.#lookUp(key, pending));
    if (read?.content !== undefined) return structuredClone(read.content);
    if (read?.at === undefined) return undefined;
    const got = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: executionPk(key), sk: read.at },
        ConsistentRead: true,
      }),
    );
    return got.Item === undefined ? undefined : decodeJson<Outbox>(got.Item.outbox);
  }

  /** Where a pending outbox not loaded through `remember` is, from the state item. */
  async #lookUp(key: ExecutionKey, pending: PendingOutbox): Promise<ReadOutbox | undefined> {
    const got = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: executionPk(key), sk: STATE_SK },
        ConsistentRead: true,
      }),
    );
    if (got.Item === undefined) return undefined;
    return outboxesOfItem(got.Item).find((read) => read.pending.version === pending.version);
  }
}
