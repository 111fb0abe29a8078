/**
 * The two ways the console is served, for the same suite: `local` — the local runtime's own
 * `/console`; `proxy` — `flowback console --endpoint` (the real CLI, a child process) in front of a
 * SigV4-checking gateway in front of a second local runtime, every request signed with the AWS
 * credentials of the child's environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/start-local-runtime.ts';
import { type SigV4Gateway, startSigV4Gateway } from '../support/sigv4-gateway.ts';

/** The fixtures: flows (approval, payment, fanout) and their functions. */
export const FIXTURES = 'test/fixtures/console';

/** The credentials `flowback console` finds in its environment (the default chain's first link). */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDCONSOLETEST', secretAccessKey: 'console-test-secret' };

/** How the console is reached. */
export type ConsoleMode = 'local' | 'proxy';

/** A console to drive and the API behind it (for setting up and checking). */
export interface ConsoleUnderTest {
  mode: ConsoleMode;
  /** `http://127.0.0.1:PORT/console`. */
  consoleUrl: string;
  /** The local runtime's API, unsigned. */
  apiUrl: string;
  gateway?: SigV4Gateway;
  stop(): Promise<void>;
}

/** Starts a local runtime with the fixtures, in memory. */
function startRuntime(): Promise<LocalRuntime> {
  return startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: '',
    memory: true,
    flowsDir: `${FIXTURES}/flows`,
    functionsDir: `${FIXTURES}/functions`,
  });
}

/** Starts `flowback console` and waits for its ready line. */
export function startConsoleCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; stderr: string[] }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  const child = spawn(process.execPath, ['bin/flowback.mjs', 'console', '--port', '0', ...args], {
    env: {
      ...clean,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`flowback console exited (${code}):\n${stderr.join('\n')}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /^flowback console ready url=(http:\/\/127\.0\.0\.1:\d+)\/console\//.exec(line)?.[1];
      if (url === undefined) return;
      child.removeAllListeners('exit');
      resolve({ child, url, stderr });
    });
  });
}

/** Ends a child process and waits for it. */
export function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts the console in `mode`. */
export async function startConsole(mode: ConsoleMode): Promise<ConsoleUnderTest> {
  const local = await startRuntime();
  if (mode === 'local')
    return { mode, consoleUrl: `${local.apiUrl}/console`, apiUrl: local.apiUrl, stop: () => local.stop() };
  const gateway = await startSigV4Gateway(local.apiUrl, TEST_CREDENTIALS.secretAccessKey);
  try {
    const cli = await startConsoleCli(['--endpoint', gateway.url, '--sign-region', 'us-east-1'], {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    });
    return {
      mode,
      consoleUrl: `${cli.url}/console`,
      apiUrl: local.apiUrl,
      gateway,
      stop: async () => {
        await endChild(cli.child);
        await gateway.close();
        await local.stop();
      },
    };
  } catch (error) {
    await gateway.close();
    await local.stop();
    throw error;
  }
}

/** Calls the local runtime's API directly. */
export async function api<T>(apiUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
