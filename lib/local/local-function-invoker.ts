/**
 * `Invoker` over modules in a folder, as `api.md` lays them out: `DIR/{service}/{function}.{js,mjs,ts}`
 * for `acs:fc` resources, `DIR/{name}.{js,mjs,ts}` for Lambda ARNs. A module exports
 * `handler(event, context)` (sync or async), as a Lambda handler does; it is imported again when its
 * file changes, so that editing a function needs no restart.
 */
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  errorOf,
  type FunctionHandler,
  functionKey,
  runFunctionHandler,
} from '../adapters/memory/memory-invoker.ts';
import type { Json } from '../fdl/types.ts';
import type { FunctionResource, InvokeContext, InvokeResult, Invoker } from '../ports/invoker.ts';

/** File extensions tried, in order. */
export const FUNCTION_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.ts'];

/** A module found for a resource, or why there is none. */
type Lookup = { ok: true; handler: FunctionHandler } | { ok: false; error: string; cause: string };

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

/** The `handler` export of a module (ES module, or CommonJS through its default export). */
function handlerOf(module: Record<string, unknown>): FunctionHandler | undefined {
  const direct = module.handler;
  if (typeof direct === 'function') return direct as FunctionHandler;
  const viaDefault = (module.default as Record<string, unknown> | undefined)?.handler;
  return typeof viaDefault === 'function' ? (viaDefault as FunctionHandler) : undefined;
}

/** Invokes local function modules from a folder. */
export class LocalFunctionInvoker implements Invoker {
  readonly #dir: string;
  /** Loaded handlers by file, with the modification time they were loaded at. */
  readonly #loaded = new Map<string, { mtimeMs: number; handler: FunctionHandler }>();

  /** @param dir the functions folder (`--functions`). */
  constructor(dir: string) {
    this.#dir = resolve(dir);
  }

  async invoke(resource: FunctionResource, event: Json, context: InvokeContext): Promise<InvokeResult> {
    const functionName = functionKey(resource);
    const found = await this.#lookup(resource, functionName);
    if (!found.ok) return found;
    return runFunctionHandler(found.handler, event, { ...context, functionName });
  }

  async #lookup(resource: FunctionResource, functionName: string): Promise<Lookup> {
    const base = basePath(this.#dir, resource);
    const found = base === undefined ? undefined : await findFile(base);
    if (found === undefined) {
      return {
        ok: false,
        error: 'FC.FunctionNotFound',
        cause: `function '${functionName}' does not exist: no ${FUNCTION_EXTENSIONS.map((e) => `${functionName}${e}`).join(', ')} in ${this.#dir}`,
      };
    }
    const cached = this.#loaded.get(found.file);
    if (cached !== undefined && cached.mtimeMs === found.mtimeMs)
      return { ok: true, handler: cached.handler };
    let module: Record<string, unknown>;
    try {
      // The query makes an edited file a new module (the old one stays in the module cache).
      module = (await import(`${pathToFileURL(found.file).href}?mtime=${found.mtimeMs}`)) as Record<
        string,
        unknown
      >;
    } catch (thrown) {
      return {
        ok: false,
        error: 'FC.InternalServerError',
        cause: `function '${functionName}' cannot be loaded: ${errorOf(thrown).cause}`,
      };
    }
    const handler = handlerOf(module);
    if (handler === undefined) {
      return {
        ok: false,
        error: 'FC.FunctionNotFound',
        cause: `function '${functionName}' (${found.file}) exports no handler function`,
      };
    }
    this.#loaded.set(found.file, { mtimeMs: found.mtimeMs, handler });
    return { ok: true, handler };
  }
}
