/**
 * `flowback worker --queue Q [options] -- CMD [ARGS…]`: polls a task queue and runs CMD per message (see
 * lib/worker), until SIGINT or SIGTERM (the commands running then finish and report first; a second
 * signal ends the process at once).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { addRequiredOption } from '../required-options.ts';
import { endpointOption } from './operations.ts';

/** The options as commander gives them. */
interface WorkerFlags {
  queue: string;
  sqsEndpoint?: string;
  endpoint: string;
  visibilityTimeout: number;
  waitTime: number;
  concurrency: number;
}

/** An integer option in `[min, max]`. */
function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return number;
  };
}

/** Resolves when SIGINT or SIGTERM arrives (a second one exits at once). */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs the worker until a signal. */
async function work(flags: WorkerFlags, command: string[], context: CommandContext): Promise<void> {
  const log = (line: string): void => context.io.err(`flowback worker: ${line}\n`);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded here: the other commands need no SQS client.
  const { resolveQueue, startQueueWorker } = await import('../../worker/index.ts');
  let address: Awaited<ReturnType<typeof resolveQueue>>;
  try {
    address = await resolveQueue(flags.queue, flags.sqsEndpoint);
  } catch (error) {
    log(`cannot use queue ${flags.queue}: ${(error as Error).message}`);
    context.exit(ExitCode.Unavailable);
    return;
  }
  const signal = nextSignal();
  const worker = startQueueWorker({
    sqs: address.sqs,
    queueUrl: address.queueUrl,
    client: context.client(flags.endpoint),
    command,
    visibilityTimeoutSeconds: flags.visibilityTimeout,
    waitTimeSeconds: flags.waitTime,
    concurrency: flags.concurrency,
    log,
    onStderr: (text) => context.io.err(text),
  });
  log(`polling ${address.queueUrl}`);
  log(`${await signal}: stopping after the running commands`);
  await worker.stop();
  address.sqs.destroy();
}

/** Adds `worker` to the program. */
export function registerWorkerCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('worker')
    .description('run a command per message of a task queue and report its result (stdout JSON or failure)')
    .argument('<command...>', 'the command and its arguments, after --; the message body is its stdin');
  addRequiredOption(
    command,
    '--queue <queue>',
    'the queue: a name (local runtime), an SQS queue URL or an SQS ARN',
  )
    .addOption(
      new Option(
        '--sqs-endpoint <url>',
        `SQS endpoint for a queue name (default http://127.0.0.1:8701; "aws" for AWS)`,
      ).env('FLOWBACK_SQS_ENDPOINT'),
    )
    .addOption(endpointOption())
    .option(
      '--visibility-timeout <seconds>',
      'message visibility, renewed while CMD runs',
      integer(1, 43200),
      30,
    )
    .option('--wait-time <seconds>', 'long-poll wait of each receive', integer(0, 20), 20)
    .option('--concurrency <n>', 'messages handled at once', integer(1, 100), 1)
    .action(async (command: string[], flags: WorkerFlags) => {
      await work(flags, command, context);
    });
}
