import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  acquireDataLock,
  DATA_LOCK_FILE,
  DataFolderLockedError,
  isProcessAlive,
} from '../../../lib/local/data-lock.ts';

/** Leaves the lock a process `pid` would have left when killed with SIGKILL. */
async function leaveLock(dir: string, pid: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, DATA_LOCK_FILE), JSON.stringify({ pid, startedTime: new Date().toISOString() }));
}

describe('the data folder lock', () => {
  let root: string;
  let count = 0;
  /** A fresh data folder below the suite's temp folder. */
  const folder = (): string => join(root, `data-${++count}`);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'flowback-lock-'));
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the folder and a lock naming this process, and removes it on release', async () => {
    const dir = folder();
    const lock = await acquireDataLock(dir);
    const content = JSON.parse(await readFile(join(dir, DATA_LOCK_FILE), 'utf8')) as { pid: number };
    assert.equal(content.pid, process.pid);
    await lock.release();
    await lock.release();
    assert.deepEqual(await readdir(dir), [], 'no lock and no draft left');
  });

  it('refuses a second holder in the same process', async () => {
    const dir = folder();
    const lock = await acquireDataLock(dir);
    await assert.rejects(acquireDataLock(dir), DataFolderLockedError);
    await lock.release();
    await (await acquireDataLock(dir)).release();
  });

  it('refuses a folder held by a live process, naming the folder and its pid', async () => {
    const dir = folder();
    await leaveLock(dir, 4242);
    const refused = await acquireDataLock(dir, { pid: 4343, isAlive: () => true }).then(
      () => assert.fail('acquired a held lock'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof DataFolderLockedError);
    assert.equal(refused.pid, 4242);
    assert.equal(refused.folder, dir);
    assert.match(refused.message, new RegExp(`${dir}.*pid 4242`));
    assert.ok(!refused.message.includes('\n'), 'one line');
  });

  it('takes over the lock of a dead process', async () => {
    const dir = folder();
    await leaveLock(dir, 999_999);
    const lock = await acquireDataLock(dir, { pid: 5000, isAlive: (pid) => pid === 5000 });
    const content = JSON.parse(await readFile(lock.path, 'utf8')) as { pid: number };
    assert.equal(content.pid, 5000);
    await lock.release();
  });

  it('takes over a lock file that is not JSON (written by something else)', async () => {
    const dir = folder();
    await (await acquireDataLock(dir)).release();
    await writeFile(join(dir, DATA_LOCK_FILE), 'garbage');
    await (await acquireDataLock(dir)).release();
  });

  it('refuses a second lock in the same process naming the holder, not itself', async () => {
    const dir = folder();
    const held = await acquireDataLock(dir, { pid: 5000, isAlive: () => true });
    await assert.rejects(acquireDataLock(dir, { pid: 6000, isAlive: () => true }), (error: unknown) => {
      assert.ok(error instanceof DataFolderLockedError);
      assert.equal(error.pid, 5000);
      return true;
    });
    await held.release();
  });

  it('lets exactly one of many concurrent starters take over a stale lock', async () => {
    for (let round = 0; round < 20; round++) {
      const dir = folder();
      await leaveLock(dir, 1);
      const starters = Array.from({ length: 8 }, (_, index) => 2000 + index);
      // Every starter is alive; only the stale holder (pid 1) is dead.
      const isAlive = (pid: number): boolean => pid !== 1;
      const outcomes = await Promise.allSettled(
        starters.map((pid) => acquireDataLock(dir, { pid, isAlive })),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: one winner`);
      const holder = JSON.parse(await readFile(join(dir, DATA_LOCK_FILE), 'utf8')) as { pid: number };
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        assert.ok(outcome.reason instanceof DataFolderLockedError, String(outcome.reason));
        assert.equal(outcome.reason.pid, holder.pid, 'the losers name the winner');
      }
      await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
      assert.deepEqual(await readdir(dir), [], `round ${round}: nothing left behind`);
    }
  });

  it('removes a takeover guard left by a starter that died mid-takeover', async () => {
    const dir = folder();
    await leaveLock(dir, 1);
    await writeFile(join(dir, `${DATA_LOCK_FILE}.takeover`), JSON.stringify({ pid: 2, startedTime: '' }));
    const lock = await acquireDataLock(dir, { pid: 3, isAlive: (pid) => pid === 3 });
    await lock.release();
    assert.deepEqual(await readdir(dir), []);
  });

  it('knows live and dead pids', () => {
    assert.equal(isProcessAlive(process.pid), true);
    assert.equal(isProcessAlive(0), false, 'never a process group');
    assert.equal(isProcessAlive(-1), false);
    assert.equal(isProcessAlive(2 ** 22 + 1), false, 'above the kernel pid limit');
  });
});
