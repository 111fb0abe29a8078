/** Task reports: ReportTaskSucceeded, ReportTaskFailed, ReportTaskHeartbeat (validated first). */
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH, MAX_TOKEN_LENGTH } from '../limits.ts';
import type { ReportAnswer } from '../report.ts';
import type { Runtime } from '../runtime.ts';
import { optionalString, payloadObject, requireString } from './arguments.ts';

/** ReportTaskSucceeded: `{taskToken, output}` (`output` a JSON object or the JSON text of one). */
export interface ReportTaskSucceededRequest {
  taskToken: unknown;
  output: unknown;
}

/** ReportTaskFailed: `{taskToken, error, cause?}`. */
export interface ReportTaskFailedRequest {
  taskToken: unknown;
  error: unknown;
  cause?: unknown;
}

/** ReportTaskHeartbeat: `{taskToken}`. */
export interface ReportTaskHeartbeatRequest {
  taskToken: unknown;
}

/** The task token argument. */
function taskToken(value: unknown): string {
  return requireString(value, 'taskToken', 1, MAX_TOKEN_LENGTH);
}

/** The report operations. */
export class ReportOperations {
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** ReportTaskSucceeded → `{eventId?}`. */
  async reportTaskSucceeded(request: ReportTaskSucceededRequest): Promise<ReportAnswer> {
    const token = taskToken(request.taskToken);
    const output = payloadObject(request.output, 'output');
    return this.#runtime.report(token, { kind: 'report', report: { kind: 'succeeded', output } });
  }

  /** ReportTaskFailed → `{eventId?}`. */
  async reportTaskFailed(request: ReportTaskFailedRequest): Promise<ReportAnswer> {
    const token = taskToken(request.taskToken);
    const error = requireString(request.error, 'error', 1, MAX_ERROR_LENGTH);
    const cause = optionalString(request.cause, 'cause', 0, MAX_CAUSE_LENGTH) ?? '';
    return this.#runtime.report(token, { kind: 'report', report: { kind: 'failed', error, cause } });
  }

  /** ReportTaskHeartbeat → `{}`; restarts the task's heartbeat clock. */
  async reportTaskHeartbeat(request: ReportTaskHeartbeatRequest): Promise<Record<string, never>> {
    const token = taskToken(request.taskToken);
    await this.#runtime.report(token, { kind: 'heartbeat' });
    return {};
  }
}
