/**
 * What a finished command reports (api.md `flowback worker`): exit 0 with a JSON object on stdout (or
 * nothing: `{}`) → ReportTaskSucceeded with it; any other end → ReportTaskFailed. A failing command may
 * choose its error: a JSON object `{"error": "...", "cause": "..."}` on stdout; otherwise the error is
 * `Worker.ExitCode<n>` (`Worker.Killed<SIGNAL>`, `Worker.CommandNotStarted`, `Worker.InvalidOutput`) and the
 * cause the tail of its stderr.
 */
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH } from '../runtime/limits.ts';
import type { CommandResult } from './run-command.ts';

/** The report a command's end calls for. */
export type TaskOutcome =
  | { kind: 'succeeded'; output: string }
  | { kind: 'failed'; error: string; cause: string };

/** A failure, with the error and the cause cut to the API's limits. */
export function failed(error: string, cause: string): TaskOutcome {
  return { kind: 'failed', error: error.slice(0, MAX_ERROR_LENGTH), cause: cause.slice(-MAX_CAUSE_LENGTH) };
}

/** `text` as a JSON object, or `undefined`. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The outcome of a command's result. */
export function taskOutcome(result: CommandResult): TaskOutcome {
  if (result.spawnError !== undefined) return failed('Worker.CommandNotStarted', result.spawnError);
  const stdout = result.stdout.trim();
  if (result.exitCode === 0) {
    if (result.stdoutTruncated) return failed('Worker.InvalidOutput', 'stdout is larger than 1 MiB');
    if (stdout === '') return { kind: 'succeeded', output: '{}' };
    if (jsonObject(stdout) !== undefined) return { kind: 'succeeded', output: stdout };
    return failed('Worker.InvalidOutput', `stdout is not a JSON object: ${stdout.slice(0, 200)}`);
  }
  const chosen = jsonObject(stdout);
  if (typeof chosen?.error === 'string' && chosen.error !== '') {
    return failed(chosen.error, typeof chosen.cause === 'string' ? chosen.cause : result.stderrTail);
  }
  const error =
    result.signal !== null ? `Worker.Killed${result.signal}` : `Worker.ExitCode${result.exitCode}`;
  return failed(error, result.stderrTail);
}
