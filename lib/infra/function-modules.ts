/**
 * The local function modules of a folder (`-c functionsDir=examples/functions`), found as the local
 * runtime finds them (api.md, "Resources a task can call"): `DIR/S/F.{js,mjs,ts}` is the function of
 * `acs:fc:…:services/S/functions/F` (key `S/F`), `DIR/NAME.{js,mjs,ts}` the one of a Lambda ARN
 * `…:function:NAME` (key `NAME`). Each becomes a Lambda function named by the resource rule
 * (`S-F`, or `NAME`), with an optional prefix.
 */
import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

/** The module extensions, in the local runtime's order of preference. */
export const FUNCTION_MODULE_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.ts'];

/** Lambda function names: letters, digits, `-` and `_`, at most 64. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** A service or function segment of a module path. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** One function module. */
export interface FunctionModule {
  /** The function map key: `S/F` or `NAME`. */
  readonly key: string;
  /** The deployed function's name: `{prefix}S-F` or `{prefix}NAME`. */
  readonly functionName: string;
  /** The module file (absolute). */
  readonly entry: string;
}

/** The module of each base name of `dir` (`.js` before `.mjs` before `.ts`), by base name. */
function modulesIn(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile());
  for (const extension of FUNCTION_MODULE_EXTENSIONS) {
    for (const entry of entries) {
      if (extname(entry.name) !== extension || entry.name.endsWith('.d.ts')) continue;
      const base = entry.name.slice(0, -extension.length);
      if (SEGMENT.test(base) && !found.has(base)) found.set(base, join(dir, entry.name));
    }
  }
  return found;
}

/**
 * The function modules of `dir`, sorted by key.
 * @throws Error naming the folder when it cannot be read, or a module whose function name is too long.
 */
export function readFunctionModules(dir: string, prefix = ''): FunctionModule[] {
  const root = resolve(dir);
  const modules: FunctionModule[] = [];
  try {
    for (const [name, entry] of modulesIn(root))
      modules.push({ key: name, functionName: `${prefix}${name}`, entry });
    for (const service of readdirSync(root, { withFileTypes: true })) {
      if (!service.isDirectory() || !SEGMENT.test(service.name)) continue;
      for (const [name, entry] of modulesIn(join(root, service.name))) {
        modules.push({
          key: `${service.name}/${name}`,
          functionName: `${prefix}${service.name}-${name}`,
          entry,
        });
      }
    }
  } catch (error) {
    throw new Error(`FlowEngine functionsDir: cannot read ${dir}: ${(error as Error).message}`);
  }
  for (const module of modules) {
    if (!FUNCTION_NAME.test(module.functionName)) {
      throw new Error(
        `FlowEngine functionsDir: ${module.entry} would be the Lambda function '${module.functionName}': names are at most 64 letters, digits, '-' or '_'`,
      );
    }
  }
  return modules.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
