/** Bounds of the local runtime's execution logs (README "Local functions and logs"), and helpers both stores share. */
import type { ExecutionKey } from '../../engine/types.ts';
import type { LogEntry, StoredLogEntry } from '../../ports/execution-logs.ts';

/** Entries kept per execution: beyond, the oldest give way. */
export const MAX_LOG_ENTRIES_PER_EXECUTION = 10_000;

/** Bytes of entries kept per execution (about; the JSON text of each): beyond, the oldest give way. */
export const MAX_LOG_BYTES_PER_EXECUTION = 1024 * 1024;

/** Bytes of entries the memory store keeps in all: beyond, the executions logged to longest ago go. */
export const MAX_MEMORY_LOG_BYTES = 64 * 1024 * 1024;

/** One map key per execution. */
export function logKey(key: ExecutionKey): string {
  return `${key.flowName}/${key.executionName}`;
}

/** An entry as stored, at position `seq`. */
export function storedEntry(entry: LogEntry, seq: number): StoredLogEntry {
  return {
    seq,
    time: entry.time,
    stepName: entry.stepName,
    callId: entry.callId,
    level: entry.level,
    message: entry.message,
  };
}

/** The size an entry counts for (its JSON line, about). */
export function entryBytes(entry: StoredLogEntry): number {
  return entry.message.length + entry.stepName.length + entry.callId.length + 80;
}

/** Entries grouped by execution, in their order. */
export function byExecution(entries: readonly LogEntry[]): Map<string, LogEntry[]> {
  const groups = new Map<string, LogEntry[]>();
  for (const entry of entries) {
    const key = logKey(entry.executionKey);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  return groups;
}
