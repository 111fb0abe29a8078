/**
 * How a local function call ended, as the flow sees it (README "Semantics", local functions): the
 * function's own error, or an `FC.*` error whose cause says what happened, and the text logged for
 * it (with the stack, file:line first). A call cut off by a stopping server is no result at all: it
 * throws, so that its work item is redelivered after the restart.
 */
import { flowErrorName } from '../../adapters/memory/memory-invoker.ts';
import { FlowErrors } from '../../engine/errors.ts';
import type { Json } from '../../fdl/types.ts';
import type { InvokeResult } from '../../ports/invoker.ts';
import type { ThreadOutcome, ThrownParts } from './thread-protocol.ts';

/** Flow errors of local function calls beyond the function's own. */
export const LocalFunctionErrors = {
  /** The call outlived its timeout, or the module took too long to load. */
  timeout: 'FC.FunctionTimeout',
  /**
   * The call was cut off at its task's deadline: the task timed out, whether this result or the
   * task's timer reaches the engine first.
   */
  taskTimeout: FlowErrors.TaskTimeout,
  /** The function's thread died: an uncaught error (in a callback, a rejected promise) or `process.exit`. */
  crashed: 'FC.FunctionCrashed',
  /** The function's thread reached its heap limit. */
  outOfMemory: 'FC.FunctionOutOfMemory',
  /** The module cannot be loaded (a syntax error, a missing import, an error at its top level). */
  loadFailed: 'FC.InternalServerError',
  notFound: 'FC.FunctionNotFound',
  notJson: 'FC.InvalidArgument',
} as const;

/** Thrown for a call the stopping server cut off (an infrastructure fault: the work is redelivered). */
export class LocalRuntimeStoppingError extends Error {
  override readonly name = 'LocalRuntimeStoppingError';
}

/** A call's flow result and, for a failure, the text to log (error, cause, stack). */
export interface CallResult {
  result: InvokeResult;
  errorLog?: string;
}

/** What names the call in causes. */
export interface CallNames {
  functionName: string;
  file: string;
  /** `file:line:column` of a syntax error, when found (`syntax-location.ts`). */
  syntaxLocation?: string;
}

/** Seconds for people: `3 s`, `0.25 s`. */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** The thread's own code and Node's internals: frames of neither say anything about the function. */
const NOISE_FRAME = /function-worker\.mjs:|\(node:internal\/|at node:internal\//;

/** The stack frames of a stack (its `at …` lines) that show the function's code. */
function framesOf(stack: string): string[] {
  return stack.split('\n').filter((line) => /^\s+at /.test(line) && !NOISE_FRAME.test(line));
}

/** `path:line:column` of the first frame of `stack` in `file`, if any. */
export function locationIn(stack: string, file: string): string | undefined {
  for (const frame of framesOf(stack)) {
    const match = /(?:file:\/\/)?(\/[^\s()]+):(\d+):(\d+)\)?$/.exec(frame.trim());
    if (match !== null && match[1] === file) return `${match[1]}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

/** The log text of a failure: `error: cause`, then the stack's frames. */
function errorLog(error: string, cause: string, stack = ''): string {
  return [`${error}: ${cause}`, ...framesOf(stack)].join('\n');
}

/** A failure and its log text. */
function failure(error: string, cause: string, stack?: string): CallResult {
  return { result: { ok: false, error, cause }, errorLog: errorLog(error, cause, stack) };
}

/** One line of an error: its message without the line breaks (a transform error has several). */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Why loading failed: `file:line:column: Name: message` when the place is known. */
function loadCause(error: ThrownParts, names: CallNames): string {
  const place = names.syntaxLocation ?? locationIn(error.stack, names.file);
  const what = `${error.name}: ${oneLine(error.message)}`;
  return `function '${names.functionName}' cannot be loaded: ${place !== undefined ? `${place}: ` : ''}${what}`;
}

/** The flow result of a call on a function's thread. @throws LocalRuntimeStoppingError when cut off by a stop. */
export function callResultOf(outcome: ThreadOutcome, names: CallNames): CallResult {
  const fn = `function '${names.functionName}'`;
  switch (outcome.kind) {
    case 'returned':
      return { result: { ok: true, output: JSON.parse(outcome.json) as Json } };
    case 'threw': {
      const error = flowErrorName(outcome.error);
      return failure(error, outcome.error.message, outcome.error.stack);
    }
    case 'notJson':
      return failure(LocalFunctionErrors.notJson, `result is not JSON: ${outcome.message}`);
    case 'noHandler':
      return failure(LocalFunctionErrors.notFound, `${fn} (${names.file}) exports no handler function`);
    case 'loadFailed':
      return failure(LocalFunctionErrors.loadFailed, loadCause(outcome.error, names), outcome.error.stack);
    case 'timedOut': {
      const causes = {
        load: `${fn} did not load within ${seconds(outcome.ms)}`,
        function: `${fn} did not return within ${seconds(outcome.ms)} (its timeout, --function-timeout); its thread was ended`,
        deadline: `${fn} was cut off after ${seconds(outcome.ms)} at the task's deadline (timeoutSeconds); its thread was ended`,
      };
      const error =
        outcome.limit === 'deadline' ? LocalFunctionErrors.taskTimeout : LocalFunctionErrors.timeout;
      return failure(error, causes[outcome.limit]);
    }
    case 'crashed': {
      const when = outcome.whileLoading ? 'while loading' : 'before it returned';
      if (outcome.error !== undefined) {
        const place = locationIn(outcome.error.stack, names.file);
        const cause = `${fn} crashed ${when}: uncaught ${outcome.error.name}: ${oneLine(outcome.error.message)}${place !== undefined ? ` (at ${place})` : ''}`;
        return failure(LocalFunctionErrors.crashed, cause, outcome.error.stack);
      }
      return failure(
        LocalFunctionErrors.crashed,
        `${fn} exited with code ${outcome.exitCode ?? 'unknown'} ${when} (process.exit ends the function's thread)`,
      );
    }
    case 'outOfMemory':
      return failure(
        LocalFunctionErrors.outOfMemory,
        `${fn} ran out of memory (its heap limit is ${outcome.limitMb} MB, --function-memory); its thread was ended`,
      );
    case 'stopped':
      throw new LocalRuntimeStoppingError(`the local runtime is stopping: the call of ${fn} was cut off`);
  }
}

/** The log text of a thread that died between calls (told for the call it ran last). */
export function idleDeathLog(outcome: ThreadOutcome, names: CallNames): string | undefined {
  if (outcome.kind !== 'crashed' && outcome.kind !== 'outOfMemory') return undefined;
  const { errorLog: text } = callResultOf(
    outcome.kind === 'crashed' ? { ...outcome, whileLoading: false } : outcome,
    names,
  );
  return text?.replace('before it returned', 'after its call returned');
}
