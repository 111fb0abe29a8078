import type { Command } from 'commander';
import type { FlowbackClient } from '../../client/index.ts';
import { taskIdOf } from '../../engine/task-id.ts';
import type { HistoryEvent } from '../../engine/types.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { describeEvent, nextDeadline, waitingTasks } from '../watch/describe-event.ts';
import { fullHistory } from './graph.ts';
import { endpointOption, runOperation } from './operations.ts';

/** How often the history is read while watching. */
const POLL_MS = 500;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** `HH:MM:SS.mmm` of an event time. */
function clock(time: string): string {
  return time.slice(11, 23);
}

/**
 * The live status line of a terminal: what the execution waits for, each task with a countdown to
 * the deadline that comes first (its timeout, or its heartbeat timeout).
 */
export function statusLine(events: readonly HistoryEvent[], now: number, tick: number): string {
  const waiting = waitingTasks(events).map((task) => {
    const next = nextDeadline(task, now);
    if (next === undefined) return task.step;
    const seconds = Math.max(0, Math.ceil((next.at - now) / 1000));
    return next.kind === 'timeout'
      ? `${task.step} (times out in ${seconds} s)`
      : `${task.step} (heartbeat timeout in ${seconds} s)`;
  });
  const what = waiting.length > 0 ? `waiting for ${waiting.join(', ')}` : 'running';
  return `${SPINNER[tick % SPINNER.length]} ${what}`;
}

/**
 * Follows an execution until it ends: one line per step entered and exited, each task waiting for a
 * callback with its token, and (on a terminal) a status line with timers counting down.
 * @returns the final status.
 */
export async function watchExecution(
  context: CommandContext,
  client: FlowbackClient,
  flowName: string,
  executionName: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<string> {
  const { io } = context;
  let printed = 0;
  let tick = 0;
  let status = 'Running';
  let events: HistoryEvent[] = [];
  while (status === 'Running') {
    const execution = await client.describeExecution({ flowName, executionName });
    status = execution.status;
    const started = Date.parse(execution.startedTime);
    const idOf = (scheduleEventId: number) => taskIdOf(flowName, executionName, started, scheduleEventId);
    events = await fullHistory(client, flowName, executionName);
    if (io.isTty) io.out('\r\x1b[K');
    for (const event of events.slice(printed)) {
      const line = describeEvent(event, idOf);
      if (line !== undefined) io.out(`${clock(event.time)} ${line}\n`);
    }
    printed = events.length;
    // Nobody reads on (`| head`): stop following.
    if (status !== 'Running' || io.outputClosed?.() === true) break;
    if (io.isTty) io.out(statusLine(events, Date.now(), tick++));
    await sleep(POLL_MS);
  }
  return status;
}

/** Adds `watch FLOW EXECUTION`. Exit 0 when the execution succeeds, 1 when it ends otherwise. */
export function registerWatchCommand(program: Command, context: CommandContext): void {
  program
    .command('watch')
    .description('follow an execution until it ends (steps, callback tokens, timers)')
    .argument('<FLOW>', 'the flow name')
    .argument('<EXECUTION>', 'the execution name')
    .addOption(endpointOption())
    .action(async (flowName: string, executionName: string, options: { endpoint: string }) => {
      const client = context.client(options.endpoint);
      await runOperation(
        context,
        () => watchExecution(context, client, flowName, executionName),
        (status) => {
          if (status !== 'Succeeded') context.exit(ExitCode.Failure);
          return '';
        },
      );
    });
}
