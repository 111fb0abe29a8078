/** The aims of issues 7 and 10, checked against a results object. */

import type { FanoutRun } from '../benchmarks/fanout.ts';

/** One aim: its statement, the measured value and whether it is met. */
export interface AimCheck {
  aim: string;
  /** `null` when the run measured nothing (it failed to start). */
  value: number | null;
  met: boolean;
}

/** Reads a number at a dotted path, `NaN` when absent. */
function at(results: Record<string, unknown>, path: string): number {
  let value: unknown = results;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === 'number' ? value : Number.NaN;
}

/** Every aim that the results allow checking. */
export function checkAims(results: Record<string, unknown>): Record<string, AimCheck> {
  const checks: Record<string, AimCheck> = {};
  const add = (name: string, aim: string, value: number, met: (v: number) => boolean): void => {
    if (!Number.isNaN(value)) checks[name] = { aim, value: Math.round(value * 100) / 100, met: met(value) };
  };
  add(
    'latencyRatio',
    'callbackVsPolling.latencyRatio >= 50',
    at(results, 'callbackVsPolling.latencyRatio'),
    (v) => v >= 50,
  );
  add(
    'requestRatio',
    'callbackVsPolling.requestRatio >= 5',
    at(results, 'callbackVsPolling.requestRatio'),
    (v) => v >= 5,
  );
  add('vsStatebox', 'throughput.vsStatebox >= 1', at(results, 'throughput.vsStatebox'), (v) => v >= 1);
  add(
    'timerLatenessP99',
    'timerLatenessMs.p99 <= 1000 ms',
    at(results, 'timerLatenessMs.p99'),
    (v) => v <= 1000,
  );
  add(
    'callbackLatencyGrowth',
    'callbackLatencyMs.waiting10000.p99 <= 1.5 × waiting10.p99',
    at(results, 'callbackLatencyMs.waiting10000.p99') / at(results, 'callbackLatencyMs.waiting10.p99'),
    (v) => v <= 1.5,
  );
  const stepFunctions = at(results, 'costPerMillion.stepFunctionsStandard');
  add(
    'costRest',
    'costPerMillion.flowback <= 1/3 of stepFunctionsStandard',
    at(results, 'costPerMillion.flowback') / stepFunctions,
    (v) => v <= 1 / 3,
  );
  add(
    'costHttpApi',
    'costPerMillion.flowbackHttpApi <= 1/5 of stepFunctionsStandard',
    at(results, 'costPerMillion.flowbackHttpApi') / stepFunctions,
    (v) => v <= 1 / 5,
  );
  const fanout = results.fanout as { inProcess?: FanoutRun[]; local?: FanoutRun[] } | undefined;
  const runs = [...(fanout?.inProcess ?? []), ...(fanout?.local ?? [])];
  if (runs.length > 0) {
    add(
      'fanoutDuplicates',
      'fanout: duplicate calls = 0 (every run)',
      runs.reduce((sum, run) => sum + run.duplicateCalls, 0),
      (v) => v === 0,
    );
    add(
      'fanoutErrors',
      'fanout: non-2xx answers to reports = 0 (every run)',
      runs.reduce((sum, run) => sum + Object.values(run.errors).reduce((a, b) => a + b, 0), 0),
      (v) => v === 0,
    );
    add(
      'fanoutCompleted',
      'fanout: runs that did not complete (cut off or failed) = 0',
      runs.filter((run) => !run.completed).length,
      (v) => v === 0,
    );
  }
  const atThousand = fanout?.local?.find((run) => run.items === 1000);
  if (atThousand !== undefined && atThousand.dynamodb === undefined)
    checks.fanoutRequestsPerReport = {
      aim: 'fanout (local, N = 1,000, run completed): DynamoDB requests per report <= 10',
      value: null,
      met: false,
    };
  if (atThousand?.dynamodb !== undefined)
    add(
      'fanoutRequestsPerReport',
      'fanout (local, N = 1,000, run completed): DynamoDB requests per report <= 10',
      atThousand.dynamodb.requestsPerReport,
      (v) => atThousand.completed && v <= 10,
    );
  // Issue 14: the web console opens a big execution, fully coloured, in under 2 s (slowest of its runs).
  add(
    'consoleRender25k',
    'consoleRender.events25k.fullMs.max < 2000 ms',
    at(results, 'consoleRender.events25k.fullMs.max'),
    (v) => v < 2000,
  );
  add(
    'consoleRenderForeach1000',
    'consoleRender.foreach1000.fullMs.max < 2000 ms',
    at(results, 'consoleRender.foreach1000.fullMs.max'),
    (v) => v < 2000,
  );
  return checks;
}
