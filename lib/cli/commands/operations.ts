import { type Command, Option } from 'commander';
import { type FlowbackClient, FlowbackError } from '../../client/index.ts';
import type { ExecutionStatus } from '../../engine/types.ts';
import { formatDefinitionIssue } from '../../fdl/format-issue.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { ArgumentError, fileArgument, integerArgument, jsonObjectArgument } from '../json-argument.ts';
import { addRequiredOption } from '../required-options.ts';
import { describeUntilEnd, waitLimit } from './describe-wait.ts';

/** Parsed options of an operation subcommand (commander's camelCase names; `true` for a bare flag). */
type Options = Record<string, string | undefined>;

/** One API operation as a subcommand: its options and how it calls the client. */
interface OperationSpec {
  name: string;
  description: string;
  /** `[flags, description]`; a flag with `<value>` in a `required` entry must be given. */
  required?: [string, string][];
  optional?: [string, string][];
  run(client: FlowbackClient, options: Options): Promise<unknown>;
  /** The exit code of an answer, when it is not always `Success`. */
  exitCodeOf?(answer: unknown, options: Options): ExitCode;
  /** The definition file the request sends, named on the lines of its `InvalidDefinition` issues. */
  definitionFile?(options: Options): string | undefined;
}

const FLOW = ['--flow-name <name>', 'the flow'] as [string, string];
const EXECUTION = ['--execution-name <name>', 'the execution'] as [string, string];
const TOKEN = ['--task-token <token>', 'the task token (from TaskSubmitted, or the task input)'] as [
  string,
  string,
];
const PAGING: [string, string][] = [
  ['--limit <n>', 'items per page, 1-1000'],
  ['--next-token <token>', 'the nextToken of the previous page'],
];

/** The value of a required option (commander has checked that it is there). */
function req(options: Options, key: string): string {
  return options[key] ?? '';
}

/** Paging options, validated. */
function paging(options: Options): { limit?: number; nextToken?: string } {
  return {
    ...(options.limit !== undefined ? { limit: integerArgument('--limit', options.limit, 1, 1000) } : {}),
    ...(options.nextToken !== undefined ? { nextToken: options.nextToken } : {}),
  };
}

/** Options that are given, as an object without the absent ones. */
function present(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Every operation of api.md, in its order. */
const OPERATIONS: OperationSpec[] = [
  {
    name: 'create-flow',
    description: 'create a flow from a definition file',
    required: [FLOW, ['--definition <file>', 'the FDL definition (YAML or JSON file)']],
    optional: [['--description <text>', 'a description']],
    run: (client, o) =>
      client.createFlow({
        name: req(o, 'flowName'),
        definition: fileArgument('--definition', req(o, 'definition')),
        ...present({ description: o.description }),
      }),
    definitionFile: (o) => o.definition,
  },
  {
    name: 'update-flow',
    description: 'change a flow (new executions use the new definition)',
    required: [FLOW],
    optional: [
      ['--definition <file>', 'the new FDL definition file'],
      ['--description <text>', 'the new description'],
    ],
    run: (client, o) =>
      client.updateFlow({
        name: req(o, 'flowName'),
        ...(o.definition !== undefined ? { definition: fileArgument('--definition', o.definition) } : {}),
        ...present({ description: o.description }),
      }),
    definitionFile: (o) => o.definition,
  },
  {
    name: 'describe-flow',
    description: 'show a flow',
    required: [FLOW],
    run: (client, o) => client.describeFlow({ name: req(o, 'flowName') }),
  },
  {
    name: 'list-flows',
    description: 'list flows',
    optional: PAGING,
    run: (client, o) => client.listFlows(paging(o)),
  },
  {
    name: 'delete-flow',
    description: 'delete a flow (running executions finish)',
    required: [FLOW],
    run: (client, o) => client.deleteFlow({ name: req(o, 'flowName') }),
  },
  {
    name: 'start-execution',
    description: 'start an execution of a flow',
    required: [FLOW],
    optional: [
      ['--execution-name <name>', 'the execution name (default: a UUID)'],
      ['--input <json>', 'the input: a JSON object, inline or @file.json'],
      ['--callback-task-token <token>', 'report the end of the execution to this task token'],
    ],
    run: (client, o) =>
      client.startExecution({
        flowName: req(o, 'flowName'),
        ...present({ executionName: o.executionName, callbackTaskToken: o.callbackTaskToken }),
        ...(o.input !== undefined ? { input: jsonObjectArgument('--input', o.input) } : {}),
      }),
  },
  {
    name: 'describe-execution',
    description: 'show an execution',
    required: [FLOW, EXECUTION],
    optional: [
      [
        '--wait [seconds]',
        'wait until the execution ends (at most SECONDS if given); exit 1 unless it Succeeded',
      ],
    ],
    run: (client, o) => {
      const key = { flowName: req(o, 'flowName'), executionName: req(o, 'executionName') };
      const wait = o.wait as string | boolean | undefined;
      return wait === undefined
        ? client.describeExecution(key)
        : describeUntilEnd(client, key, waitLimit(wait));
    },
    exitCodeOf: (answer, o) =>
      o.wait !== undefined && (answer as { status?: string }).status !== 'Succeeded'
        ? ExitCode.Failure
        : ExitCode.Success,
  },
  {
    name: 'list-executions',
    description: 'list the executions of a flow',
    required: [FLOW],
    optional: [['--status <status>', 'Running, Succeeded, Failed, TimedOut or Stopped'], ...PAGING],
    run: (client, o) =>
      client.listExecutions({
        flowName: req(o, 'flowName'),
        ...paging(o),
        ...(o.status !== undefined ? { status: o.status as ExecutionStatus } : {}),
      }),
  },
  {
    name: 'get-execution-history',
    description: 'list the history events of an execution',
    required: [FLOW, EXECUTION],
    optional: PAGING,
    run: (client, o) =>
      client.getExecutionHistory({
        flowName: req(o, 'flowName'),
        executionName: req(o, 'executionName'),
        ...paging(o),
      }),
  },
  {
    name: 'stop-execution',
    description: 'stop a running execution',
    required: [FLOW, EXECUTION],
    optional: [
      ['--error <error>', 'the error to record'],
      ['--cause <cause>', 'the cause to record'],
    ],
    run: (client, o) =>
      client.stopExecution({
        flowName: req(o, 'flowName'),
        executionName: req(o, 'executionName'),
        ...present({ error: o.error, cause: o.cause }),
      }),
  },
  {
    name: 'report-task-succeeded',
    description: 'complete a waiting task with an output',
    required: [TOKEN, ['--output <json>', 'the output: a JSON object, inline or @file.json']],
    run: (client, o) =>
      client.reportTaskSucceeded({
        taskToken: req(o, 'taskToken'),
        output: jsonObjectArgument('--output', req(o, 'output')),
      }),
  },
  {
    name: 'report-task-failed',
    description: 'fail a waiting task',
    required: [TOKEN, ['--error <error>', 'the error name (retry and catch match on it)']],
    optional: [['--cause <cause>', 'a description of the failure']],
    run: (client, o) =>
      client.reportTaskFailed({
        taskToken: req(o, 'taskToken'),
        error: req(o, 'error'),
        ...present({ cause: o.cause }),
      }),
  },
  {
    name: 'report-task-heartbeat',
    description: 'tell a waiting task that its worker is still alive',
    required: [TOKEN],
    run: (client, o) => client.reportTaskHeartbeat({ taskToken: req(o, 'taskToken') }),
  },
];

/** The option every operation takes: where the API is. */
export function endpointOption(): Option {
  return new Option('--endpoint <url>', 'the Flowback API (an execute-api URL is signed with SigV4)')
    .env('FLOWBACK_ENDPOINT')
    .default('http://127.0.0.1:8700');
}

/**
 * Registers one subcommand per API operation: JSON on stdout, `Code: message` on stderr. Required
 * options are checked after unknown ones (`addRequiredOption`).
 */
export function registerOperationCommands(program: Command, context: CommandContext): void {
  for (const spec of OPERATIONS) {
    const command = program.command(spec.name).description(spec.description).addOption(endpointOption());
    for (const [flags, text] of spec.required ?? []) addRequiredOption(command, flags, text);
    for (const [flags, text] of spec.optional ?? []) command.option(flags, text);
    command.action(async (options: Options) => {
      await runOperation(
        context,
        () => spec.run(context.client(req(options, 'endpoint')), options),
        (answer) => {
          if (spec.exitCodeOf !== undefined) context.exit(spec.exitCodeOf(answer, options));
          return asJson(answer);
        },
        spec.definitionFile?.(options),
      );
    });
  }
}

/** Pretty JSON, the default output of an operation. */
function asJson(answer: unknown): string {
  return `${JSON.stringify(answer, null, 2)}\n`;
}

/**
 * Runs one call: prints its answer (as JSON unless `format` says otherwise), or one line
 * `Code: message` on stderr and the matching exit code. The issues of an invalid definition follow,
 * one a line, as `flowback validate` prints them (`FILE:LINE:COLUMN path: message`, with
 * `definitionFile` as FILE).
 */
export async function runOperation<T>(
  context: CommandContext,
  call: () => Promise<T>,
  format: (answer: T) => string = asJson,
  definitionFile = 'definition',
): Promise<void> {
  try {
    const answer = await call();
    context.io.out(format(answer));
  } catch (error) {
    if (error instanceof ArgumentError) {
      context.io.err(`InvalidArgument: ${error.message}\n`);
      context.exit(ExitCode.Usage);
    } else if (error instanceof FlowbackError) {
      const issues = (error.issues ?? [])
        .map((issue) => `\n${formatDefinitionIssue(definitionFile, issue)}`)
        .join('');
      context.io.err(`${error.code}: ${error.message}${issues}\n`);
      context.exit(error.status === 0 ? ExitCode.Unavailable : ExitCode.Failure);
    } else {
      context.io.err(`InternalError: ${error instanceof Error ? error.message : String(error)}\n`);
      context.exit(ExitCode.Failure);
    }
  }
}
