/**
 * `throughput`: executions per second of the seed flow (start → callback → end), batches of
 * `BATCH` executions at a time for a fixed time, on (a) the engine over memory adapters in this process,
 * (b) the local runtime over HTTP (dynalite + fauxqs), (c) `@wmfs/statebox` running the equivalent ASL
 * machine in this process (a Task whose module waits for `sendTaskSuccess` — statebox's callback,
 * addressed by execution name as it has no task tokens).
 */
import Statebox from '@wmfs/statebox';
import { createMemoryRuntime } from '../../lib/adapters/memory/index.ts';
import { TokenChannel, tokenChannel } from '../support/channel.ts';
import { SEED_FLOW, SEED_FLOW_NAME } from '../support/flows.ts';
import { startBenchRuntime } from '../support/local-bench.ts';
import { round } from '../support/stats.ts';

/** Executions in flight at a time (in-process variants). */
export const BATCH = 100;

/** Concurrent clients of the HTTP variant. */
export const HTTP_CLIENTS = 16;

/** The results of this benchmark. */
export interface ThroughputResult {
  inProcess: number;
  localHttp: number;
  statebox: number;
  vsStatebox: number;
  executions: { inProcess: number; localHttp: number; statebox: number };
}

/** Runs `batch(offset)` repeatedly for about `durationMs`; executions per second. */
async function rate(
  durationMs: number,
  batch: (offset: number) => Promise<number>,
): Promise<{ perSecond: number; count: number }> {
  const began = performance.now();
  let count = 0;
  while (performance.now() - began < durationMs) count += await batch(count);
  return { perSecond: round(count / ((performance.now() - began) / 1000)), count };
}

/** (a) The engine on memory adapters. */
async function inProcess(durationMs: number): Promise<{ perSecond: number; count: number }> {
  const tokens = new Map<string, string>();
  const memory = createMemoryRuntime({
    functions: {
      'fnf-demo/echo': (event, context) => {
        tokens.set(context.executionKey.executionName, String((event as { taskToken: string }).taskToken));
        return event;
      },
    },
  });
  const { operations } = memory;
  await operations.createFlow({ name: SEED_FLOW_NAME, definition: SEED_FLOW });
  const measured = await rate(durationMs, async (offset) => {
    const names = Array.from({ length: BATCH }, (_, i) => `m${offset + i}`);
    await Promise.all(
      names.map((executionName) => operations.startExecution({ flowName: SEED_FLOW_NAME, executionName })),
    );
    await memory.drain();
    await Promise.all(
      names.map((name) =>
        operations.reportTaskSucceeded({ taskToken: tokens.get(name), output: { status: 'ok' } }),
      ),
    );
    return names.length;
  });
  // Checked after the clock stopped: every execution ended Succeeded.
  for (let i = 0; i < measured.count; i++) {
    const state = (await memory.stores.executions.load({ flowName: SEED_FLOW_NAME, executionName: `m${i}` }))
      ?.state;
    if (state?.status !== 'Succeeded') throw new Error(`inProcess: m${i} is ${state?.status}`);
  }
  return measured;
}

/** (b) The local runtime over HTTP: `HTTP_CLIENTS` clients each running executions one after another. */
async function localHttp(durationMs: number): Promise<{ perSecond: number; count: number }> {
  const bench = await startBenchRuntime({ [SEED_FLOW_NAME]: SEED_FLOW });
  tokenChannel.clear();
  try {
    let count = 0;
    const began = performance.now();
    const client = async (lane: number): Promise<void> => {
      for (let i = 0; performance.now() - began < durationMs; i++) {
        const executionName = `h${lane}-${i}`;
        await bench.client.startExecution({ flowName: SEED_FLOW_NAME, executionName });
        const taskToken = await tokenChannel.next(executionName);
        const answer = await bench.client.reportTaskSucceeded({ taskToken, output: { status: 'ok' } });
        // The report is applied inline and the seed flow ends right after the task: its answer carries
        // the event id once the execution has ended.
        if (answer.eventId === undefined)
          throw new Error(`localHttp: ${executionName}'s report was not applied`);
        count += 1;
      }
    };
    await Promise.all(Array.from({ length: HTTP_CLIENTS }, (_, lane) => client(lane)));
    const elapsed = (performance.now() - began) / 1000;
    const listed = await bench.client.listExecutions({
      flowName: SEED_FLOW_NAME,
      status: 'Running',
      limit: 10,
    });
    if (listed.executions.length > 0) throw new Error('localHttp: executions left running');
    return { perSecond: round(count / elapsed), count };
  } finally {
    await bench.stop();
  }
}

/** (c) statebox, in memory. */
async function statebox(durationMs: number): Promise<{ perSecond: number; count: number }> {
  const engine = new Statebox({ messages: { info: () => {}, warning: () => {} } });
  await engine.ready;
  // The module is run once the task is entered: the token channel hands its execution name over.
  const channel = new TokenChannel();
  engine.createModuleResources({
    echo: class {
      run(_input: unknown, context: Statebox.TaskContext): void {
        channel.deliver(context.executionName, context.executionName);
      }
    },
  });
  await engine.createStateMachines(
    {
      seed: {
        StartAt: 'mytask',
        States: { mytask: { Type: 'Task', Resource: 'module:echo', ResultPath: '$.s', End: true } },
      },
    },
    {},
  );
  return rate(durationMs, async () => {
    const runs = Array.from({ length: BATCH }, async () => {
      const started = await engine.startExecution({}, 'seed', {});
      await channel.next(started.executionName);
      await engine.sendTaskSuccess(started.executionName, 'ok');
      const ended = await engine.waitUntilStoppedRunning(started.executionName);
      if (ended.status !== 'SUCCEEDED')
        throw new Error(`statebox: ${started.executionName} is ${ended.status}`);
    });
    await Promise.all(runs);
    return BATCH;
  });
}

/** Runs the three variants, one after the other, `durationMs` each. */
export async function throughput(durationMs: number): Promise<ThroughputResult> {
  const a = await inProcess(durationMs);
  const b = await localHttp(durationMs);
  const c = await statebox(durationMs);
  return {
    inProcess: a.perSecond,
    localHttp: b.perSecond,
    statebox: c.perSecond,
    vsStatebox: round(a.perSecond / c.perSecond, 2),
    executions: { inProcess: a.count, localHttp: b.count, statebox: c.count },
  };
}
