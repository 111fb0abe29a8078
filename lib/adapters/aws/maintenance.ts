/**
 * The scans of a backstop sweep, one bounded page at a time: what the executions and tokens tables
 * hold that nobody may be carrying out. A page reads at most `limit` items (before the filter, as a
 * Scan's `Limit` does), consistently, from where the previous page stopped; callers keep the cursor
 * and never look inside it.
 */
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ExecutionKey } from '../../engine/types.ts';
import type { TokenRecord } from '../../ports/token-store.ts';
import { tokenRecordOf } from './dynamo-token-store.ts';
import { executionKeyOf, STATE_SK, TIMER_PREFIX } from './item-codec.ts';
import type { TableNames } from './tables.ts';

/** Where the next page of a table starts (opaque; `undefined`: at the start of the table). */
export type ScanCursor = Record<string, AttributeValue> | undefined;

/** A state item seen with a pending outbox. */
export interface PendingOutboxSighting {
  executionKey: ExecutionKey;
  /** The state item's version when seen. */
  version: number;
  /** The execution's item key as text: the same for every sighting of one execution, for maps and ids. */
  itemKey: string;
}

/** One page of the executions table. */
export interface ExecutionsSweepPage {
  /** State items with a pending outbox, in scan order. */
  pendingOutboxes: PendingOutboxSighting[];
  /** Executions with a timer record due at `now`, each once, in scan order. */
  dueTimers: ExecutionKey[];
  next: ScanCursor;
}

/** One page of the tokens table. */
export interface ExpiredTokensPage {
  /** Waiting tokens whose deadline is at or before `now`. */
  tokens: TokenRecord[];
  next: ScanCursor;
}

/** The filter of a Scan, with its names and values. */
type ScanFilter = Pick<
  ConstructorParameters<typeof ScanCommand>[0],
  'FilterExpression' | 'ProjectionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** Pages of the engine's tables for a sweep (see the file comment). */
export class DynamoSweepScans {
  readonly #dynamo: DynamoDBClient;
  readonly #tables: Pick<TableNames, 'executions' | 'tokens'>;

  constructor(dynamo: DynamoDBClient, tables: Pick<TableNames, 'executions' | 'tokens'>) {
    this.#dynamo = dynamo;
    this.#tables = tables;
  }

  /**
   * A page of the executions table: state items with pending work (an outbox — `outboxes`, or the
   * `pending` flag of layout 1 — or events waiting in the inbox) and due timers.
   */
  async executionsPage(cursor: ScanCursor, limit: number, now: number): Promise<ExecutionsSweepPage> {
    const page = await this.#scan(this.#tables.executions, cursor, limit, {
      FilterExpression:
        '((attribute_exists(#pending) OR size(#outboxes) > :zero OR size(#inbox) > :zero) AND #sk = :state) OR ' +
        '(begins_with(#sk, :timer) AND #fireAt <= :now)',
      ProjectionExpression: 'pk, sk, #version, #fireAt',
      ExpressionAttributeNames: {
        '#pending': 'pending',
        '#outboxes': 'outboxes',
        '#inbox': 'inbox',
        '#sk': 'sk',
        '#version': 'version',
        '#fireAt': 'fireAt',
      },
      ExpressionAttributeValues: {
        ':state': { S: STATE_SK },
        ':timer': { S: TIMER_PREFIX },
        ':now': { N: String(now) },
        ':zero': { N: '0' },
      },
    });
    const pendingOutboxes: PendingOutboxSighting[] = [];
    const dueTimers = new Map<string, ExecutionKey>();
    for (const item of page.items) {
      const pk = String(item.pk);
      if (item.sk === STATE_SK) {
        pendingOutboxes.push({
          executionKey: executionKeyOf(pk),
          version: Number(item.version),
          itemKey: pk,
        });
      } else if (!dueTimers.has(pk)) {
        dueTimers.set(pk, executionKeyOf(pk));
      }
    }
    return { pendingOutboxes, dueTimers: [...dueTimers.values()], next: page.next };
  }

  /** A page of the tokens table: waiting tokens past their deadline. */
  async expiredTokensPage(cursor: ScanCursor, limit: number, now: number): Promise<ExpiredTokensPage> {
    const page = await this.#scan(this.#tables.tokens, cursor, limit, {
      FilterExpression: '#status = :waiting AND #deadline <= :now',
      ExpressionAttributeNames: { '#status': 'status', '#deadline': 'deadline' },
      ExpressionAttributeValues: { ':waiting': { S: 'waiting' }, ':now': { N: String(now) } },
    });
    return { tokens: page.items.map(tokenRecordOf), next: page.next };
  }

  /** One page of a table from `cursor`, filtered, with where the next page starts. */
  async #scan(
    table: string,
    cursor: ScanCursor,
    limit: number,
    filter: ScanFilter,
  ): Promise<{ items: Record<string, unknown>[]; next: ScanCursor }> {
    const page = await this.#dynamo.send(
      new ScanCommand({
        TableName: table,
        Limit: limit,
        ConsistentRead: true,
        ...filter,
        ...(cursor !== undefined ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return { items: (page.Items ?? []).map((item) => unmarshall(item)), next: page.LastEvaluatedKey };
  }
}
