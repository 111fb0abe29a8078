/**
 * Issue 14: how long the web console takes to open a big execution in Debian's chromium — an
 * execution of at least 25,000 history events and a foreach of 1,000 calls — from the page's address
 * to the graph coloured by the whole history, its step table counted, and the latest events shown
 * (`data-history-read` and `data-graph-ready`). Aim: under 2 s each, locally.
 */
import { launch, newContext } from '../../test/browser/browser.ts';
import { startBenchRuntime } from '../support/local-bench.ts';
import { median, round } from '../support/stats.ts';

/** Items of the pass-step foreach: 4 events each (iteration and step, entered and exited). */
const BIG_HISTORY_ITEMS = 6_250;
/** Items of the foreach of calls. */
const FOREACH_ITEMS = 1_000;

const PASS_FOREACH = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: pass
        name: touch
`;

const CALL_FOREACH = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: call
        resourceArn: acs:fc:::services/fnf-demo/functions/echo
`;

/** One execution's measurements. */
export interface RenderRun {
  events: number;
  /** Address to the status shown (the execution read). */
  firstMs: { median: number; max: number };
  /** Address to the graph coloured by the whole history. */
  fullMs: { median: number; max: number };
}

/** Opens `url` `runs` times, each in a fresh page, and measures both moments. */
async function measure(
  context: Awaited<ReturnType<typeof newContext>>,
  url: string,
  runs: number,
): Promise<{ first: number[]; full: number[] }> {
  const first: number[] = [];
  const full: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    const began = performance.now();
    await page.goto(url);
    await page.locator('.execution[data-status]').waitFor();
    first.push(performance.now() - began);
    await page
      .locator('.execution[data-history-read="true"][data-graph-ready="true"] .graph-svg svg')
      .waitFor();
    full.push(performance.now() - began);
    await page.close();
  }
  return { first, full };
}

/** Runs the benchmark: `runs` openings of each execution. */
export async function consoleRender(runs: number): Promise<Record<string, RenderRun>> {
  const bench = await startBenchRuntime({ big_history: PASS_FOREACH, call_foreach: CALL_FOREACH });
  const browser = await launch();
  try {
    const cases = {
      events25k: { flow: 'big_history', items: BIG_HISTORY_ITEMS },
      foreach1000: { flow: 'call_foreach', items: FOREACH_ITEMS },
    };
    const results: Record<string, RenderRun> = {};
    const context = await newContext(browser);
    for (const [name, { flow, items }] of Object.entries(cases)) {
      const key = { flowName: flow, executionName: name };
      await bench.client.startExecution({
        flowName: flow,
        executionName: name,
        input: { items: Array.from({ length: items }, (_, i) => i) },
      });
      // Waited for only while it runs: an execution that already ended wakes no waiter.
      let last = await bench.client.describeExecution(key);
      while (last.status === 'Running') {
        await bench.ended(key, 5_000);
        last = await bench.client.describeExecution(key);
      }
      if (last.status !== 'Succeeded') throw new Error(`${name} ended ${last.status}`);
      let events = 0;
      let nextToken: string | undefined;
      do {
        const page = await bench.client.getExecutionHistory({
          ...key,
          limit: 1000,
          ...(nextToken ? { nextToken } : {}),
        });
        events += page.events.length;
        nextToken = page.nextToken;
      } while (nextToken);
      const { first, full } = await measure(
        context,
        `${bench.local.apiUrl}/console/flows/${flow}/executions/${name}`,
        runs,
      );
      results[name] = {
        events,
        firstMs: { median: round(median(first)), max: round(Math.max(...first)) },
        fullMs: { median: round(median(full)), max: round(Math.max(...full)) },
      };
      process.stderr.write(`  ${name}: ${JSON.stringify(results[name])}\n`);
    }
    return results;
  } finally {
    await browser.close();
    await bench.stop();
  }
}
