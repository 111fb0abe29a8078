/**
 * The local runtime's execution log stores: the memory ring and the JSON-lines files of a data
 * folder. Both keep entries per execution in order with rising positions, read after a position,
 * and drop the oldest beyond their bounds; the files survive a new store (a restart) and a line cut
 * short by a kill.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileLogStore } from '../../../lib/local/logs/file-log-store.ts';
import { MemoryLogStore } from '../../../lib/local/logs/memory-log-store.ts';
import type { ExecutionLogs, LogEntry } from '../../../lib/ports/execution-logs.ts';
import { tempDir } from '../../integration/local/local-helpers.ts';

const A = { flowName: 'f', executionName: 'a' };
const B = { flowName: 'f', executionName: 'b' };

/** An entry of `key` with `message`. */
function entry(key: typeof A, message: string, time = 1_000): LogEntry {
  return { executionKey: key, stepName: 's', callId: 'c1-x-3', time, level: 'INFO', message };
}

/** The messages of `key` after `after`. */
async function messages(store: ExecutionLogs, key: typeof A, after = 0, limit = 100): Promise<string[]> {
  return (await store.read(key, after, limit)).map((stored) => stored.message);
}

for (const [name, make] of [
  ['MemoryLogStore', async () => ({ store: new MemoryLogStore(), done: async () => {} })],
  [
    'FileLogStore',
    async () => {
      const dir = await tempDir('logs');
      return { store: new FileLogStore(dir.path), done: () => dir.remove() };
    },
  ],
] as const) {
  describe(name, () => {
    it('keeps entries per execution in order, each with a rising position', async () => {
      const { store, done } = await make();
      try {
        await store.append([entry(A, 'a1'), entry(B, 'b1'), entry(A, 'a2')]);
        await store.append([entry(A, 'a3')]);
        const stored = await store.read(A, 0, 100);
        assert.deepEqual(
          stored.map((e) => [e.seq, e.message, e.stepName, e.callId, e.level, e.time]),
          [
            [1, 'a1', 's', 'c1-x-3', 'INFO', 1_000],
            [2, 'a2', 's', 'c1-x-3', 'INFO', 1_000],
            [3, 'a3', 's', 'c1-x-3', 'INFO', 1_000],
          ],
        );
        assert.deepEqual(await messages(store, B), ['b1']);
        assert.deepEqual(await messages(store, A, 1, 1), ['a2']);
        assert.deepEqual(await messages(store, { flowName: 'f', executionName: 'none' }), []);
      } finally {
        await done();
      }
    });

    it('reads what was appended even while the write is under way', async () => {
      const { store, done } = await make();
      try {
        const writes = Array.from({ length: 50 }, (_, index) => store.append([entry(A, `m${index}`)]));
        assert.equal((await store.read(A, 0, 1000)).length, 50);
        await Promise.all(writes);
      } finally {
        await done();
      }
    });
  });
}

describe('MemoryLogStore bounds', () => {
  it('drops the oldest entries of an execution beyond its bound, and whole executions beyond the total', async () => {
    const store = new MemoryLogStore({ entriesPerExecution: 3, totalBytes: 1_000 });
    await store.append(['1', '2', '3', '4', '5'].map((m) => entry(A, m)));
    assert.deepEqual(
      (await store.read(A, 0, 10)).map((e) => [e.seq, e.message]),
      [
        [3, '3'],
        [4, '4'],
        [5, '5'],
      ],
    );
    await store.append([entry(B, 'x'.repeat(900))]);
    assert.deepEqual(await messages(store, A), [], 'the execution logged to longest ago goes first');
    assert.equal((await messages(store, B)).length, 1);
  });
});

describe('FileLogStore files', () => {
  it('goes on numbering after a restart, past a line cut short by a kill', async () => {
    const dir = await tempDir('logs');
    try {
      await new FileLogStore(dir.path).append([entry(A, 'one'), entry(A, 'two')]);
      await appendFile(join(dir.path, 'f', 'a.jsonl'), '{"seq":3,"mess');
      const again = new FileLogStore(dir.path);
      await again.append([entry(A, 'three')]);
      assert.deepEqual(
        (await again.read(A, 0, 10)).map((e) => [e.seq, e.message]),
        [
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
        ],
      );
    } finally {
      await dir.remove();
    }
  });

  it('rewrites a file past twice its bound with its newest entries', async () => {
    const dir = await tempDir('logs');
    try {
      const store = new FileLogStore(dir.path, 1_000);
      for (let index = 1; index <= 40; index += 1)
        await store.append([entry(A, `line ${index} ${'x'.repeat(50)}`)]);
      const kept = await store.read(A, 0, 100);
      assert.ok(kept.length < 40 && kept.length > 5, `kept ${kept.length}`);
      assert.equal(kept.at(-1)?.seq, 40, 'the newest stay');
      assert.deepEqual(
        kept.map((e) => e.seq),
        kept.map((_, index) => 41 - kept.length + index),
        'a contiguous tail',
      );
      assert.ok((await readFile(join(dir.path, 'f', 'a.jsonl'), 'utf8')).length <= 2_000 + 200);
    } finally {
      await dir.remove();
    }
  });

  it('keeps flows and executions apart, whatever their names', async () => {
    const dir = await tempDir('logs');
    try {
      await mkdir(dir.path, { recursive: true });
      const store = new FileLogStore(dir.path);
      await store.append([entry({ flowName: 'f', executionName: 'a_b' }, 'x'), entry(A, 'y')]);
      assert.deepEqual(await messages(store, { flowName: 'f', executionName: 'a_b' }), ['x']);
      assert.deepEqual(await messages(store, A), ['y']);
    } finally {
      await dir.remove();
    }
  });
});

describe('FileLogStore failures', () => {
  it('rejects the append that could not be written, and writes the next one', async () => {
    const dir = await tempDir('logs');
    try {
      // A file where the flow's folder should be: the first write fails.
      await writeFile(join(dir.path, 'f'), 'not a folder');
      const store = new FileLogStore(dir.path);
      await assert.rejects(store.append([entry(A, 'lost')]));
      await rm(join(dir.path, 'f'));
      await store.append([entry(A, 'kept')]);
      assert.deepEqual(await messages(store, A), ['kept']);
    } finally {
      await dir.remove();
    }
  });
});
