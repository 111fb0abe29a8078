/**
 * The token store's task contract (api.md ListTasks, DescribeTask, reports by task id): every
 * implementation finds a record by its task id, lists the records of one status across executions
 * oldest scheduled first in exact pages, filters them, and reads records by hash in batches.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TokenRecord, TokenRegistration, TokenStore } from '../../lib/ports/token-store.ts';
import type { ContractHarness } from './store-contract.ts';

/** A token hash as the engine makes them (64 hex digits), so that records spread over shards. */
function hashOf(n: number): string {
  return (n * 2654435761).toString(16).padStart(64, '0');
}

/** The registration of task `n` of execution `e{execution}` of `flow`, scheduled at `time`. */
function task(n: number, time: number, options: { flow?: string; execution?: number; step?: string } = {}) {
  return {
    tokenHash: hashOf(n),
    executionKey: { flowName: options.flow ?? 'f', executionName: `e${options.execution ?? 1}` },
    scheduleEventId: 3 + n,
    stepName: options.step ?? 's',
    deadline: time + 60_000,
    taskId: `task-${String(n).padStart(3, '0')}`,
    pattern: 'waitForCallback' as const,
    resourceArn: 'acs:fc:::services/s/functions/f',
    scheduledTime: time,
  } satisfies TokenRegistration;
}

/** Every record of a listing, page after page of `limit`. */
async function listAll(
  tokens: TokenStore,
  query: Omit<Parameters<TokenStore['listTasks']>[0], 'limit' | 'after'>,
  limit: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await tokens.listTasks({ ...query, limit, ...(after !== undefined ? { after } : {}) });
    pages += 1;
    assert.ok(page.records.length <= limit);
    ids.push(...page.records.map((record) => record.taskId ?? '?'));
    after = page.next;
    assert.ok(!page.next?.includes(page.records[0]?.tokenHash ?? '-'), 'a cursor holds no token hash');
  } while (after !== undefined && pages < 100);
  return { ids, pages };
}

/** Registers the task contract suite `name` on `harness`. */
export function describeTaskStoreContract(name: string, harness: ContractHarness): void {
  describe(`task store contract: ${name}`, () => {
    before(async () => harness.setUp?.());
    after(async () => harness.tearDown?.());

    it('finds a waiting task and, once ended, its tombstone by task id; nothing for unknown ids', async () => {
      const { tokens } = await harness.stores();
      const registration = task(1, 1000);
      await tokens.register(registration);
      await tokens.register({
        tokenHash: hashOf(2),
        executionKey: registration.executionKey,
        scheduleEventId: 9,
        stepName: 's',
      });
      assert.deepEqual(await tokens.findTask('task-001'), { ...registration, status: 'waiting' });
      assert.equal(await tokens.findTask('task-999'), undefined);
      await tokens.end(registration.tokenHash, { kind: 'timedOut' }, registration.executionKey, 2000);
      const ended = (await tokens.findTask('task-001')) as TokenRecord;
      assert.deepEqual([ended.status, ended.outcomeName, ended.endedTime], ['ended', 'timedOut', 2000]);
    });

    it('lists waiting tasks across executions oldest first, in exact pages, and ended ones apart', async () => {
      const { tokens } = await harness.stores();
      // 30 tasks of 10 executions, scheduled out of order, two at the same millisecond.
      const times = Array.from({ length: 30 }, (_, n) => 10_000 + ((n * 7) % 30) * 100);
      times[29] = times[28] as number;
      for (const [n, time] of times.entries()) await tokens.register(task(n, time, { execution: n % 10 }));
      for (const n of [4, 5])
        await tokens.end(hashOf(n), { kind: 'cancelled' }, task(n, 0).executionKey, 50_000);
      const expected = times
        .map((time, n) => ({ time, id: task(n, time).taskId }))
        .filter((_, n) => n !== 4 && n !== 5)
        .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))
        .map((entry) => entry.id);
      const listed = await listAll(tokens, { status: 'waiting' }, 7);
      assert.deepEqual(listed.ids, expected);
      assert.equal(listed.pages, 4);
      const whole = await tokens.listTasks({ status: 'waiting', limit: 28 });
      assert.equal(whole.next, undefined, 'no next page after the last record');
      assert.deepEqual((await listAll(tokens, { status: 'ended' }, 1)).ids.sort(), ['task-004', 'task-005']);
      const [oldest] = (await tokens.listTasks({ status: 'waiting', limit: 1 })).records;
      assert.deepEqual(oldest, { ...task(0, 10_000, { execution: 0 }), status: 'waiting' });
    });

    it('filters by flow, step and scheduled time, paging within the filter', async () => {
      const { tokens } = await harness.stores();
      for (let n = 0; n < 20; n++) {
        await tokens.register(
          task(n, 1000 + n, { flow: n % 2 === 0 ? 'even' : 'odd', step: n % 4 < 2 ? 'a' : 'b' }),
        );
      }
      assert.deepEqual((await listAll(tokens, { status: 'waiting', flowName: 'odd' }, 3)).ids, [
        'task-001',
        'task-003',
        'task-005',
        'task-007',
        'task-009',
        'task-011',
        'task-013',
        'task-015',
        'task-017',
        'task-019',
      ]);
      assert.deepEqual(
        (await listAll(tokens, { status: 'waiting', flowName: 'even', stepName: 'b' }, 2)).ids,
        ['task-002', 'task-006', 'task-010', 'task-014', 'task-018'],
      );
      assert.deepEqual((await listAll(tokens, { status: 'waiting', scheduledAtOrBefore: 1003 }, 10)).ids, [
        'task-000',
        'task-001',
        'task-002',
        'task-003',
      ]);
      assert.deepEqual(
        (await tokens.listTasks({ status: 'waiting', flowName: 'none', limit: 5 })).records,
        [],
      );
    });

    it('reads records by hash in batches, leaving out unknown hashes', async () => {
      const { tokens } = await harness.stores();
      for (let n = 0; n < 120; n++) await tokens.register(task(n, 1000));
      const hashes = [...Array.from({ length: 120 }, (_, n) => hashOf(n)), 'f'.repeat(64)];
      const records = await tokens.getMany(hashes);
      assert.deepEqual(
        records.map((record) => record.taskId).sort(),
        Array.from({ length: 120 }, (_, n) => task(n, 0).taskId).sort(),
      );
      assert.deepEqual(await tokens.getMany([]), []);
    });
  });
}
