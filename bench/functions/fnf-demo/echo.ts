// The seed example's function for the benchmarks: returns its input, like examples/functions/fnf-demo/echo.js,
// and hands the task token to the benchmark (in this process) so that it can report without polling.
import { tokenChannel } from '../../support/channel.ts';

/** Returns the event unchanged after handing its `taskToken` to the benchmark. */
export function handler(
  event: { taskToken?: string },
  context: { executionKey: { executionName: string } },
): unknown {
  if (typeof event.taskToken === 'string')
    tokenChannel.deliver(context.executionKey.executionName, event.taskToken);
  return event;
}
