/**
 * Scenarios through the public API alone, for any endpoint: the local runtime in the integration
 * suite, and a deployed stack with `npm run test:deployed -- --endpoint URL` (signed with SigV4). They
 * need only the shipped examples' function `fnf-demo/echo` (deploy with
 * `-c functionsDir=examples/functions`), name everything they create with a fresh prefix, and delete
 * it afterwards (flows deleted, executions left running stopped).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type FlowbackClient, FlowbackError } from '../../lib/client/index.ts';
import { SEED_EVENT_TYPES, SEED_FLOW } from '../support/seed-flow.ts';

/** What the scenarios run against. */
export interface ScenarioTarget {
  client: FlowbackClient;
}

/** How long a scenario waits for an execution to get somewhere (a bound, not a measurement). */
const PATIENCE_MS = 60_000;

/** Polls `probe` until it gives a value, for at most `PATIENCE_MS`. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + PATIENCE_MS;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) assert.fail(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Asserts that `promise` rejects with the API error `code`. */
async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FlowbackError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

/** Runs the scenarios against `target()` (called once the suite runs). */
export function describeApiScenarios(title: string, target: () => ScenarioTarget): void {
  const prefix = `scn-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-`;
  const flows = new Set<string>();
  const executions: { flowName: string; executionName: string }[] = [];
  const client = (): FlowbackClient => target().client;

  /** Creates the seed flow under a fresh name. */
  async function seedFlow(suffix: string): Promise<string> {
    const name = `${prefix}${suffix}`;
    await client().createFlow({ name, definition: SEED_FLOW });
    flows.add(name);
    return name;
  }

  /** Starts an execution of `flowName` and waits for its task token (shown on `TaskSubmitted`). */
  async function startWaiting(flowName: string, executionName: string): Promise<string> {
    const key = { flowName, executionName };
    await client().startExecution({ ...key, input: {} });
    executions.push(key);
    return eventually(`the task token of ${executionName}`, async () => {
      const { events } = await client().getExecutionHistory({ ...key, limit: 100 });
      const submitted = events.find((event) => event.type === 'TaskSubmitted');
      const token = submitted?.detail.taskToken;
      return typeof token === 'string' ? token : undefined;
    });
  }

  /** Waits until the execution has ended; its view. */
  function ended(flowName: string, executionName: string) {
    return eventually(`the end of ${executionName}`, async () => {
      const view = await client().describeExecution({ flowName, executionName, waitTimeSeconds: 5 });
      return view.status === 'Running' ? undefined : view;
    });
  }

  describe(title, () => {
    after(async () => {
      for (const key of executions)
        await client()
          .stopExecution({ ...key, error: 'Cleanup' })
          .catch(() => {});
      for (const name of flows)
        await client()
          .deleteFlow({ name })
          .catch(() => {});
    });

    it('runs the seed example: token on TaskSubmitted, ReportTaskSucceeded, Succeeded in seven events', async () => {
      const flowName = await seedFlow('seed');
      const token = await startWaiting(flowName, 'run1');
      const answer = await client().reportTaskSucceeded({ taskToken: token, output: { status: 'ok' } });
      assert.equal(typeof answer.eventId, 'number');
      const view = await ended(flowName, 'run1');
      assert.equal(view.status, 'Succeeded');
      assert.deepEqual(view.output, { s: 'ok' });
      const { events } = await client().getExecutionHistory({ flowName, executionName: 'run1', limit: 100 });
      assert.deepEqual(
        events.map((event) => event.type),
        SEED_EVENT_TYPES,
      );
      assert.deepEqual(
        events.map((event) => event.eventId),
        SEED_EVENT_TYPES.map((_, index) => index + 1),
      );
      // The same report again gets the same answer.
      assert.deepEqual(
        await client().reportTaskSucceeded({ taskToken: token, output: { status: 'ok' } }),
        answer,
      );
    });

    it('fails the execution with the error and cause of ReportTaskFailed', async () => {
      const flowName = await seedFlow('fail');
      const token = await startWaiting(flowName, 'run1');
      await client().reportTaskFailed({ taskToken: token, error: 'Rejected', cause: 'by the scenario' });
      const view = await ended(flowName, 'run1');
      assert.equal(view.status, 'Failed');
      assert.equal(view.error, 'Rejected');
      assert.equal(view.cause, 'by the scenario');
    });

    it('lists a waiting task and takes its report by task id', async () => {
      const flowName = await seedFlow('tasks');
      await startWaiting(flowName, 'run1');
      const task = await eventually('the waiting task', async () => {
        const { tasks } = await client().listTasks({ flowName, status: 'waiting' });
        return tasks.find((candidate) => candidate.executionName === 'run1');
      });
      assert.equal(task.stepName, 'mytask');
      await client().reportTaskSucceededById({ taskId: task.taskId, output: { status: 'by id' } });
      const view = await ended(flowName, 'run1');
      assert.deepEqual([view.status, view.output], ['Succeeded', { s: 'by id' }]);
    });

    it('stops a waiting execution, after which its token is refused as already completed', async () => {
      const flowName = await seedFlow('stop');
      const token = await startWaiting(flowName, 'run1');
      await client().stopExecution({ flowName, executionName: 'run1', error: 'Halt', cause: 'scenario' });
      const view = await ended(flowName, 'run1');
      assert.deepEqual([view.status, view.error], ['Stopped', 'Halt']);
      await rejectsWith(
        client().reportTaskSucceeded({ taskToken: token, output: {} }),
        'TaskAlreadyCompleted',
      );
    });

    it('refuses an invalid definition with every problem, and creates nothing', async () => {
      const name = `${prefix}bad`;
      const definition =
        'version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n  - type: nope\n    name: t\n';
      await assert.rejects(client().createFlow({ name, definition }), (error: unknown) => {
        assert.ok(error instanceof FlowbackError);
        assert.equal(error.status, 400);
        // All three problems at once, each with its line.
        assert.equal(error.issues?.length, 3, error.message);
        assert.ok(error.issues?.every((issue) => issue.line > 0));
        return true;
      });
      await rejectsWith(client().describeFlow({ name }), 'FlowNotExists');
    });

    it('answers an unknown token TaskNotExists', async () => {
      await rejectsWith(
        client().reportTaskSucceeded({ taskToken: `unknown-${prefix}`.padEnd(43, 'x'), output: {} }),
        'TaskNotExists',
      );
    });
  });
}
