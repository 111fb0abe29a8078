import { Command, CommanderError } from 'commander';
import { FlowbackClient } from '../client/index.ts';
import { registerConsoleCommand } from './commands/console.ts';
import { registerGraphCommand } from './commands/graph.ts';
import { registerLogsCommand } from './commands/logs.ts';
import { registerOperationCommands } from './commands/operations.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTaskCommands } from './commands/tasks.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { registerWatchCommand } from './commands/watch.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import type { CommandContext } from './context.ts';
import { ExitCode, worstExitCode } from './exit-codes.ts';
import { type CliIo, processIo, quietBrokenPipes } from './io.ts';

/** Builds the `flowback` program; each subcommand lives in its own module under `./commands/`. */
export function buildProgram(context: CommandContext): Command {
  const program = new Command('flowback')
    .description('Flowback: run Alibaba Cloud Serverless Workflow (FDL) flows locally and on AWS')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.out(text),
      writeErr: (text) => context.io.err(text),
      // Usage errors are one line that starts with a code, like every other error
      // (`InvalidArgument: unknown option '--limt' (Did you mean --limit?)`).
      outputError: (text, write) =>
        write(
          text.replace(/^error: /, 'InvalidArgument: ').replace(/\n(\(Did you mean [^\n]*\))\n$/, ' $1\n'),
        ),
    });
  registerServeCommand(program, context);
  registerValidateCommand(program, context);
  registerOperationCommands(program, context);
  registerTaskCommands(program, context);
  registerWorkerCommand(program, context);
  registerGraphCommand(program, context);
  registerWatchCommand(program, context);
  registerLogsCommand(program, context);
  registerConsoleCommand(program, context);
  return program;
}

/** Options of `runCli` beyond its output (tests). */
export interface RunCliOptions {
  /** The fetch the API clients use (default the global one). */
  fetch?: typeof fetch;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name).
 * @returns the exit code; usage errors (already explained on stderr by commander) give `Usage`.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  options: RunCliOptions = {},
): Promise<ExitCode> {
  let code = ExitCode.Success;
  const context: CommandContext = {
    io,
    exit: (next) => {
      code = worstExitCode(code, next);
    },
    client: (endpoint) =>
      new FlowbackClient({ endpoint, ...(options.fetch !== undefined ? { fetch: options.fetch } : {}) }),
  };
  try {
    await buildProgram(context).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    throw error;
  }
  return code;
}

/** Entry point of `bin/flowback.mjs`: runs the CLI and sets the process exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  quietBrokenPipes();
  process.exitCode = await runCli(argv);
}
