import type { Command } from 'commander';
import type { FlowbackClient } from '../../client/index.ts';
import type { LogView } from '../../runtime/operations/log-operations.ts';
import type { CommandContext } from '../context.ts';
import { ArgumentError } from '../json-argument.ts';
import { endpointOption, runOperation } from './operations.ts';

/** Entries asked for per page (the API's largest page). */
const PAGE_LIMIT = 1000;

/** How entries are printed. */
type LogsFormat = 'text' | 'json';

/** One entry as a readable line: `TIME LEVEL step=S call=C message`, a stack's lines indented. */
export function logLine(entry: LogView): string {
  const message = entry.message.replace(/\n/g, '\n    ');
  return `${entry.time} ${entry.level} step=${entry.stepName} call=${entry.callId} ${message}`;
}

/** Prints every log entry of an execution, oldest first, page after page. @returns how many. */
export async function printLogs(
  context: CommandContext,
  client: FlowbackClient,
  flowName: string,
  executionName: string,
  format: LogsFormat,
): Promise<number> {
  let printed = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.getExecutionLogs({
      flowName,
      executionName,
      limit: PAGE_LIMIT,
      ...(nextToken !== undefined ? { nextToken } : {}),
    });
    for (const entry of page.logs) {
      context.io.out(`${format === 'json' ? JSON.stringify(entry) : logLine(entry)}\n`);
    }
    printed += page.logs.length;
    nextToken = page.nextToken;
  } while (nextToken !== undefined && context.io.outputClosed?.() !== true);
  return printed;
}

/** Adds `logs FLOW EXECUTION`: what the execution's functions logged (the local runtime keeps it). */
export function registerLogsCommand(program: Command, context: CommandContext): void {
  program
    .command('logs')
    .description("print what an execution's functions logged, with step and call id (local runtime)")
    .argument('<FLOW>', 'the flow name')
    .argument('<EXECUTION>', 'the execution name')
    .option('--format <text|json>', 'readable lines, or one JSON object per line', 'text')
    .addOption(endpointOption())
    .action(
      async (flowName: string, executionName: string, options: { endpoint: string; format: string }) => {
        const client = context.client(options.endpoint);
        await runOperation(
          context,
          async () => {
            if (options.format !== 'text' && options.format !== 'json') {
              throw new ArgumentError(
                `--format: expected text or json, got ${JSON.stringify(options.format)}`,
              );
            }
            return printLogs(context, client, flowName, executionName, options.format);
          },
          () => '',
        );
      },
    );
}
