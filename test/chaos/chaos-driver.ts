/**
 * The clients of the chaos suite: a planned mix of executions (seeded, so that a run can be repeated),
 * starters and report workers that keep going across the server's deaths — every request is retried on
 * a connection error, reports go through the queue worker's own `sendReport` (retries on no answer,
 * 5xx and `TaskInvalidState`) — and what each execution was told, for the checks at the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowbackClient } from '../../lib/client/index.ts';
import { sendReport } from '../../lib/worker/send-report.ts';
import { failed, type TaskOutcome } from '../../lib/worker/task-outcome.ts';
import { type Answer, call, type EventView } from '../integration/local/local-helpers.ts';

/** Seconds a `timed` task waits for its callback. */
export const TASK_TIMEOUT_S = 25;
/** Seconds of the `paused` flow's wait step. */
export const WAIT_S = 15;

/** The callback task of the seed example, with extra fields; the output is `{s: status}`. */
function callbackTask(extra: string): string {
  return `  - type: task
    name: mytask
    resourceArn: acs:fc:::services/fnf-demo/functions/echo
    pattern: waitForCallback
${extra}    inputMappings:
      - target: taskToken
        source: $context.task.token
    outputMappings:
      - target: s
        source: $local.status
`;
}

/** The flows besides the seed's own (copied from examples/flows). */
export const CHAOS_FLOWS: Record<string, string> = {
  timed: `version: v1\ntype: flow\nsteps:\n${callbackTask(`    timeoutSeconds: ${TASK_TIMEOUT_S}\n`)}`,
  paused: `version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: pause\n    duration: ${WAIT_S}\n${callbackTask('')}`,
};

/**
 * What happens to an execution: reported succeeded or failed (seed flow), never reported (times out),
 * reported around its deadline (`late`: the answer decides), or reported after a wait step.
 */
export type Kind = 'succeed' | 'fail' | 'timeout' | 'late' | 'wait';

/** The flow and how many executions of each kind (500 in all). */
export const MIX: readonly { kind: Kind; flow: string; count: number }[] = [
  { kind: 'succeed', flow: 'fnf-demo-callback', count: 330 },
  { kind: 'fail', flow: 'fnf-demo-callback', count: 50 },
  { kind: 'timeout', flow: 'timed', count: 40 },
  { kind: 'late', flow: 'timed', count: 30 },
  { kind: 'wait', flow: 'paused', count: 50 },
];

/** A history event with its time. */
type TimedEvent = EventView & { time: string };

/** One planned execution and what its clients saw. */
export interface Planned {
  name: string;
  flow: string;
  kind: Kind;
  /** `late`: ms from the deadline at which the report is sent (may be negative). */
  offsetMs: number;
  /** When its start was answered (epoch ms). */
  startedAt?: number;
  /** The final answer to its report. */
  answer?: Answer;
}

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 500 executions in a random order. */
export function plan(random: () => number): Planned[] {
  const all: Planned[] = MIX.flatMap(({ kind, flow, count }) =>
    Array.from({ length: count }, (_, index) => ({
      name: `${kind}-${index}`,
      flow,
      kind,
      offsetMs: kind === 'late' ? Math.round(-3000 + random() * 3500) : 0,
    })),
  );
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as Planned, all[i] as Planned];
  }
  return all;
}

/** At most `limit` holders at once. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.#free = limit;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}

/** Starts and reports every planned execution against `apiUrl`, surviving the server's deaths. */
export class ChaosClients {
  startsAnswered = 0;
  reportsAnswered = 0;
  /** Every 5xx answer (there must be none) and anything else unexpected. */
  readonly problems: string[] = [];
  readonly #slots = new Semaphore(20);

  constructor(
    readonly apiUrl: string,
    readonly executions: readonly Planned[],
  ) {}

  /** Runs every execution's client to its end (its start answered, its report answered). */
  run(): Promise<void> {
    return Promise.all(this.executions.map((execution) => this.#drive(execution))).then(() => {});
  }

  /** One request, repeated while the server cannot be reached (it is being killed or restarted). */
  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    for (;;) {
      try {
        const answer = await this.#slots.run(() => call(this.apiUrl, method, path, body));
        if (answer.status < 500) return answer;
        this.problems.push(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      } catch {
        // No answer: connection refused or reset while the server dies.
      }
      await sleep(100);
    }
  }

  async #drive(execution: Planned): Promise<void> {
    const started = await this.call('POST', `/flows/${execution.flow}/executions`, {
      executionName: execution.name,
    });
    if (started.status !== 201 && started.status !== 200) {
      this.problems.push(`start ${execution.name}: ${started.status} ${JSON.stringify(started.body)}`);
    }
    execution.startedAt = Date.now();
    this.startsAnswered += 1;
    if (execution.kind === 'timeout') return;
    const submitted = await this.#submitted(execution);
    if (execution.kind === 'late') {
      const deadline = Date.parse(submitted.scheduled.time) + TASK_TIMEOUT_S * 1000;
      await sleep(Math.max(0, deadline + execution.offsetMs - Date.now()));
    }
    const outcome: TaskOutcome =
      execution.kind === 'fail'
        ? failed('Chaos.Failed', execution.name)
        : { kind: 'succeeded', output: JSON.stringify({ status: execution.name }) };
    execution.answer = await this.#report(String(submitted.token), outcome);
    this.reportsAnswered += 1;
  }

  /** The token and `TaskScheduled` event of the execution's task, once it is submitted. */
  async #submitted(execution: Planned): Promise<{ token: unknown; scheduled: TimedEvent }> {
    for (;;) {
      const answer = await this.call('GET', `/flows/${execution.flow}/executions/${execution.name}/history`);
      const events = (answer.body.events ?? []) as TimedEvent[];
      const token = events.find((event) => event.type === 'TaskSubmitted')?.detail.taskToken;
      const scheduled = events.find((event) => event.type === 'TaskScheduled');
      if (token !== undefined && scheduled !== undefined) return { token, scheduled };
      await sleep(execution.kind === 'wait' ? 1000 : 250);
    }
  }

  /** Reports as the queue worker does; the last answer the API gave is the one that counts. */
  async #report(token: string, outcome: TaskOutcome): Promise<Answer> {
    let last: Answer | undefined;
    const recording: typeof fetch = async (url, init) => {
      const response = await this.#slots.run(() => fetch(url, init));
      const text = await response.text();
      last = { status: response.status, body: text === '' ? {} : JSON.parse(text) };
      if (response.status >= 500) this.problems.push(`report: ${response.status} ${text}`);
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const client = new FlowbackClient({ endpoint: this.apiUrl, fetch: recording });
    for (;;) {
      last = undefined;
      const fate = await sendReport(client, token, outcome, { attempts: 8, backoffMs: 100 });
      if (fate === 'done' && last !== undefined) return last;
      await sleep(500);
    }
  }
}
