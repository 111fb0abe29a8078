/**
 * The start-up repair of the executions index (lib/local/index-repair.ts). dynalite writes an index
 * entry before its item; a SIGKILL between the two (the chaos suite hits it) leaves an entry whose item
 * was never written — a ghost listed `Running` forever, next to the retried start's real execution.
 * Here those entries are planted in the stopped runtime's LevelDB with dynalite's own key functions,
 * and the next start must list every execution once, as its item says.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { LOCAL_TABLES } from '../../../lib/local/start-local-runtime.ts';
import { SEED_FLOW } from '../../unit/runtime/runtime-helpers.ts';
import { call, startExecution, startWithFiles, tempDir, waitForToken } from './local-helpers.ts';

/** The parts of dynalite's store (`dynalite/db`) the test plants entries with. */
interface SubDb {
  put(key: string, value: unknown, callback: (error?: Error) => void): void;
  createValueStream(): AsyncIterable<Record<string, Record<string, string>>>;
}
interface DynaliteDb {
  create(options: { path: string }): {
    db: { close(): Promise<void> };
    getTable(name: string, callback: (error: Error | null, table: unknown) => void): void;
    getIndexDb(type: 'Global', table: string, index: string): SubDb;
  };
  createIndexKey(item: unknown, table: unknown, keySchema: unknown): string;
}
const dynaliteDb = createRequire(import.meta.url)('dynalite/db') as DynaliteDb;

/** Plants two stale index entries: `kept` listed again at an earlier start, and an item-less `ghost`. */
async function plantStaleEntries(dynamoPath: string): Promise<void> {
  const store = dynaliteDb.create({ path: dynamoPath });
  try {
    const table = (await promisify(store.getTable)(LOCAL_TABLES.executions)) as {
      GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown }[];
    };
    const index = table.GlobalSecondaryIndexes[0];
    assert.ok(index);
    const indexDb = store.getIndexDb('Global', LOCAL_TABLES.executions, index.IndexName);
    let kept: Record<string, Record<string, string>> | undefined;
    for await (const entry of indexDb.createValueStream()) {
      if (entry.pk?.S?.endsWith('kept')) kept = entry;
    }
    assert.ok(kept, 'the index entry of execution kept');
    const earlier = { ...kept, startKey: { S: `0000${kept.startKey?.S?.slice(4)}` } };
    const ghost = { ...earlier, pk: { S: kept.pk?.S?.replace(/kept$/, 'ghost') ?? '' } };
    for (const entry of [earlier, ghost]) {
      const key = dynaliteDb.createIndexKey(entry, table, index.KeySchema);
      await promisify(indexDb.put.bind(indexDb))(key, entry);
    }
  } finally {
    await store.db.close();
  }
}

describe('the executions index after a crash between an index write and its item write', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  after(async () => {
    for (const dir of dirs) await dir.remove();
  });

  it('is repaired at start-up: each execution listed once, with the status of its item', async () => {
    const data = await tempDir('index-repair');
    dirs.push(data);
    const options = { memory: false, dataDir: data.path };
    const functions = { 'fnf-demo/echo.js': 'module.exports.handler = (event) => event;\n' };
    const first = await startWithFiles({ seed: SEED_FLOW }, functions, options);
    await startExecution(first.apiUrl, 'seed', 'kept');
    await waitForToken(first.apiUrl, 'seed', 'kept');
    await first.stop();

    await plantStaleEntries(join(data.path, 'dynamodb'));
    const lines: string[] = [];
    const second = await startWithFiles({ seed: SEED_FLOW }, functions, {
      ...options,
      log: (line) => lines.push(line),
    });
    try {
      const listed = await call(second.apiUrl, 'GET', '/flows/seed/executions');
      assert.deepEqual(
        (listed.body.executions as { name: string; status: string }[]).map((e) => [e.name, e.status]),
        [['kept', 'Running']],
      );
      assert.ok(lines.includes('repaired 2 stale entries of the executions index'), lines.join('\n'));
      const ghost = await call(second.apiUrl, 'GET', '/flows/seed/executions/ghost');
      assert.equal(ghost.body.code, 'ExecutionNotExists');
    } finally {
      await second.stop();
    }
  });
});
