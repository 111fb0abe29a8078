/**
 * Execution logs in memory (`flowback serve --memory`): a bounded ring per execution, and a bound on
 * all of them together (the executions logged to longest ago are dropped first).
 */
import type { ExecutionKey } from '../../engine/types.ts';
import type { ExecutionLogs, LogEntry, StoredLogEntry } from '../../ports/execution-logs.ts';
import {
  byExecution,
  entryBytes,
  logKey,
  MAX_LOG_BYTES_PER_EXECUTION,
  MAX_LOG_ENTRIES_PER_EXECUTION,
  MAX_MEMORY_LOG_BYTES,
  storedEntry,
} from './log-limits.ts';

/** The log of one execution. */
interface Ring {
  entries: StoredLogEntry[];
  bytes: number;
  nextSeq: number;
}

/** Bounds of a memory store (tests make them small). */
export interface MemoryLogLimits {
  entriesPerExecution: number;
  bytesPerExecution: number;
  totalBytes: number;
}

/** Execution logs kept in this process. */
export class MemoryLogStore implements ExecutionLogs {
  readonly #limits: MemoryLogLimits;
  /** Rings in the order they were last appended to (the oldest first). */
  readonly #rings = new Map<string, Ring>();
  #bytes = 0;

  constructor(limits: Partial<MemoryLogLimits> = {}) {
    this.#limits = {
      entriesPerExecution: limits.entriesPerExecution ?? MAX_LOG_ENTRIES_PER_EXECUTION,
      bytesPerExecution: limits.bytesPerExecution ?? MAX_LOG_BYTES_PER_EXECUTION,
      totalBytes: limits.totalBytes ?? MAX_MEMORY_LOG_BYTES,
    };
  }

  async append(entries: readonly LogEntry[]): Promise<void> {
    for (const [key, group] of byExecution(entries)) {
      const ring = this.#rings.get(key) ?? { entries: [], bytes: 0, nextSeq: 1 };
      this.#rings.delete(key);
      this.#rings.set(key, ring);
      for (const entry of group) {
        const stored = storedEntry(entry, ring.nextSeq);
        ring.nextSeq += 1;
        ring.entries.push(stored);
        ring.bytes += entryBytes(stored);
        this.#bytes += entryBytes(stored);
      }
      while (
        ring.entries.length > this.#limits.entriesPerExecution ||
        (ring.bytes > this.#limits.bytesPerExecution && ring.entries.length > 1)
      ) {
        const dropped = ring.entries.shift()!;
        ring.bytes -= entryBytes(dropped);
        this.#bytes -= entryBytes(dropped);
      }
    }
    for (const [key, ring] of this.#rings) {
      if (this.#bytes <= this.#limits.totalBytes || this.#rings.size === 1) break;
      this.#rings.delete(key);
      this.#bytes -= ring.bytes;
    }
  }

  async read(key: ExecutionKey, afterSeq: number, limit: number): Promise<StoredLogEntry[]> {
    const entries = this.#rings.get(logKey(key))?.entries ?? [];
    const page: StoredLogEntry[] = [];
    for (const entry of entries) {
      if (entry.seq <= afterSeq) continue;
      if (page.length >= limit) break;
      page.push({ ...entry });
    }
    return page;
  }
}
