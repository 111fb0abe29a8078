/**
 * Helpers of the CLI tests: a local runtime in-process with a few flows, the CLI run in-process with a
 * capturing io (`runCli`), the bin run as a child process, and checks of the output conventions.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { CliIo } from '../../../lib/cli/io.ts';
import { type RunCliOptions, runCli } from '../../../lib/cli/main.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { startWithFiles } from '../local/local-helpers.ts';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** `bin/flowback.mjs`. */
export const BIN = `${ROOT}bin/flowback.mjs`;

/** An io that keeps what a command writes. */
export function captureIo(isTty = false): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty,
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

/** What one CLI run gave. */
export interface CliRun {
  code: ExitCode | number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a capturing io. */
export async function cli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const io = captureIo();
  const code = await runCli(argv, io, options);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/**
 * Runs `node bin/flowback.mjs ARGS` as a child process (asynchronously: the runtime it talks to may
 * live in this process).
 */
export function runBin(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Asserts success: exit 0, nothing on stderr, and stdout that is JSON and nothing else. */
export function okJson<T = Record<string, unknown>>(run: CliRun): T {
  assert.equal(run.stderr, '', 'nothing on stderr');
  assert.equal(run.code, 0, `exit 0 (stdout: ${run.stdout})`);
  return JSON.parse(run.stdout) as T;
}

/**
 * Asserts a failure: the exit code, nothing on stdout, and one stderr line `Code: message` whose
 * message matches `message`.
 */
export function failed(run: CliRun, code: number, errorCode: string, message?: RegExp): string {
  assert.equal(run.stdout, '', `nothing on stdout (stderr: ${run.stderr})`);
  assert.equal(run.code, code, `exit ${code} (stderr: ${run.stderr})`);
  assert.match(run.stderr, /^[^\n]+\n$/, `one line on stderr: ${JSON.stringify(run.stderr)}`);
  assert.ok(run.stderr.startsWith(`${errorCode}: `), `starts with ${errorCode}: ${run.stderr}`);
  if (message) assert.match(run.stderr, message);
  return run.stderr;
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

/** The seed example's callback flow (waits for ReportTaskSucceeded; output `{s: status}`). */
export const CALLBACK_FLOW = readFileSync(`${ROOT}examples/flows/fnf-demo-callback.yaml`, 'utf8');

/** A flow that fails at once with `Boom`. */
export const FAILING_FLOW = [
  'version: v1',
  'type: flow',
  'steps:',
  '  - type: fail',
  '    name: boom',
  '    error: Boom',
  '    cause: on purpose',
  '',
].join('\n');

/** The local functions the flows call. */
export const FUNCTIONS = {
  'fnf-demo/echo.js': 'export function handler(event) { return event; }\n',
};

/** A local runtime with `callback` and `failing` flows, and a CLI bound to its endpoint. */
export async function startCliRuntime(): Promise<{
  local: LocalRuntime;
  /** Runs the CLI in-process with `--endpoint` set to the runtime (unless `argv` gives one). */
  run(...argv: string[]): Promise<CliRun>;
}> {
  const local = await startWithFiles({ callback: CALLBACK_FLOW, failing: FAILING_FLOW }, FUNCTIONS);
  return {
    local,
    run: (...argv) => cli(argv.includes('--endpoint') ? argv : [...argv, '--endpoint', local.apiUrl]),
  };
}
