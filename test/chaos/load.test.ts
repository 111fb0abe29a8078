/**
 * Load: 50 concurrent clients for 30 s against `flowback serve --data DIR` (a child process), each
 * looping over a realistic mix — start a seed execution, read its history until its token shows,
 * report it, describe an execution or list a page of executions. Every answer must be the expected
 * one (no error, no 5xx), every reported execution must end Succeeded with its output, and memory must
 * stay flat after a 10 s warm-up: the child's RSS, sampled every 250 ms, may grow by at most
 * `MAX_GROWTH_MB` between the median of the first third and the median of the last third of the
 * samples (GC sawtooth does not move a median; the LevelDB iterators dynalite never closed grew it by
 * ~50 MB in this window), and its live heap after each full GC (`--trace-gc`) by at most
 * `MAX_HEAP_GROWTH_MB` from the first to the last full GC of that window.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Answer,
  call,
  SEED_FLOW_NAME,
  tempDir,
  waitForEnd,
} from '../integration/local/local-helpers.ts';
import { end, residentBytes, serve } from '../support/served.ts';

const CLIENTS = 50;
const DURATION_MS = Number(process.env.LOAD_MS ?? 30_000);
const WARM_UP_MS = 10_000;
/** Largest RSS growth allowed between the first and the last third of the measured samples. */
const MAX_GROWTH_MB = 40;
/** Largest growth of the live heap (after a full GC) from the first to the last full GC measured. */
const MAX_HEAP_GROWTH_MB = 16;

/** The live heap (MB) after each full GC of the main isolate in `--trace-gc` lines. */
function liveHeapAfterFullGcs(lines: readonly string[]): number[] {
  const gcs = lines
    .map((line) => /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) /.exec(line))
    .filter((match) => match !== null);
  const isolates = new Map<string, number>();
  for (const gc of gcs) isolates.set(gc[1] ?? '', (isolates.get(gc[1] ?? '') ?? 0) + 1);
  const main = [...isolates.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return gcs.filter((gc) => gc[1] === main).map((gc) => Number(gc[2]));
}

/** The median of `values`. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One client's executions: started (no token seen yet) and waiting (token known). */
interface Own {
  started: string[];
  waiting: { name: string; token: string }[];
  reported: string[];
}

/** Runs one client until `until`; returns the unexpected answers it got. */
async function client(
  apiUrl: string,
  id: number,
  until: number,
  counts: Record<string, number>,
): Promise<string[]> {
  const own: Own = { started: [], waiting: [], reported: [] };
  const errors: string[] = [];
  const expect = (what: string, answer: Answer, status: number): boolean => {
    counts[what] = (counts[what] ?? 0) + 1;
    if (answer.status === status) return true;
    errors.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return false;
  };
  const flow = `/flows/${SEED_FLOW_NAME}/executions`;
  for (let turn = 0; Date.now() < until; turn++) {
    const roll = Math.random();
    if (own.started.length + own.waiting.length < 2 || roll < 0.25) {
      const name = `c${id}-${turn}`;
      if (expect('start', await call(apiUrl, 'POST', flow, { executionName: name }), 201))
        own.started.push(name);
    } else if (roll < 0.5 && own.started.length > 0) {
      const name = own.started[0] as string;
      const answer = await call(apiUrl, 'GET', `${flow}/${name}/history`);
      if (!expect('history', answer, 200)) continue;
      const events = answer.body.events as { type: string; detail: { taskToken?: string } }[];
      const token = events.find((event) => event.type === 'TaskSubmitted')?.detail.taskToken;
      if (token !== undefined) {
        own.started.shift();
        own.waiting.push({ name, token });
      }
    } else if (roll < 0.75 && own.waiting.length > 0) {
      const { name, token } = own.waiting.shift() as { name: string; token: string };
      const body = { taskToken: token, output: { status: name } };
      if (expect('report', await call(apiUrl, 'POST', '/tasks/succeeded', body), 200))
        own.reported.push(name);
    } else if (roll < 0.9) {
      const name = own.reported.at(-1) ?? own.started.at(-1) ?? own.waiting[0]?.name;
      if (name !== undefined) expect('describe', await call(apiUrl, 'GET', `${flow}/${name}`), 200);
    } else {
      expect('list', await call(apiUrl, 'GET', `${flow}?limit=20`), 200);
    }
  }
  // Every execution this client reported has ended as reported (a sample of its last few).
  for (const name of own.reported.slice(-3)) {
    const ended = await waitForEnd(apiUrl, SEED_FLOW_NAME, name, 30_000);
    if (ended.status !== 'Succeeded' || (ended.output as { s?: string }).s !== name) {
      errors.push(`${name} ended ${JSON.stringify(ended).slice(0, 300)}`);
    }
  }
  return errors;
}

describe('load: 50 concurrent clients for 30 s on flowback serve --data', () => {
  it('answers every request as expected, and memory stays flat', async (t) => {
    const data = await tempDir('load-data');
    const flows = await tempDir('load-flows');
    const functions = await tempDir('load-functions');
    await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
    await mkdir(join(functions.path, 'fnf-demo'));
    await copyFile('examples/functions/fnf-demo/echo.js', join(functions.path, 'fnf-demo', 'echo.mjs'));
    const args = ['--data', data.path, '--port', '0', '--sqs-port', '0'];
    const served = await serve(
      [...args, '--flows', flows.path, '--functions', functions.path],
      ['--trace-gc'],
    );
    try {
      const pid = served.child.pid as number;
      const began = Date.now();
      const until = began + DURATION_MS;
      const samples: number[] = [];
      let gcLinesBefore = 0;
      const sampling = (async () => {
        while (Date.now() < until) {
          const rss = await residentBytes(pid);
          if (Date.now() - began < WARM_UP_MS) gcLinesBefore = served.stdout.length;
          else if (rss !== undefined) samples.push(rss / 2 ** 20);
          await sleep(250);
        }
      })();
      const counts: Record<string, number> = {};
      const errors = (
        await Promise.all(
          Array.from({ length: CLIENTS }, (_, id) => client(served.apiUrl, id, until, counts)),
        )
      ).flat();
      await sampling;
      const heaps = liveHeapAfterFullGcs(served.stdout.slice(gcLinesBefore));
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      t.diagnostic(`${total} requests in ${DURATION_MS / 1000} s: ${JSON.stringify(counts)}`);
      assert.deepEqual(errors.slice(0, 10), [], `${errors.length} unexpected answers`);
      assert.ok((counts.report ?? 0) > 100, 'reports were made');

      t.diagnostic(`live heap after each full GC after warm-up: ${heaps.join(', ')} MB`);
      if (heaps.length >= 2) {
        const growth = (heaps.at(-1) ?? 0) - (heaps[0] ?? 0);
        assert.ok(
          growth < MAX_HEAP_GROWTH_MB,
          `live heap grew ${growth.toFixed(1)} MB (limit ${MAX_HEAP_GROWTH_MB})`,
        );
      }
      if (samples.length === 0) {
        t.diagnostic('no /proc: memory not measured');
        return;
      }
      const third = Math.max(1, Math.floor(samples.length / 3));
      const first = median(samples.slice(0, third));
      const last = median(samples.slice(-third));
      t.diagnostic(`RSS after warm-up: first third ${first.toFixed(1)} MB, last third ${last.toFixed(1)} MB`);
      assert.ok(
        last - first < MAX_GROWTH_MB,
        `RSS grew ${(last - first).toFixed(1)} MB (limit ${MAX_GROWTH_MB})`,
      );
    } finally {
      await end(served.child, 'SIGKILL');
      for (const dir of [data, flows, functions]) await dir.remove();
    }
  });
});
