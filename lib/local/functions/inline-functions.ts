/**
 * Function modules run in the server's own event loop, as they ran before threads: no timeout, no
 * memory limit, output on the server's console. Only for embedding (`functionIsolation: 'inline'`),
 * such as benchmarks whose functions share state with the benchmark itself.
 */
import { pathToFileURL } from 'node:url';
import {
  errorOf,
  type FunctionContext,
  type FunctionHandler,
  runFunctionHandler,
} from '../../adapters/memory/memory-invoker.ts';
import type { Json } from '../../fdl/types.ts';
import type { InvokeResult } from '../../ports/invoker.ts';
import { LocalFunctionErrors } from './call-results.ts';

/** The `handler` export of a module (ES module, or CommonJS through its default export). */
function handlerOf(module: Record<string, unknown>): FunctionHandler | undefined {
  const direct = module.handler;
  if (typeof direct === 'function') return direct as FunctionHandler;
  const viaDefault = (module.default as Record<string, unknown> | undefined)?.handler;
  return typeof viaDefault === 'function' ? (viaDefault as FunctionHandler) : undefined;
}

/** Loads modules into this process (again when their file changes) and calls their handlers. */
export class InlineFunctions {
  /** Loaded handlers by file, with the modification time they were loaded at. */
  readonly #loaded = new Map<string, { mtimeMs: number; handler: FunctionHandler }>();

  /** Calls the handler of `file` (loaded at `mtimeMs`). */
  async run(
    module: { file: string; mtimeMs: number },
    event: Json,
    context: FunctionContext,
  ): Promise<InvokeResult> {
    const cached = this.#loaded.get(module.file);
    let handler = cached?.mtimeMs === module.mtimeMs ? cached.handler : undefined;
    if (handler === undefined) {
      let loaded: Record<string, unknown>;
      try {
        // The query makes an edited file a new module (the old one stays in the module cache).
        const url = `${pathToFileURL(module.file).href}?mtime=${module.mtimeMs}`;
        loaded = (await import(url)) as Record<string, unknown>;
      } catch (thrown) {
        return {
          ok: false,
          error: LocalFunctionErrors.loadFailed,
          cause: `function '${context.functionName}' cannot be loaded: ${errorOf(thrown).cause}`,
        };
      }
      handler = handlerOf(loaded);
      if (handler === undefined) {
        return {
          ok: false,
          error: LocalFunctionErrors.notFound,
          cause: `function '${context.functionName}' (${module.file}) exports no handler function`,
        };
      }
      this.#loaded.set(module.file, { mtimeMs: module.mtimeMs, handler });
    }
    return runFunctionHandler(handler, event, context);
  }
}
