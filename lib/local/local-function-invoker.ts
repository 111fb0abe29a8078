/**
 * `Invoker` over modules in a folder, as `api.md` lays them out: `DIR/{service}/{function}.{js,mjs,ts}`
 * for `acs:fc` resources, `DIR/{name}.{js,mjs,ts}` for Lambda ARNs. A module exports
 * `handler(event, context)` (sync or async), as a Lambda handler does. Each call runs outside the
 * server's event loop, in a warm worker thread of its module (`functions/function-pool.ts`), with a
 * timeout (never past the task's deadline) and a heap limit; what it logs, and how it failed, is told
 * to `onLog` with the call's flow, execution, step and call id. An edited file gets new threads, so
 * that editing a function needs no restart.
 */
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FunctionContext, functionKey } from '../adapters/memory/memory-invoker.ts';
import type { Json } from '../fdl/types.ts';
import type { LogEntry, LogLevel } from '../ports/execution-logs.ts';
import type { FunctionResource, InvokeContext, InvokeResult, Invoker } from '../ports/invoker.ts';
import { LOCAL_DEFAULTS } from './defaults.ts';
import { type CallNames, callResultOf, idleDeathLog, LocalFunctionErrors } from './functions/call-results.ts';
import { FunctionPool } from './functions/function-pool.ts';
import type { CallAttribution, ThreadCall } from './functions/function-thread.ts';
import { InlineFunctions } from './functions/inline-functions.ts';
import { syntaxLocation } from './functions/syntax-location.ts';

/** File extensions tried, in order. */
export const FUNCTION_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.ts'];

/** How long a module may take to load (its top-level code), in ms; not counted in the call's timeout. */
export const LOAD_TIMEOUT_MS = 30_000;

/** Options of `LocalFunctionInvoker`. */
export interface LocalFunctionOptions {
  /** How long a call may run, in seconds (capped by the task's deadline). @default 3 */
  timeoutSeconds?: number;
  /** Heap limit of each function thread, in MB. @default 256 */
  memoryMb?: number;
  /**
   * `thread`: each call in a worker thread of its module. `inline`: in the server's own event loop,
   * with no limits and no captured output (benchmarks whose functions share state with them).
   * @default 'thread'
   */
  isolation?: 'thread' | 'inline';
  /** Told every line a function logged and every failed call (with its stack). */
  onLog?: (entry: LogEntry) => void;
}

/** The file of a resource without extension, or `undefined` when a name would leave the folder. */
function basePath(dir: string, resource: FunctionResource): string | undefined {
  const parts =
    resource.service === undefined ? [resource.functionName] : [resource.service, resource.functionName];
  if (parts.some((part) => part === '' || part === '.' || part === '..' || /[/\\]/.test(part)))
    return undefined;
  const path = join(dir, ...parts);
  return path.startsWith(dir + sep) ? path : undefined;
}

/** The first existing file of `base` + one of the extensions, with its modification time. */
async function findFile(base: string): Promise<{ file: string; mtimeMs: number } | undefined> {
  for (const extension of FUNCTION_EXTENSIONS) {
    const file = base + extension;
    try {
      const info = await stat(file);
      if (info.isFile()) return { file, mtimeMs: info.mtimeMs };
    } catch {
      // Not there: try the next extension.
    }
  }
  return undefined;
}

/** Invokes local function modules from a folder. */
export class LocalFunctionInvoker implements Invoker {
  readonly #dir: string;
  readonly #timeoutMs: number;
  readonly #onLog: (entry: LogEntry) => void;
  readonly #pool: FunctionPool | undefined;
  readonly #inline: InlineFunctions | undefined;
  /** The names of each module file, for the log of a thread that dies between calls. */
  readonly #names = new Map<string, CallNames>();

  /** @param dir the functions folder (`--functions`). */
  constructor(dir: string, options: LocalFunctionOptions = {}) {
    this.#dir = resolve(dir);
    this.#timeoutMs = (options.timeoutSeconds ?? LOCAL_DEFAULTS.functionTimeoutSeconds) * 1000;
    this.#onLog = options.onLog ?? (() => {});
    if (options.isolation === 'inline') this.#inline = new InlineFunctions();
    else {
      this.#pool = new FunctionPool({
        memoryMb: options.memoryMb ?? LOCAL_DEFAULTS.functionMemoryMb,
        onLog: (call, level, time, message) => this.#log(call, level, time, message),
        onIdleDeath: (call, outcome, file) => {
          const names = this.#names.get(file);
          const text = names === undefined ? undefined : idleDeathLog(outcome, names);
          if (text !== undefined) this.#log(call, 'ERROR', Date.now(), text);
        },
      });
    }
  }

  async invoke(resource: FunctionResource, event: Json, context: InvokeContext): Promise<InvokeResult> {
    const functionName = functionKey(resource);
    const base = basePath(this.#dir, resource);
    const found = base === undefined ? undefined : await findFile(base);
    if (found === undefined) {
      return {
        ok: false,
        error: LocalFunctionErrors.notFound,
        cause: `function '${functionName}' does not exist: no ${FUNCTION_EXTENSIONS.map((e) => `${functionName}${e}`).join(', ')} in ${this.#dir}`,
      };
    }
    const handlerContext: FunctionContext = {
      executionKey: context.executionKey,
      stepName: context.stepName,
      scheduleEventId: context.scheduleEventId,
      callId: context.callId,
      functionName,
    };
    if (this.#pool === undefined) return this.#inline!.run(found, event, handlerContext);
    const call: CallAttribution = {
      executionKey: context.executionKey,
      stepName: context.stepName,
      callId: context.callId,
    };
    const names: CallNames = { functionName, file: found.file };
    this.#names.set(found.file, names);
    const outcome = await this.#pool.run(found, () => this.#threadCall(event, handlerContext, call, context));
    if (outcome.kind === 'timedOut' && outcome.limit === 'deadline' && context.deadline !== undefined) {
      // Not a moment before the deadline (a timer may fire a millisecond early): the engine then
      // takes the answer as too late, as the deadline's own timer would.
      const early = context.deadline - Date.now();
      if (early > 0) await sleep(early);
    }
    const location =
      outcome.kind === 'loadFailed' ? await syntaxLocation(outcome.error, found.file) : undefined;
    const { result, errorLog } = callResultOf(outcome, {
      ...names,
      ...(location !== undefined ? { syntaxLocation: location } : {}),
    });
    if (errorLog !== undefined) this.#log(call, 'ERROR', Date.now(), errorLog);
    return result;
  }

  /** Ends every function thread (calls in progress throw, so that their work is redelivered). */
  async close(): Promise<void> {
    await this.#pool?.stop();
  }

  /** A call's limits, computed when a thread is free: the timeout, or what is left until the deadline. */
  #threadCall(
    event: Json,
    context: FunctionContext,
    call: CallAttribution,
    invoke: InvokeContext,
  ): ThreadCall {
    const left = invoke.deadline === undefined ? Number.POSITIVE_INFINITY : invoke.deadline - Date.now();
    return {
      event,
      context: { ...context, executionKey: { ...context.executionKey } },
      call,
      timeoutMs: Math.max(1, Math.min(this.#timeoutMs, left)),
      limit: left < this.#timeoutMs ? 'deadline' : 'function',
      loadTimeoutMs: Math.max(1, Math.min(LOAD_TIMEOUT_MS, left)),
      loadLimit: left < LOAD_TIMEOUT_MS ? 'deadline' : 'load',
    };
  }

  #log(call: CallAttribution, level: LogLevel, time: number, message: string): void {
    this.#onLog({ ...call, time, level, message });
  }
}
