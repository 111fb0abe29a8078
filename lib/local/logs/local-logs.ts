/**
 * The local runtime's logging, wired once: the store of execution logs (in memory, or files in the
 * data folder), the sink local functions log into, and the observer that tells each recorded history
 * event as activity.
 */
import { join } from 'node:path';
import type { ExecutionLogs, LogEntry } from '../../ports/execution-logs.ts';
import type { RuntimeObserver } from '../../ports/observer.ts';
import type { Activity } from './activity.ts';
import { FileLogStore } from './file-log-store.ts';
import { MemoryLogStore } from './memory-log-store.ts';

/** What `createLocalLogs` needs. */
export interface LocalLogsOptions {
  /** The data folder, whose `logs` folder keeps the logs; absent: they are kept in memory. */
  dataDir?: string;
  /** Told every event and log line (the server prints them); absent: nothing is told. */
  activity?: (activity: Activity) => void;
  /** Where a failed log write is told. */
  log: (line: string) => void;
}

/** The local runtime's logging. */
export interface LocalLogs {
  store: ExecutionLogs;
  /** What local functions log into (`LocalFunctionOptions.onLog`). */
  onLog(entry: LogEntry): void;
  /** Tells recorded history events as activity. */
  observer: RuntimeObserver;
  /** Resolves once every log line appended so far is stored. */
  flush(): Promise<void>;
}

/** Builds the logging of a local runtime. */
export function createLocalLogs(options: LocalLogsOptions): LocalLogs {
  const store: ExecutionLogs =
    options.dataDir === undefined ? new MemoryLogStore() : new FileLogStore(join(options.dataDir, 'logs'));
  const writes = new Set<Promise<void>>();
  const tell = (activity: Activity): void => {
    try {
      options.activity?.(activity);
    } catch (error) {
      options.log(`activity: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    store,
    onLog(entry) {
      tell({ kind: 'log', entry });
      const write = store.append([entry]).catch((error: unknown) => {
        options.log(
          `logs: cannot store a log line: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      writes.add(write);
      void write.finally(() => writes.delete(write));
    },
    observer: {
      executionStarted() {},
      executionFinished() {},
      reportApplied() {},
      historyRecorded(key, events) {
        for (const event of events) tell({ kind: 'event', key, event });
      },
    },
    async flush() {
      await Promise.all([...writes]);
    },
  };
}
