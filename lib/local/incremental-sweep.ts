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
 * `runtime.recover()`. The scans, and what the items mean, are lib/adapters/aws/maintenance.ts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../adapters/aws/index.ts';
import { DynamoSweepScans, type ScanCursor } from '../adapters/aws/maintenance.ts';
import type { ExecutionKey } from '../engine/types.ts';
import type { RecoveryReport } from '../runtime/recover.ts';
import type { Runtime } from '../runtime/runtime.ts';

/** Items read per table per sweep, by default. */
export const DEFAULT_SWEEP_PAGE_ITEMS = 500;

/** The message of an error. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sweeps the engine's tables a page at a time (see the file comment). */
export class IncrementalSweep {
  readonly #scans: DynamoSweepScans;
  readonly #runtime: Runtime;
  readonly #pageItems: number;
  #executionsCursor: ScanCursor;
  #tokensCursor: ScanCursor;
  /** Pending outboxes seen by the current and the previous pass: item key → version. */
  #pending = new Map<string, number>();
  #pendingBefore = new Map<string, number>();

  constructor(
    dynamo: DynamoDBClient,
    tables: TableNames,
    runtime: Runtime,
    pageItems = DEFAULT_SWEEP_PAGE_ITEMS,
  ) {
    this.#scans = new DynamoSweepScans(dynamo, tables);
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
    const executions = await this.#scans.executionsPage(this.#executionsCursor, this.#pageItems, now);
    this.#executionsCursor = executions.next;
    for (const { executionKey, version, itemKey } of executions.pendingOutboxes) {
      this.#pending.set(itemKey, version);
      if (this.#pendingBefore.get(itemKey) !== version) continue;
      report.outboxes += 1;
      await attempt(executionKey, () =>
        this.#runtime.handleWorkItem({
          type: 'FlushOutbox',
          id: `sweep:${itemKey}:${version}`,
          executionKey,
        }),
      );
    }
    if (executions.next === undefined) {
      // A pass is complete: what it saw pending is what the next pass compares with.
      this.#pendingBefore = this.#pending;
      this.#pending = new Map();
    }
    for (const executionKey of executions.dueTimers) {
      await attempt(executionKey, async () => {
        report.timers += await this.#runtime.deliverDueTimers(executionKey);
      });
    }
    const tokens = await this.#scans.expiredTokensPage(this.#tokensCursor, this.#pageItems, now);
    this.#tokensCursor = tokens.next;
    for (const token of tokens.tokens) {
      report.expiredTokens += 1;
      await attempt(token.executionKey, () => this.#runtime.expireToken(token));
    }
    return report;
  }
}
