/**
 * Sends a task's report through the REST client, retrying what may succeed later (no answer, 5xx,
 * throttling, `TaskInvalidState`). The answer decides the message's fate: `done` (delete it) when the
 * report was accepted or can never be (`TaskAlreadyCompleted`, `TaskTimedOut`, `TaskNotExists`, a
 * malformed token); `retry` (keep it, so that it is delivered again) when the API stayed unavailable.
 * An output the API refuses (too large, not an object) is reported as the failure `Worker.InvalidOutput`.
 */
import { type FlowbackClient, FlowbackError } from '../client/index.ts';
import { failed, type TaskOutcome } from './task-outcome.ts';

/** What to do with the message once the report is sent. */
export type ReportFate = 'done' | 'retry';

/** Codes after which the report will never be accepted: the message is finished with. */
export const FINAL_CODES: ReadonlySet<string> = new Set([
  'TaskAlreadyCompleted',
  'TaskTimedOut',
  'TaskNotExists',
]);

/** Options of `sendReport`. */
export interface SendReportOptions {
  /** Attempts before giving up (default 5). */
  attempts?: number;
  /** Pause before the first retry, doubled each time, in ms (default 500). */
  backoffMs?: number;
  /** Told about every refusal and retry. */
  log?: (line: string) => void;
}

/** True when the error may go away by itself. */
function retryable(error: unknown): boolean {
  if (!(error instanceof FlowbackError)) return true;
  return (
    error.status === 0 || error.status >= 500 || error.status === 429 || error.code === 'TaskInvalidState'
  );
}

/** One report call. */
async function send(client: FlowbackClient, token: string, outcome: TaskOutcome): Promise<void> {
  if (outcome.kind === 'succeeded')
    await client.reportTaskSucceeded({ taskToken: token, output: outcome.output });
  else await client.reportTaskFailed({ taskToken: token, error: outcome.error, cause: outcome.cause });
}

/** Reports `outcome` for `token`. */
export async function sendReport(
  client: FlowbackClient,
  token: string,
  outcome: TaskOutcome,
  options: SendReportOptions = {},
): Promise<ReportFate> {
  const attempts = options.attempts ?? 5;
  let pause = options.backoffMs ?? 500;
  let current = outcome;
  for (let attempt = 1; ; attempt++) {
    try {
      await send(client, token, current);
      return 'done';
    } catch (error) {
      const code = error instanceof FlowbackError ? error.code : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof FlowbackError && FINAL_CODES.has(code)) {
        options.log?.(`report not applied: ${code}: ${message}`);
        return 'done';
      }
      if (current.kind === 'succeeded' && (code === 'EntityTooLarge' || code === 'InvalidArgument')) {
        options.log?.(`output refused (${code}: ${message}); reporting the failure Worker.InvalidOutput`);
        current = failed('Worker.InvalidOutput', `${code}: ${message}`);
        continue;
      }
      if (!retryable(error)) {
        options.log?.(`report refused: ${code}: ${message}`);
        return 'done';
      }
      if (attempt >= attempts) {
        options.log?.(
          `report failed ${attempt} times (${code}: ${message}); the message will be delivered again`,
        );
        return 'retry';
      }
      options.log?.(`report failed (${code}: ${message}); retrying in ${pause} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause *= 2;
    }
  }
}
