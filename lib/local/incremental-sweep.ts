/**
 * The sweeper's work, a bounded slice at a time. A full `runtime.recover()` scans the executions table
 * twice and the tokens table once: with 10,000 waiting executions that is some 60,000 items read every
 * sweep, in this process, and API requests that meet a sweep wait for it. Instead, each sweep reads one
 * page of at most `pageItems` items of each table from where the previous sweep stopped (wrapping around
 * at the end), and hands what it finds to the runtime:
 * - a state item with a pending outbox, seen pending at the same version by the previous pass too (its
 *   committer has had a whole sweep interval to carry it out): a `FlushOutbox` work item;
 * - a timer record past its fire time: every due timer of that execution, in order;
 * - a waiting token past its deadline: `runtime.expireToken`.
 * The work of a sweep no longer grows with the tables; a full pass takes `items / pageItems` sweeps
 * instead (a backstop for faults, so its delay may grow). Start-up recovery still runs a full
 * `runtime.recover()`.
 */
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { tokenRecordOf } from '../adapters/aws/dynamo-token-store.ts';
import { executionKeyOf, STATE_SK, TIMER_PREFIX } from '../adapters/aws/item-codec.ts';
import type { TableNames } from '../adapters/aws/tables.ts';
import type { ExecutionKey } from '../engine/types.ts';
import type { RecoveryReport } from '../runtime/recover.ts';
import type { Runtime } from '../runtime/runtime.ts';

/** Items read per table per sweep, by default. */
export const DEFAULT_SWEEP_PAGE_ITEMS = 500;

/** A scan position (`undefined`: the start of the table). */
type Cursor = Record<string, AttributeValue> | undefined;

/** The message of an error. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sweeps the engine's tables a page at a time (see the file comment). */
export class IncrementalSweep {
  readonly #dynamo: DynamoDBClient;
  readonly #tables: TableNames;
  readonly #runtime: Runtime;
  readonly #pageItems: number;
  #executionsCursor: Cursor;
  #tokensCursor: Cursor;
  /** Pending outboxes seen by the current and the previous pass: partition key → version. */
  #pending = new Map<string, number>();
  #pendingBefore = new Map<string, number>();

  constructor(
    dynamo: DynamoDBClient,
    tables: TableNames,
    runtime: Runtime,
    pageItems = DEFAULT_SWEEP_PAGE_ITEMS,
  ) {
    this.#dynamo = dynamo;
    this.#tables = tables;
    this.#runtime = runtime;
    this.#pageItems = pageItems;
  }

  /** One sweep: a page of each table. */
  async sweep(): Promise<RecoveryReport> {
    const report: RecoveryReport = { outboxes: 0, timers: 0, expiredTokens: 0, failures: [] };
    const attempt = async (executionKey: ExecutionKey, work: () => Promise<void>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        report.failures.push({ executionKey, message: messageOf(error) });
      }
    };
    const now = this.#runtime.deps.clock.now();
    const executions = await this.#scan(this.#tables.executions, this.#executionsCursor, {
      FilterExpression:
        '(attribute_exists(#pending) AND #sk = :state) OR (begins_with(#sk, :timer) AND #fireAt <= :now)',
      ProjectionExpression: 'pk, sk, #version, #fireAt',
      ExpressionAttributeNames: {
        '#pending': 'pending',
        '#sk': 'sk',
        '#version': 'version',
        '#fireAt': 'fireAt',
      },
      ExpressionAttributeValues: {
        ':state': { S: STATE_SK },
        ':timer': { S: TIMER_PREFIX },
        ':now': { N: String(now) },
      },
    });
    this.#executionsCursor = executions.next;
    const withDueTimers = new Map<string, ExecutionKey>();
    for (const item of executions.items) {
      const pk = String(item.pk);
      const executionKey = executionKeyOf(pk);
      if (item.sk !== STATE_SK) {
        withDueTimers.set(pk, executionKey);
        continue;
      }
      const version = Number(item.version);
      this.#pending.set(pk, version);
      if (this.#pendingBefore.get(pk) !== version) continue;
      report.outboxes += 1;
      await attempt(executionKey, () =>
        this.#runtime.handleWorkItem({ type: 'FlushOutbox', id: `sweep:${pk}:${version}`, executionKey }),
      );
    }
    if (executions.next === undefined) {
      // A pass is complete: what it saw pending is what the next pass compares with.
      this.#pendingBefore = this.#pending;
      this.#pending = new Map();
    }
    for (const executionKey of withDueTimers.values()) {
      await attempt(executionKey, async () => {
        report.timers += await this.#runtime.deliverDueTimers(executionKey);
      });
    }
    const tokens = await this.#scan(this.#tables.tokens, this.#tokensCursor, {
      FilterExpression: '#status = :waiting AND #deadline <= :now',
      ExpressionAttributeNames: { '#status': 'status', '#deadline': 'deadline' },
      ExpressionAttributeValues: { ':waiting': { S: 'waiting' }, ':now': { N: String(now) } },
    });
    this.#tokensCursor = tokens.next;
    for (const item of tokens.items) {
      const token = tokenRecordOf(item);
      report.expiredTokens += 1;
      await attempt(token.executionKey, () => this.#runtime.expireToken(token));
    }
    return report;
  }

  /** One page of a table from `cursor`, filtered, with where the next page starts. */
  async #scan(
    table: string,
    cursor: Cursor,
    filter: Pick<
      ConstructorParameters<typeof ScanCommand>[0],
      'FilterExpression' | 'ProjectionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<{ items: Record<string, unknown>[]; next: Cursor }> {
    const page = await this.#dynamo.send(
      new ScanCommand({
        TableName: table,
        Limit: this.#pageItems,
        ConsistentRead: true,
        ...filter,
        ...(cursor !== undefined ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    return { items: (page.Items ?? []).map((item) => unmarshall(item)), next: page.LastEvaluatedKey };
  }
}
