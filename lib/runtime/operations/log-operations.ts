/**
 * GetExecutionLogs: what the functions of an execution logged, as the local runtime keeps it
 * (`ExecutionLogs`). A runtime without a log store (AWS, where the logs are in CloudWatch Logs)
 * refuses it with a message that says where to look.
 */
import type { ExecutionKey } from '../../engine/types.ts';
import { validateExecutionName, validateFlowName } from '../../fdl/index.ts';
import type { ExecutionLogs, LogLevel, StoredLogEntry } from '../../ports/execution-logs.ts';
import { executionNotExists } from '../apply.ts';
import type { Runtime } from '../runtime.ts';
import { decodePageToken, encodePageToken, invalidArgument, pageLimit, requireName } from './arguments.ts';

/** GetExecutionLogs: `{flowName, executionName, limit?, nextToken?}`. */
export interface GetExecutionLogsRequest {
  flowName: unknown;
  executionName: unknown;
  limit?: unknown;
  nextToken?: unknown;
}

/** One log entry as the API shows it. */
export interface LogView {
  /** ISO-8601 UTC with milliseconds. */
  time: string;
  stepName: string;
  callId: string;
  level: LogLevel;
  message: string;
}

/** GetExecutionLogs' answer: oldest first. */
export interface ExecutionLogsAnswer {
  logs: LogView[];
  nextToken?: string;
}

/** The message of a runtime that keeps no logs. */
export const NO_LOG_STORE_MESSAGE =
  'this endpoint keeps no execution logs: on AWS they are in CloudWatch Logs (README, "Logs")';

/** An entry as the API shows it. */
function logView(entry: StoredLogEntry): LogView {
  return {
    time: new Date(entry.time).toISOString(),
    stepName: entry.stepName,
    callId: entry.callId,
    level: entry.level,
    message: entry.message,
  };
}

/** The log operation over a runtime and (locally) its log store. */
export class LogOperations {
  readonly #runtime: Runtime;
  readonly #logs: ExecutionLogs | undefined;

  constructor(runtime: Runtime, logs?: ExecutionLogs) {
    this.#runtime = runtime;
    this.#logs = logs;
  }

  async getExecutionLogs(request: GetExecutionLogsRequest): Promise<ExecutionLogsAnswer> {
    const key: ExecutionKey = {
      flowName: requireName(request.flowName, 'flowName', validateFlowName),
      executionName: requireName(request.executionName, 'executionName', validateExecutionName),
    };
    const limit = pageLimit(request.limit);
    const afterSeq = decodePageToken(request.nextToken, { s: 'number' })?.s ?? 0;
    if (this.#logs === undefined) throw invalidArgument(NO_LOG_STORE_MESSAGE);
    if ((await this.#runtime.deps.executions.load(key)) === undefined) throw executionNotExists(key);
    const entries = await this.#logs.read(key, afterSeq, limit + 1);
    const page = entries.slice(0, limit);
    const last = page.at(-1);
    return {
      logs: page.map(logView),
      ...(entries.length > limit && last !== undefined
        ? { nextToken: encodePageToken({ s: last.seq }) }
        : {}),
    };
  }
}
