/** Helpers of the queue worker's tests: `flowback worker` as a separate process, and queue flows. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running `flowback worker` process. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Its stderr lines so far. */
  lines: string[];
  /** Resolves when a stderr line matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL of its whole process group (the worker and its command), and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts `node bin/flowback.mjs worker …args -- …command` in its own process group. */
export function startWorker(args: string[], command: string[]): WorkerProcess {
  const child = spawn(process.execPath, ['bin/flowback.mjs', 'worker', ...args, '--', ...command], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: child.stderr! }).on('line', (line) => {
    lines.push(line);
    for (const listener of listeners) listener(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    child,
    lines,
    waitForLine: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const found = lines.find((line) => pattern.test(line));
        if (found !== undefined) {
          resolve(found);
          return;
        }
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no worker line ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`));
        }, timeoutMs);
        const listener = (line: string): void => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
      }),
    stop: async () => {
      if (running()) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (running() && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

/** A flow with one queue task on `queue` (waitForCallback unless said otherwise). */
export function queueFlow(
  queue: string,
  extra: { pattern?: string; heartbeatSeconds?: number; timeoutSeconds?: number } = {},
): string {
  const pattern = extra.pattern ?? 'waitForCallback';
  return [
    'version: v1',
    'type: flow',
    'steps:',
    '  - type: task',
    '    name: job',
    `    resourceArn: acs:mns:::/queues/${queue}/messages`,
    `    pattern: ${pattern}`,
    ...(extra.heartbeatSeconds !== undefined ? [`    heartbeatSeconds: ${extra.heartbeatSeconds}`] : []),
    ...(extra.timeoutSeconds !== undefined ? [`    timeoutSeconds: ${extra.timeoutSeconds}`] : []),
    '    inputMappings:',
    '      - target: n',
    '        source: $input.n',
    ...(pattern === 'waitForCallback'
      ? ['      - target: token', '        source: $context.task.token']
      : []),
    '    serviceParams:',
    '      MessageBody: $',
    '',
  ].join('\n');
}
