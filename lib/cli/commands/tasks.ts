/**
 * `flowback list-tasks` and `flowback describe-task`: the tasks that wait (or have ended) across every
 * execution, oldest first — a table on a terminal (age, deadline, flow/execution/step, task id), JSON
 * when piped or with `--format json`. `--older-than 1h` answers "which callbacks look lost?".
 */
import type { Command } from 'commander';
import type { TaskView } from '../../runtime/operations/task-views.ts';
import type { CommandContext } from '../context.ts';
import { ArgumentError, integerArgument } from '../json-argument.ts';
import { addRequiredOption } from '../required-options.ts';
import { endpointOption, runOperation } from './operations.ts';

/** Seconds per unit of a duration (`90s`, `30m`, `1h`, `2d`, `1h30m`). */
const UNITS: Record<string, number> = { d: 86_400, h: 3600, m: 60, s: 1 };

/** A duration such as `1h`, `90m`, `1d12h` or `600` (seconds), in seconds. */
export function durationSeconds(option: string, text: string): number {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(text.trim());
  if (match === null || text.trim() === '') {
    throw new ArgumentError(
      `${option}: expected a duration such as 90s, 30m, 1h or 2d, got ${JSON.stringify(text)}`,
    );
  }
  const [, d, h, m, s] = match;
  return [d, h, m, s].reduce<number>(
    (sum, part, index) => sum + Number(part ?? 0) * (Object.values(UNITS)[index] ?? 0),
    0,
  );
}

/** `3d 4h`, `5h 0m`, `12m 5s`, `42s`: the largest unit and the next one. */
export function shortDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const counts = Object.entries(UNITS).map(([unit, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return `${count}${unit}`;
  });
  const first = counts.findIndex((count) => !count.startsWith('0'));
  return first === -1 ? '0s' : counts.slice(first, first + 2).join(' ');
}

/** The deadline column: the sooner of the task's deadline and its heartbeat deadline, relative to now. */
function deadlineCell(task: TaskView, now: number): string {
  const times = [task.deadline, task.heartbeatDeadline].flatMap((time) =>
    time === undefined ? [] : [Date.parse(time)],
  );
  if (task.status === 'ended') return task.outcome ?? 'ended';
  if (times.length === 0) return '-';
  const at = Math.min(...times);
  return at >= now ? `in ${shortDuration((at - now) / 1000)}` : `overdue ${shortDuration((now - at) / 1000)}`;
}

/** The table of a page of tasks, one line each, columns padded. */
export function taskTable(tasks: readonly TaskView[], now: number, nextToken?: string): string {
  const rows = [
    ['AGE', 'DEADLINE', 'FLOW/EXECUTION/STEP', 'TASK ID'],
    ...tasks.map((task) => [
      shortDuration((now - Date.parse(task.scheduledTime)) / 1000),
      deadlineCell(task, now),
      `${task.flowName}/${task.executionName}/${task.stepName}`,
      task.taskId,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  if (tasks.length === 0) lines.push('(no tasks)');
  if (nextToken !== undefined) lines.push(`more: --next-token ${nextToken}`);
  return `${lines.join('\n')}\n`;
}

/** Options of `list-tasks` (commander's camelCase names). */
interface ListOptions {
  endpoint: string;
  status?: string;
  flowName?: string;
  stepName?: string;
  olderThan?: string;
  limit?: string;
  nextToken?: string;
  format?: string;
}

/** Adds `list-tasks` and `describe-task`. */
export function registerTaskCommands(program: Command, context: CommandContext): void {
  program
    .command('list-tasks')
    .description('the tasks that wait for a callback (or have ended), oldest first, across every execution')
    .addOption(endpointOption())
    .option('--status <status>', 'waiting (default) or ended')
    .option('--flow-name <name>', 'only the tasks of this flow')
    .option('--step-name <name>', 'only the tasks of steps of this name')
    .option('--older-than <duration>', 'only the tasks scheduled at least this long ago (90s, 30m, 1h, 2d)')
    .option('--limit <n>', 'tasks per page, 1-1000 (default 100)')
    .option('--next-token <token>', 'the nextToken of the previous page')
    .option('--format <format>', 'table (the default on a terminal) or json (the default when piped)')
    .action(async (options: ListOptions) => {
      await runOperation(
        context,
        async () => {
          if (options.format !== undefined && options.format !== 'table' && options.format !== 'json')
            throw new ArgumentError(
              `--format: expected table or json, got ${JSON.stringify(options.format)}`,
            );
          if (options.status !== undefined && options.status !== 'waiting' && options.status !== 'ended')
            throw new ArgumentError(
              `--status: expected waiting or ended, got ${JSON.stringify(options.status)}`,
            );
          return context.client(options.endpoint).listTasks({
            ...(options.status !== undefined ? { status: options.status } : {}),
            ...(options.flowName !== undefined ? { flowName: options.flowName } : {}),
            ...(options.stepName !== undefined ? { stepName: options.stepName } : {}),
            ...(options.olderThan !== undefined
              ? { olderThanSeconds: durationSeconds('--older-than', options.olderThan) }
              : {}),
            ...(options.limit !== undefined
              ? { limit: integerArgument('--limit', options.limit, 1, 1000) }
              : {}),
            ...(options.nextToken !== undefined ? { nextToken: options.nextToken } : {}),
          });
        },
        (answer) =>
          (options.format ?? (context.io.isTty ? 'table' : 'json')) === 'table'
            ? taskTable(answer.tasks, Date.now(), answer.nextToken)
            : `${JSON.stringify(answer, null, 2)}\n`,
      );
    });
  const describe = program
    .command('describe-task')
    .description('one task by its id (from list-tasks, watch or DescribeExecution), waiting or ended')
    .addOption(endpointOption());
  addRequiredOption(describe, '--task-id <id>', 'the task id');
  describe.action(async (options: { endpoint: string; taskId: string }) => {
    await runOperation(context, () =>
      context.client(options.endpoint).describeTask({ taskId: options.taskId }),
    );
  });
}
