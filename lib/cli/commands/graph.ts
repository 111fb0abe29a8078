import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { FlowbackClient } from '../../client/index.ts';
import type { HistoryEvent } from '../../engine/types.ts';
import { formatDefinitionIssue } from '../../fdl/format-issue.ts';
import { parseFlow } from '../../fdl/index.ts';
import { flowToMermaid } from '../../graph/mermaid.ts';
import { stepStates } from '../../graph/step-states.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { ArgumentError } from '../json-argument.ts';
import { endpointOption, runOperation } from './operations.ts';

/** Every history event of an execution, page by page. */
export async function fullHistory(
  client: FlowbackClient,
  flowName: string,
  executionName: string,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.getExecutionHistory({
      flowName,
      executionName,
      limit: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** Adds `graph FILE`: the flow as a Mermaid flowchart, optionally coloured by an execution's progress. */
export function registerGraphCommand(program: Command, context: CommandContext): void {
  program
    .command('graph')
    .description('print a flow definition as a Mermaid flowchart')
    .argument('<FILE>', 'the definition file (YAML or JSON)')
    .option('--execution <name>', 'colour each step by its state in this execution')
    .option('--flow-name <name>', 'the flow of --execution (default: the file name)')
    .addOption(endpointOption())
    .action(async (file: string, options: { execution?: string; flowName?: string; endpoint: string }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        context.io.err(`InvalidArgument: cannot read ${file}: ${(error as Error).message}\n`);
        context.exit(ExitCode.Usage);
        return;
      }
      const parsed = parseFlow(text);
      if (!parsed.ok) {
        for (const issue of parsed.issues) context.io.err(`${formatDefinitionIssue(file, issue)}\n`);
        context.exit(ExitCode.Failure);
        return;
      }
      const { execution } = options;
      if (execution === undefined) {
        context.io.out(flowToMermaid(parsed.definition));
        return;
      }
      const flowName = options.flowName ?? basename(file, extname(file));
      await runOperation(
        context,
        async () => {
          if (flowName === '')
            throw new ArgumentError('--flow-name: cannot tell the flow from the file name');
          const events = await fullHistory(context.client(options.endpoint), flowName, execution);
          return flowToMermaid(parsed.definition, stepStates(parsed.definition, events));
        },
        (chart) => chart,
      );
    });
}
