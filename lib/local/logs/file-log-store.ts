/**
 * Execution logs in the data folder (`flowback serve --data DIR`): one JSON-lines file per execution,
 * `DIR/logs/{flow}/{execution}.jsonl`, so that they survive restarts. Appends are batched per
 * execution (one write for whatever arrived meanwhile); a file that grows past twice its bound is
 * rewritten with its newest entries only. A line cut short by a kill is skipped when read.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExecutionKey } from '../../engine/types.ts';
import type { ExecutionLogs, LogEntry, StoredLogEntry } from '../../ports/execution-logs.ts';
import {
  byExecution,
  logKey,
  MAX_LOG_BYTES_PER_EXECUTION,
  MAX_LOG_ENTRIES_PER_EXECUTION,
  storedEntry,
} from './log-limits.ts';

/** Executions whose next position is remembered (the others' files are read again when needed). */
const REMEMBERED_EXECUTIONS = 1000;

/** Where one execution's log stands. */
interface FileState {
  nextSeq: number;
  bytes: number;
  lines: number;
  /** The file ends in a line cut short (a kill mid-write): the next write starts a new line first. */
  cutShort: boolean;
}

/** The entries of a file's text, skipping lines that do not parse (cut short by a kill). */
function parseLines(text: string): StoredLogEntry[] {
  const entries: StoredLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as StoredLogEntry;
      if (typeof entry.seq === 'number') entries.push(entry);
    } catch {
      // A partial last line.
    }
  }
  return entries;
}

/** Execution logs as files in a folder. */
export class FileLogStore implements ExecutionLogs {
  readonly #dir: string;
  readonly #bytesPerExecution: number;
  readonly #states = new Map<string, FileState>();
  /** Entries waiting to be written, by execution. */
  readonly #pending = new Map<string, { key: ExecutionKey; entries: LogEntry[] }>();
  /** The write in progress (or last made) of each execution. */
  readonly #writes = new Map<string, Promise<void>>();

  /** @param dir the logs folder (`DATA/logs`). */
  constructor(dir: string, bytesPerExecution = MAX_LOG_BYTES_PER_EXECUTION) {
    this.#dir = dir;
    this.#bytesPerExecution = bytesPerExecution;
  }

  append(entries: readonly LogEntry[]): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const [name, group] of byExecution(entries)) {
      const pending = this.#pending.get(name);
      if (pending !== undefined) pending.entries.push(...group);
      else {
        this.#pending.set(name, { key: group[0]!.executionKey, entries: [...group] });
        const previous = this.#writes.get(name) ?? Promise.resolve();
        // A failed write (told to its appender) does not stop the next one.
        const write = previous.catch(() => {}).then(() => this.#flush(name));
        this.#writes.set(name, write);
        const forget = (): void => {
          if (this.#writes.get(name) === write) this.#writes.delete(name);
        };
        // A failure is the appender's to hear (below); this only forgets the finished write.
        write.then(forget, forget);
      }
      writes.push(this.#writes.get(name)!);
    }
    return Promise.all(writes).then(() => {});
  }

  async read(key: ExecutionKey, afterSeq: number, limit: number): Promise<StoredLogEntry[]> {
    // What was appended before this read is in the file once the writes in progress are done.
    await this.#writes.get(logKey(key))?.catch(() => {});
    const entries = await this.#entries(key);
    return entries.filter((entry) => entry.seq > afterSeq).slice(0, limit);
  }

  /** Writes what waits for execution `name`. */
  async #flush(name: string): Promise<void> {
    const pending = this.#pending.get(name);
    this.#pending.delete(name);
    if (pending === undefined) return;
    const file = this.#file(pending.key);
    const state = await this.#state(name, pending.key);
    const lines = pending.entries.map((entry) => {
      const line = `${JSON.stringify(storedEntry(entry, state.nextSeq))}\n`;
      state.nextSeq += 1;
      return line;
    });
    const text = (state.cutShort ? '\n' : '') + lines.join('');
    state.cutShort = false;
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, text);
    state.bytes += Buffer.byteLength(text);
    state.lines += pending.entries.length;
    if (state.bytes > 2 * this.#bytesPerExecution || state.lines > 2 * MAX_LOG_ENTRIES_PER_EXECUTION) {
      await this.#compact(pending.key, state);
    }
  }

  /** Rewrites a file with its newest entries within the bounds. */
  async #compact(key: ExecutionKey, state: FileState): Promise<void> {
    const kept: string[] = [];
    let bytes = 0;
    const entries = await this.#entries(key);
    for (
      let index = entries.length - 1;
      index >= 0 && kept.length < MAX_LOG_ENTRIES_PER_EXECUTION;
      index -= 1
    ) {
      const line = `${JSON.stringify(entries[index])}\n`;
      if (bytes + Buffer.byteLength(line) > this.#bytesPerExecution && kept.length > 0) break;
      kept.push(line);
      bytes += Buffer.byteLength(line);
    }
    const file = this.#file(key);
    await writeFile(`${file}.tmp`, kept.reverse().join(''));
    await rename(`${file}.tmp`, file);
    state.bytes = bytes;
    state.lines = kept.length;
  }

  /** Where execution `name`'s log stands (read from its file when not remembered). */
  async #state(name: string, key: ExecutionKey): Promise<FileState> {
    let state = this.#states.get(name);
    if (state === undefined) {
      const text = await this.#text(key);
      const entries = parseLines(text);
      state = {
        nextSeq: (entries.at(-1)?.seq ?? 0) + 1,
        bytes: Buffer.byteLength(text),
        lines: entries.length,
        cutShort: text !== '' && !text.endsWith('\n'),
      };
      if (this.#states.size >= REMEMBERED_EXECUTIONS) this.#states.delete(this.#states.keys().next().value!);
    } else {
      this.#states.delete(name);
    }
    this.#states.set(name, state);
    return state;
  }

  async #entries(key: ExecutionKey): Promise<StoredLogEntry[]> {
    return parseLines(await this.#text(key));
  }

  async #text(key: ExecutionKey): Promise<string> {
    try {
      return await readFile(this.#file(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  #file(key: ExecutionKey): string {
    return join(
      this.#dir,
      encodeURIComponent(key.flowName),
      `${encodeURIComponent(key.executionName)}.jsonl`,
    );
  }
}
