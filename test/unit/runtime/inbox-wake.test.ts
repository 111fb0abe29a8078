/**
 * Reports on one busy execution wait in its inbox for a drainer. A report whose drainer runs in the
 * same process is woken by the commit that applies it (`LocalDrains`), instead of looking at its
 * token again and again: each look is a store request (on the local runtime over dynalite, a fan-out
 * of 1,000 went from 4.8 token reads per report to 2.0; `npm run bench`, fanout).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalDrains } from '../../../lib/runtime/waiters.ts';
import { createFlow, foreachFlow, setup, start } from './runtime-helpers.ts';

const REPORTS = 300;

/** How long each commit takes here, in ms of real time. */
const COMMIT_MS = 10;

const FLOW = foreachFlow(
  `        name: job
        resourceArn: acs:fc:::services/svc/functions/fn
        pattern: waitForCallback
        inputMappings:
          - target: taskToken
            source: $context.task.token
`,
  1000,
);

describe('reports at once on one busy execution', () => {
  it(`answer ${REPORTS} reports with their events, reading each token about twice`, async (t) => {
    const m = setup({ functions: { 'svc/fn': () => ({}) } });
    await createFlow(m, 'wide', FLOW);
    await start(m, 'wide', 'e', { items: Array.from({ length: REPORTS }, (_, n) => n) });
    const handed = m.invoker.calls.map((call) => String((call.event as { taskToken?: string }).taskToken));
    assert.equal(handed.length, REPORTS);
    // Commits that take a while, as over a network: the drainer holds its lease for many turns.
    const commit = m.stores.executions.commit.bind(m.stores.executions);
    m.stores.executions.commit = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, COMMIT_MS));
      return commit(...args);
    };
    // Count what the reports read, from here on.
    let reads = 0;
    const get = m.stores.tokens.get.bind(m.stores.tokens);
    m.stores.tokens.get = (hash) => {
      reads += 1;
      return get(hash);
    };
    const answers = await Promise.all(
      handed.map((taskToken, n) => m.operations.reportTaskSucceeded({ taskToken, output: { n } })),
    );
    await m.drain();
    t.diagnostic(`${reads} token reads for ${REPORTS} reports`);
    assert.equal(answers.length, REPORTS);
    const described = await m.operations.describeExecution({ flowName: 'wide', executionName: 'e' });
    assert.equal(described.status, 'Succeeded');
    assert.deepEqual(
      answers.filter((answer) => answer.eventId === undefined),
      [],
      'every report answered with its event',
    );
    // One lookup and one look at the answer each; looking on every turn, it was ~25 each.
    assert.ok(reads <= REPORTS * 2.5, `${reads} token reads`);
  });
});

describe('LocalDrains', () => {
  /** Resolves to what settled first: the wait, or a 5 s guard (a wake that never comes). */
  function settled(wait: Promise<void>): Promise<'woken' | 'guard'> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<'guard'>((resolve) => {
      timer = setTimeout(() => resolve('guard'), 5000);
    });
    return Promise.race([wait.then(() => 'woken' as const), guard]).finally(() => clearTimeout(timer));
  }

  it('wakes a waiting entry when a commit of this process applied it, and no other', async () => {
    const drains = new LocalDrains();
    drains.enter('d1');
    assert.equal(drains.isLocal('d1'), true);
    const mine = drains.wait('entry-1', 'd1', 60_000);
    const other = drains.wait('entry-2', 'd1', 60_000);
    drains.applied('entry-1');
    assert.equal(await settled(mine), 'woken');
    // The other entry still waits (it would be woken by its own commit or its drainer leaving).
    drains.leave('d1');
    assert.equal(await settled(other), 'woken');
    assert.equal(drains.isLocal('d1'), false);
  });

  it('wakes the waiters of a drainer when it leaves, and ends a wait at its pause or its time', async () => {
    const drains = new LocalDrains();
    const paused = drains.wait('e', 'elsewhere', 60_000, Promise.resolve());
    assert.equal(await settled(paused), 'woken');
    const timed = drains.wait('e', 'elsewhere', 1);
    assert.equal(await settled(timed), 'woken');
  });
});
