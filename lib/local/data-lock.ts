/**
 * The lock of a data folder: one `flowback serve` per folder. dynalite's LevelDB already refuses a
 * second opener, but only as an asynchronous `Database is closed` once requests arrive; this lock
 * refuses the second server before it opens anything, naming the folder and the holder's pid.
 *
 * The lock file is created atomically with its content (a private file hard-linked into place, which
 * fails when the lock exists), so no reader ever sees a half-written lock. A lock whose pid is dead
 * (a `kill -9`) is taken over under a guard file, created the same way: only the guard's holder
 * removes a stale lock, after reading it again, so two starters cannot remove each other's fresh lock.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The lock file's name in the data folder. */
export const DATA_LOCK_FILE = 'flowback.lock';

/** The guard held while a stale lock is taken over. */
const TAKEOVER_GUARD_FILE = 'flowback.lock.takeover';

/** Pause before looking again while another starter takes a stale lock over, in ms. */
const TAKEOVER_RETRY_MS = 25;

/** Attempts before giving up on a folder whose lock keeps changing hands. */
const MAX_ATTEMPTS = 200;

/** Lock files this process holds, with the pid each names (a second runtime in the same process is refused too). */
const heldHere = new Map<string, number>();

/** What a lock file holds. */
interface LockContent {
  pid: number;
  startedTime: string;
}

/** A second server on a data folder in use. */
export class DataFolderLockedError extends Error {
  /**
   * @param folder the data folder (absolute)
   * @param pid the process holding it
   */
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `the data folder ${folder} is in use by another flowback serve (pid ${pid}); stop it, or pass another --data or --memory`,
    );
    this.name = 'DataFolderLockedError';
  }
}

/** A held lock. */
export interface DataLock {
  /** The lock file. */
  path: string;
  /** Removes the lock if this process still holds it (idempotent). */
  release(): Promise<void>;
}

/** Options of `acquireDataLock` (tests only). */
export interface DataLockOptions {
  /** The pid written into the lock (default: this process). */
  pid?: number;
  /** Whether a pid is alive (default: `process.kill(pid, 0)`). */
  isAlive?: (pid: number) => boolean;
}

/**
 * Takes the lock of `folder` (created if missing).
 * @throws DataFolderLockedError when a live process holds it
 * @example
 * const lock = await acquireDataLock('.flowback');
 * try { ... } finally { await lock.release(); }
 */
export async function acquireDataLock(folder: string, options: DataLockOptions = {}): Promise<DataLock> {
  const dir = resolve(folder);
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? isProcessAlive;
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, DATA_LOCK_FILE);
  const heldBy = heldHere.get(lockPath);
  if (heldBy !== undefined) throw new DataFolderLockedError(dir, heldBy);
  const guardPath = join(dir, TAKEOVER_GUARD_FILE);
  const content: LockContent = { pid, startedTime: new Date().toISOString() };
  const draft = join(dir, `${DATA_LOCK_FILE}.${pid}.${randomBytes(6).toString('hex')}`);
  await writeFile(draft, `${JSON.stringify(content)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await createFrom(draft, lockPath)) return heldLock(lockPath, pid);
      const holder = await readLock(lockPath);
      if (holder === undefined) continue; // released meanwhile: try again
      // Its own pid in the lock is a previous life of this pid (a container's pid 1 restarted).
      if (holder.pid !== pid && isAlive(holder.pid)) throw new DataFolderLockedError(dir, holder.pid);
      if (await createFrom(draft, guardPath)) {
        try {
          // Under the guard nobody else removes the lock, and its dead holder cannot release it.
          const again = await readLock(lockPath);
          if (again !== undefined && again.pid === holder.pid) await removeIfPresent(lockPath);
        } finally {
          await removeIfPresent(guardPath);
        }
        continue;
      }
      const guard = await readLock(guardPath);
      // A guard left by a starter killed mid-takeover is removed; a live one is waited for.
      if (guard !== undefined && !isAlive(guard.pid)) await removeIfPresent(guardPath);
      else await new Promise((done) => setTimeout(done, TAKEOVER_RETRY_MS));
    }
    throw new Error(`the lock of the data folder ${dir} keeps changing hands; try again`);
  } finally {
    await removeIfPresent(draft);
  }
}

/** Whether process `pid` exists (EPERM: it does, owned by another user). */
export function isProcessAlive(pid: number): boolean {
  // 0 and negative pids would signal process groups.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `target` as a hard link of `draft`; false when `target` exists. */
async function createFrom(draft: string, target: string): Promise<boolean> {
  try {
    await link(draft, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The content of a lock file; `undefined` when it is gone. An unreadable one counts as dead. */
async function readLock(path: string): Promise<LockContent | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (Number.isInteger(parsed.pid) && (parsed.pid as number) > 0) return parsed as LockContent;
  } catch {
    // Not written by this code: treated as the lock of a process that no longer exists.
  }
  return { pid: 0, startedTime: '' };
}

/** Removes a file; a missing one is fine. */
async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The handle of a lock this process created. */
function heldLock(path: string, pid: number): DataLock {
  heldHere.set(path, pid);
  let released: Promise<void> | undefined;
  return {
    path,
    release: () => {
      released ??= (async () => {
        const holder = await readLock(path);
        if (holder?.pid === pid) await removeIfPresent(path);
        heldHere.delete(path);
      })();
      return released;
    },
  };
}
