/**
 * `npm run bench`: every benchmark of issues 7 and 10 in one process, one after the other, then
 * `bench/results.json` and `bench/results.md`.
 *
 *   npm run bench                          all, full size (< 15 minutes on 2 cores)
 *   npm run bench -- --only throughput     one (or a comma-separated list), merged into the results
 *   npm run bench -- --quick               all, small sizes, written to bench/results.quick.{json,md}
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { bundles } from './benchmarks/bundles.ts';
import { callbackLatency } from './benchmarks/callback-latency.ts';
import { callbackVsPolling } from './benchmarks/callback-vs-polling.ts';
import { consoleRender } from './benchmarks/console-render.ts';
import { fanout } from './benchmarks/fanout.ts';
import { listTasks } from './benchmarks/list-tasks.ts';
import { requestsPerExecution } from './benchmarks/requests-per-execution.ts';
import { throughput } from './benchmarks/throughput.ts';
import { timerLateness } from './benchmarks/timer-lateness.ts';
import { renderMarkdown } from './report.ts';
import { checkAims } from './support/aims.ts';
import { PRICES } from './support/pricing.ts';
import { round } from './support/stats.ts';

/** A benchmark: runs at full or quick size, returns its keys of results.json. */
type Benchmark = (quick: boolean) => Promise<Record<string, unknown>>;

/** Every benchmark, in running order. */
const BENCHMARKS: Record<string, Benchmark> = {
  bundles: async (quick) => {
    const { bundleKb, coldInitMs, runs } = await bundles(quick ? 2 : 5);
    return { bundleKb, coldInitMs, bundleRuns: runs };
  },
  requestsPerExecution: async (quick) => ({ ...(await requestsPerExecution(quick ? 30 : 200)) }),
  throughput: async (quick) => ({ throughput: await throughput(quick ? 2000 : 10_000) }),
  callbackLatencyMs: async (quick) => ({
    callbackLatencyMs: await callbackLatency(quick ? 20 : 100, 10, quick ? 1000 : 10_000),
  }),
  timerLatenessMs: async (quick) => ({
    timerLatenessMs: await timerLateness(quick ? 100 : 1000, quick ? 10 : 60),
  }),
  callbackVsPolling: async (quick) => ({
    callbackVsPolling: await callbackVsPolling(
      quick ? { jobs: 20, minMs: 2000, maxMs: 12_000 } : { jobs: 100, minMs: 5000, maxMs: 60_000 },
    ),
  }),
  // Issue 10: one execution fanning out to N queue callbacks, 50 reporters. A run longer than its
  // limit (1 min quick; 2 min full, 8 min at N = 10,000, which takes 5–6) is cut off and reported as
  // it stood; the runs share a budget (4 min quick, 20 min full): the whole bench takes about 25.
  fanout: async (quick) => ({
    fanout: quick
      ? await fanout([10, 100, 1000], () => 60_000, 240_000)
      : await fanout([10, 100, 1000, 10_000], (items) => (items >= 10_000 ? 480_000 : 120_000), 1_200_000),
  }),
  // Issue 13: ListTasks with 10,000 waiting tasks across 1,000 executions; one approval round trip.
  listTasks: async (quick) => ({
    listTasks: quick ? await listTasks(100, 10, 20) : await listTasks(1000, 10, 200),
  }),
  // Issue 14: the web console opening an execution of 25,000 events and a foreach of 1,000, in chromium.
  consoleRender: async (quick) => ({ consoleRender: await consoleRender(quick ? 1 : 3) }),
};

/** Aliases accepted by --only. */
const ALIASES: Record<string, string> = {
  costPerMillion: 'requestsPerExecution',
  bundleKb: 'bundles',
  coldInitMs: 'bundles',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } },
  });
  const quick = values.quick ?? false;
  const selected =
    values.only === undefined
      ? Object.keys(BENCHMARKS)
      : values.only.split(',').map((name) => ALIASES[name.trim()] ?? name.trim());
  for (const name of selected)
    if (BENCHMARKS[name] === undefined)
      throw new Error(`unknown benchmark '${name}' (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const base = new URL(quick ? './results.quick' : './results', import.meta.url);
  const jsonFile = new URL(`${base.href}.json`);
  let results: Record<string, unknown> = {};
  if (values.only !== undefined)
    results = JSON.parse(await readFile(jsonFile, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  const began = performance.now();
  const timings: Record<string, number> = {};
  for (const name of selected) {
    process.stderr.write(`bench: ${name}…\n`);
    const t = performance.now();
    Object.assign(results, await BENCHMARKS[name]?.(quick));
    timings[name] = round((performance.now() - t) / 1000);
    process.stderr.write(`bench: ${name} done in ${timings[name]} s\n`);
  }
  const wallSeconds = round((performance.now() - began) / 1000);
  results.meta = {
    date: new Date().toISOString().slice(0, 10),
    node: process.versions.node,
    cpus: cpus().length,
    quick,
    wallSeconds,
    seconds: { ...((results.meta as { seconds?: object } | undefined)?.seconds ?? {}), ...timings },
    ...(values.only !== undefined ? { partial: selected } : {}),
  };
  results.prices = PRICES;
  results.aims = checkAims(results);
  await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(new URL(`${base.href}.md`), renderMarkdown(results));
  process.stderr.write(`bench: wrote ${jsonFile.pathname} in ${wallSeconds} s\n`);
}

await main();
