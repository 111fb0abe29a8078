/**
 * Runs a worker's command for one message: the body on its stdin, its stdout collected (up to a limit),
 * the tail of its stderr kept for a failure's cause (and each stderr chunk handed on, for logs).
 */
import { spawn } from 'node:child_process';

/** Most stdout kept: more than any payload may be (256 KiB), so that an oversized one is detected. */
export const MAX_STDOUT_BYTES = 1024 * 1024;

/** Characters of stderr kept: a failure's cause is at most 4096 characters. */
export const STDERR_TAIL_CHARS = 4096;

/** How a command ended. */
export interface CommandResult {
  /** The exit code (`null` when a signal ended it or it never started). */
  exitCode: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  /** Its stdout (the first `MAX_STDOUT_BYTES`). */
  stdout: string;
  /** True when stdout was longer than `MAX_STDOUT_BYTES`. */
  stdoutTruncated: boolean;
  /** The last `STDERR_TAIL_CHARS` characters of its stderr. */
  stderrTail: string;
  /** Why it could not start (`ENOENT`…), if it could not. */
  spawnError?: string;
}

/** A command that runs. */
export interface RunningCommand {
  /** Settles when the command has ended (never rejects). */
  result: Promise<CommandResult>;
  /** Sends it a signal (default SIGTERM); nothing once it has ended. */
  kill(signal?: NodeJS.Signals): void;
}

/** Options of `runCommand`. */
export interface RunCommandOptions {
  /** Variables added to the worker's environment. */
  env?: Record<string, string>;
  /** Told each chunk of stderr. */
  onStderr?: (text: string) => void;
}

/** Starts `argv[0]` with the arguments `argv[1..]` (no shell) and `input` on its stdin. */
export function runCommand(
  argv: readonly string[],
  input: string,
  options: RunCommandOptions = {},
): RunningCommand {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('no command to run');
  const child = spawn(file, args, {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stdoutBytes = 0;
  let stdoutTruncated = false;
  let stderrTail = '';
  let spawnError: string | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    const room = MAX_STDOUT_BYTES - stdoutBytes;
    if (chunk.length > room) stdoutTruncated = true;
    if (room > 0) stdout.push(chunk.subarray(0, room));
    stdoutBytes += Math.min(room, chunk.length);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    options.onStderr?.(text);
  });
  // A command that does not read its stdin closes it early: that is not an error.
  child.stdin.on('error', () => {});
  child.stdin.end(input);
  const result = new Promise<CommandResult>((resolve) => {
    child.once('error', (error) => {
      spawnError = error.message;
    });
    child.once('close', (exitCode, signal) => {
      resolve({
        exitCode: spawnError === undefined ? exitCode : null,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stdoutTruncated,
        stderrTail,
        ...(spawnError !== undefined ? { spawnError } : {}),
      });
    });
  });
  return {
    result,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
