/**
 * `bundleKb` and `coldInitMs` of each Lambda bundle: the three handlers bundled by esbuild as the CDK's
 * NodejsFunction does with the stack's options (lib/infra/engine-function.ts: ESM, node22, minified,
 * every dependency inside, a `require` shim), then the size of the output (source map apart) and the
 * time to import it in a fresh `node` process (the module's own top level; what Lambda's init does
 * before the first request), the median of `RUNS` processes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { median, round } from '../support/stats.ts';

/** Fresh processes per bundle. */
export const RUNS = 5;

/** The handlers, by function. */
const HANDLERS = { api: 'api.ts', worker: 'worker.ts', timeouts: 'timeouts.ts' } as const;

/** The bundle sizes and import times. */
export interface BundleResult {
  bundleKb: Record<keyof typeof HANDLERS, number>;
  coldInitMs: Record<keyof typeof HANDLERS, number>;
  runs: number;
}

/** Bundles one handler like NodejsFunction with the engine's options; the output file. */
async function bundle(entry: string, outdir: string): Promise<string> {
  const outfile = join(outdir, 'index.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL(`../../lambdas/${entry}`, import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    outfile,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}

/** The time (ms) a fresh `node` takes to import `file`, measured inside the process. */
async function importMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  return Number(stdout.trim());
}

/** Bundles and times every handler. */
export async function bundles(runs = RUNS): Promise<BundleResult> {
  const dir = await mkdtemp(join(tmpdir(), 'flowback-bundles-'));
  try {
    const result: BundleResult = {
      bundleKb: { api: 0, worker: 0, timeouts: 0 },
      coldInitMs: { api: 0, worker: 0, timeouts: 0 },
      runs,
    };
    for (const [name, entry] of Object.entries(HANDLERS) as [keyof typeof HANDLERS, string][]) {
      const file = await bundle(entry, join(dir, name));
      result.bundleKb[name] = round((await stat(file)).size / 1024);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await importMs(file));
      result.coldInitMs[name] = round(median(times));
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
