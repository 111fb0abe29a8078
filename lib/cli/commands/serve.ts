import { type Command, InvalidArgumentError } from 'commander';
import { DataFolderLockedError } from '../../local/data-lock.ts';
import { LOCAL_DEFAULTS, MAX_FUNCTION_TIMEOUT_SECONDS } from '../../local/defaults.ts';
import { FlowFolderError } from '../../local/flows-folder.ts';
import { ACTIVITY_FORMATS, type ActivityFormat, activityLine } from '../../local/logs/activity.ts';
import type { LocalRuntime, LocalRuntimeOptions } from '../../local/start-local-runtime.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { defaultFlowsDir } from './serve-flows.ts';

/** The options as commander gives them. */
interface ServeFlags {
  port?: number;
  sqsPort?: number;
  flows?: string;
  functions: string;
  data: string;
  memory?: boolean;
  accessKey: string[];
  functionTimeout: number;
  functionMemory: number;
  quiet?: boolean;
  logFormat: ActivityFormat;
  publicUrl?: string;
}

/** Longest a stop may take before the process ends anyway, in ms (it ends function threads first). */
const STOP_LIMIT_MS = 20_000;

/** Heap limits a function thread may be given, in MB. */
const FUNCTION_MEMORY_RANGE = { min: 16, max: 16_384 } as const;

/** A parser of a whole number option within bounds. */
function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

/** Parses `--log-format`. */
function parseLogFormat(value: string): ActivityFormat {
  if (!(ACTIVITY_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected ${ACTIVITY_FORMATS.join(' or ')}`);
  }
  return value as ActivityFormat;
}

/** Environment variables `serve` reads (api.md "Local runtime"). */
export interface ServeEnvironment {
  FLOWBACK_PORT?: string | undefined;
  FLOWBACK_SQS_PORT?: string | undefined;
  [name: string]: string | undefined;
}

/** Parses a TCP port (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return port;
}

/** A port from an environment variable, if set. @throws Error naming the variable when invalid. */
function portFromEnv(env: ServeEnvironment, name: keyof ServeEnvironment): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  try {
    return parsePort(value);
  } catch {
    throw new Error(`${name}=${value}: expected a port number 0-65535`);
  }
}

/** `--public-url`: an http(s) URL. */
function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an http:// or https:// URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '')
    throw new InvalidArgumentError('expected an http:// or https:// URL without a query or fragment');
  return value;
}

/** Collects `--access-key ID:SECRET` values. */
function collectAccessKey(value: string, previous: string[]): string[] {
  if (!/^[^:]+:.+$/.test(value)) throw new InvalidArgumentError('expected ID:SECRET');
  return [...previous, value];
}

/** A wait for SIGINT or SIGTERM, listening from its creation until it resolves or is cancelled. */
function signalWait(): { signal: Promise<NodeJS.Signals>; cancel(): void } {
  let cancel = (): void => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (received: NodeJS.Signals): void => {
      cancel();
      // A second signal while stopping ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(received);
    };
    cancel = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { signal, cancel };
}

/** The runtime options of the flags. */
function runtimeOptions(
  flags: ServeFlags & { port: number; sqsPort: number },
  context: CommandContext,
): LocalRuntimeOptions {
  // The default flows folder is optional (`npx flowback serve` outside a clone); a given one is not.
  const flowsDir = flags.flows ?? defaultFlowsDir((line) => context.io.err(`${line}\n`));
  return {
    port: flags.port,
    sqsPort: flags.sqsPort,
    dataDir: flags.data,
    ...(flags.memory ? { memory: true } : {}),
    ...(flowsDir !== undefined ? { flowsDir } : {}),
    functionsDir: flags.functions,
    accessKeys: flags.accessKey.map((pair) => {
      const at = pair.indexOf(':');
      return { id: pair.slice(0, at), secret: pair.slice(at + 1) };
    }),
    log: (line) => context.io.err(`${line}\n`),
    functionTimeoutSeconds: flags.functionTimeout,
    functionMemoryMb: flags.functionMemory,
    ...(flags.publicUrl !== undefined ? { publicUrl: flags.publicUrl } : {}),
    ...(flags.quiet
      ? {}
      : { activity: (activity) => context.io.out(`${activityLine(activity, flags.logFormat)}\n`) }),
  };
}

/** Runs the local runtime until SIGINT/SIGTERM. */
async function serve(
  flags: ServeFlags & { port: number; sqsPort: number },
  context: CommandContext,
): Promise<void> {
  let local: LocalRuntime;
  // Listening before start-up, so that a signal during it stops what was started.
  const stopped = signalWait();
  try {
    // The SDK's notice about future Node versions is noise for a local server (an explicit value wins).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // Loaded here: the other commands need neither the AWS SDK nor the embedded services.
    const { startLocalRuntime } = await import('../../local/start-local-runtime.ts');
    local = await startLocalRuntime(runtimeOptions(flags, context));
  } catch (error) {
    if (error instanceof FlowFolderError) {
      for (const problem of error.problems) context.io.err(`${problem}\n`);
      context.io.err(
        `flowback serve: ${error.problems.length} problem(s) in the flows folder; not started\n`,
      );
    } else if (error instanceof DataFolderLockedError) {
      context.io.err(`flowback serve: cannot start: ${error.message}\n`);
    } else {
      const code = (error as { code?: unknown }).code;
      const text = code === 'EADDRINUSE' ? `a port is in use (${(error as Error).message})` : String(error);
      context.io.err(`flowback serve: cannot start: ${text}\n`);
    }
    stopped.cancel();
    context.exit(ExitCode.Failure);
    return;
  }
  context.io.out(`${local.readyLine}\n`);
  const signal = await stopped.signal;
  context.io.err(`flowback serve: ${signal}, stopping\n`);
  // Function threads are ended and long polls cut within seconds; this only guards against the unforeseen.
  const limit = setTimeout(() => {
    context.io.err(`flowback serve: not stopped after ${STOP_LIMIT_MS / 1000} s; exiting\n`);
    process.exit(ExitCode.Failure);
  }, STOP_LIMIT_MS);
  limit.unref();
  await local.stop();
  clearTimeout(limit);
}

/** Adds `serve` to the program; `env` gives the defaults of `--port` and `--sqs-port`. */
export function registerServeCommand(
  program: Command,
  context: CommandContext,
  env: ServeEnvironment = process.env,
): void {
  program
    .command('serve')
    .description('run the local runtime: the REST API, embedded DynamoDB (dynalite) and SQS (fauxqs)')
    .option(
      '--port <PORT>',
      `API port on 127.0.0.1, 0 = any free port (env FLOWBACK_PORT, default ${LOCAL_DEFAULTS.port})`,
      parsePort,
    )
    .option(
      '--sqs-port <PORT>',
      `embedded SQS port on 127.0.0.1 for queue workers (env FLOWBACK_SQS_PORT, default ${LOCAL_DEFAULTS.sqsPort})`,
      parsePort,
    )
    .option(
      '--flows <DIR>',
      `flow files (*.yaml, *.yml, *.json), each named after its file (default: ${LOCAL_DEFAULTS.flowsDir})`,
    )
    .option(
      '--functions <DIR>',
      'local functions: DIR/{service}/{function}.js or DIR/{name}.js',
      LOCAL_DEFAULTS.functionsDir,
    )
    .option('--data <DIR>', 'where the state lives across restarts', LOCAL_DEFAULTS.dataDir)
    .option('--memory', 'keep nothing on disk')
    .option('--access-key <ID:SECRET>', 'an access key of the RPC API (repeatable)', collectAccessKey, [])
    .option(
      '--function-timeout <SECONDS>',
      `how long a local function call may run (never past its task's deadline), 1-${MAX_FUNCTION_TIMEOUT_SECONDS}`,
      wholeNumber(1, MAX_FUNCTION_TIMEOUT_SECONDS),
      LOCAL_DEFAULTS.functionTimeoutSeconds,
    )
    .option(
      '--function-memory <MB>',
      'heap limit of each local function worker thread',
      wholeNumber(FUNCTION_MEMORY_RANGE.min, FUNCTION_MEMORY_RANGE.max),
      LOCAL_DEFAULTS.functionMemoryMb,
    )
    .option(
      '--quiet',
      'print no activity (history events and function logs), only the ready line and problems',
    )
    .option('--log-format <text|json>', 'activity as readable lines or JSON lines', parseLogFormat, 'text')
    .option(
      '--public-url <URL>',
      'the base URL of approval links ($context.task.approveUrl), e.g. behind a tunnel (default: the API URL)',
      parsePublicUrl,
    )
    .action(async (flags: ServeFlags) => {
      let ports: { port: number; sqsPort: number };
      try {
        ports = {
          port: flags.port ?? portFromEnv(env, 'FLOWBACK_PORT') ?? LOCAL_DEFAULTS.port,
          sqsPort: flags.sqsPort ?? portFromEnv(env, 'FLOWBACK_SQS_PORT') ?? LOCAL_DEFAULTS.sqsPort,
        };
      } catch (error) {
        context.io.err(`flowback serve: ${(error as Error).message}\n`);
        context.exit(ExitCode.Usage);
        return;
      }
      await serve({ ...flags, ...ports }, context);
    });
}
