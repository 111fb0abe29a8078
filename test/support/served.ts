/**
 * `node bin/flowback.mjs serve …` as a child process, for the suites that kill it (chaos) or measure
 * it from outside (load): start and wait for the ready line, end with a signal, free loopback ports,
 * and the child's memory as the kernel sees it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** Longest wait for the ready line, in ms. */
const READY_TIMEOUT_MS = 60_000;

/** A running `flowback serve` and its API URL. */
export interface Served {
  child: ChildProcess;
  apiUrl: string;
  /** Its stderr lines so far (the log). */
  stderr: string[];
  /** Its stdout lines after the ready line (e.g. `--trace-gc` output). */
  stdout: string[];
}

/** Starts `node [nodeArgs] bin/flowback.mjs serve …args` and waits for its ready line. */
export function serve(args: readonly string[], nodeArgs: readonly string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [...nodeArgs, 'bin/flowback.mjs', 'serve', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${READY_TIMEOUT_MS} ms:\n${stderr.join('\n')}`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before it was ready:\n${stderr.join('\n')}`));
    });
    const stdout: string[] = [];
    let isReady = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (isReady) {
        stdout.push(line);
        return;
      }
      const ready = /^flowback ready api=(http:\/\/127\.0\.0\.1:\d+) sqs=http:\/\/127\.0\.0\.1:\d+$/.exec(
        line,
      );
      if (ready?.[1] === undefined) return;
      isReady = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, apiUrl: ready[1], stderr, stdout });
    });
  });
}

/** Ends a child process with `signal` and waits for its exit; resolves with its exit code. */
export function end(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** A TCP port free on 127.0.0.1 right now (so that a restarted server can take the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The resident set size of process `pid` in bytes (Linux `/proc`), `undefined` elsewhere. */
export async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
