/** `bench/results.md`: the Markdown summary of a results object, as the README includes it. */
import type { FanoutResult, FanoutRun } from './benchmarks/fanout.ts';
import type { AimCheck } from './support/aims.ts';
import { PRICES } from './support/pricing.ts';

/** Reads a value at a dotted path, `—` when absent. */
function v(results: Record<string, unknown>, path: string, unit = ''): string {
  let value: unknown = results;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) return '—';
  return `${typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(value)}${unit}`;
}

/** The Markdown text of `results`. */
export function renderMarkdown(results: Record<string, unknown>): string {
  const meta = (results.meta ?? {}) as Record<string, unknown>;
  const aims = (results.aims ?? {}) as Record<string, AimCheck>;
  const aim = (name: string): string => {
    const check = aims[name];
    return check === undefined ? '' : `${check.met ? '✅' : '❌'} ${check.aim}`;
  };
  const rows: [string, string, string][] = [
    [
      'callbackVsPolling — callback latency p50 / p99',
      `${v(results, 'callbackVsPolling.callback.latencyMs.p50', ' ms')} / ${v(results, 'callbackVsPolling.callback.latencyMs.p99', ' ms')}`,
      '',
    ],
    [
      'callbackVsPolling — polling latency p50 / p99',
      `${v(results, 'callbackVsPolling.polling.latencyMs.p50', ' ms')} / ${v(results, 'callbackVsPolling.polling.latencyMs.p99', ' ms')}`,
      '',
    ],
    [
      'callbackVsPolling — requests per job, callback / polling',
      `${v(results, 'callbackVsPolling.callback.requests')} / ${v(results, 'callbackVsPolling.polling.requests')}`,
      '',
    ],
    [
      'callbackVsPolling — latencyRatio',
      v(results, 'callbackVsPolling.latencyRatio', '×'),
      aim('latencyRatio'),
    ],
    [
      'callbackVsPolling — requestRatio',
      v(results, 'callbackVsPolling.requestRatio', '×'),
      aim('requestRatio'),
    ],
    [
      'throughput — inProcess / localHttp / statebox (executions/s)',
      `${v(results, 'throughput.inProcess')} / ${v(results, 'throughput.localHttp')} / ${v(results, 'throughput.statebox')}`,
      '',
    ],
    ['throughput — vsStatebox', v(results, 'throughput.vsStatebox', '×'), aim('vsStatebox')],
    [
      'callbackLatencyMs — 10 waiting p50 / p99',
      `${v(results, 'callbackLatencyMs.waiting10.p50', ' ms')} / ${v(results, 'callbackLatencyMs.waiting10.p99', ' ms')}`,
      '',
    ],
    [
      'callbackLatencyMs — 10,000 waiting p50 / p99',
      `${v(results, 'callbackLatencyMs.waiting10000.p50', ' ms')} / ${v(results, 'callbackLatencyMs.waiting10000.p99', ' ms')}`,
      aim('callbackLatencyGrowth'),
    ],
    [
      'timerLatenessMs — p50 / p99 / max',
      `${v(results, 'timerLatenessMs.p50', ' ms')} / ${v(results, 'timerLatenessMs.p99', ' ms')} / ${v(results, 'timerLatenessMs.max', ' ms')}`,
      aim('timerLatenessP99'),
    ],
    [
      'requestsPerExecution — DynamoDB read / write units',
      `${v(results, 'requestsPerExecution.dynamodbReadUnits')} / ${v(results, 'requestsPerExecution.dynamodbWriteUnits')}`,
      '',
    ],
    [
      'requestsPerExecution — SQS requests / Lambda invocations / API requests',
      `${v(results, 'requestsPerExecution.sqsRequests')} / ${v(results, 'requestsPerExecution.lambdaInvocations')} / ${v(results, 'requestsPerExecution.apiRequests')}`,
      '',
    ],
    ['costPerMillion — flowback (REST API)', `$${v(results, 'costPerMillion.flowback')}`, aim('costRest')],
    [
      'costPerMillion — flowbackHttpApi',
      `$${v(results, 'costPerMillion.flowbackHttpApi')}`,
      aim('costHttpApi'),
    ],
    ['costPerMillion — flowbackFunctionUrl', `$${v(results, 'costPerMillion.flowbackFunctionUrl')}`, ''],
    ['costPerMillion — stepFunctionsStandard', `$${v(results, 'costPerMillion.stepFunctionsStandard')}`, ''],
    [
      'consoleRender — 25,000-event execution: shown / fully coloured, median (max)',
      `${v(results, 'consoleRender.events25k.firstMs.median', ' ms')} / ${v(results, 'consoleRender.events25k.fullMs.median', ' ms')} (${v(results, 'consoleRender.events25k.fullMs.max', ' ms')})`,
      aim('consoleRender25k'),
    ],
    [
      'consoleRender — foreach of 1,000: shown / fully coloured, median (max)',
      `${v(results, 'consoleRender.foreach1000.firstMs.median', ' ms')} / ${v(results, 'consoleRender.foreach1000.fullMs.median', ' ms')} (${v(results, 'consoleRender.foreach1000.fullMs.max', ' ms')})`,
      aim('consoleRenderForeach1000'),
    ],
    ['fanout — duplicate calls (all runs)', v(aims, 'fanoutDuplicates.value'), aim('fanoutDuplicates')],
    ['fanout — non-2xx answers to reports (all runs)', v(aims, 'fanoutErrors.value'), aim('fanoutErrors')],
    [
      'fanout — runs not completed (cut off or failed)',
      v(aims, 'fanoutCompleted.value'),
      aim('fanoutCompleted'),
    ],
    [
      'fanout — DynamoDB requests per report, local, N = 1,000',
      v(aims, 'fanoutRequestsPerReport.value'),
      aim('fanoutRequestsPerReport'),
    ],
    [
      'bundleKb — api / worker / timeouts',
      `${v(results, 'bundleKb.api')} / ${v(results, 'bundleKb.worker')} / ${v(results, 'bundleKb.timeouts')}`,
      '',
    ],
    [
      'coldInitMs — api / worker / timeouts',
      `${v(results, 'coldInitMs.api')} / ${v(results, 'coldInitMs.worker')} / ${v(results, 'coldInitMs.timeouts')}`,
      '',
    ],
  ];
  const lines = [
    `Measured by \`npm run bench\` on ${v(meta, 'cpus')} CPU cores, Node ${v(meta, 'node')}, ${v(meta, 'date')} (${v(meta, 'wallSeconds')} s in all${meta.quick ? ', quick mode' : ''}). Full numbers and definitions: \`bench/results.json\`, \`bench/*.ts\`.`,
    '',
    '| benchmark | result | aim |',
    '|---|---|---|',
    ...rows.map(([name, value, check]) => `| ${name} | ${value} | ${check} |`),
    ...fanoutTable(results.fanout as FanoutResult | undefined),
    'Prices (us-east-1, on demand, no free tier):',
    '',
    ...Object.values(PRICES).map((price) => `- $${price.usd} per ${price.unit} — ${price.source}`),
    '',
  ];
  return lines.join('\n');
}

/** A number for a table cell (`—` when absent). */
function n(value: number | null | undefined, unit = ''): string {
  return value === undefined || value === null
    ? '—'
    : `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit}`;
}

/** The fanout table: one row per run, in process then local (none when the benchmark did not run). */
function fanoutTable(fanout: FanoutResult | undefined): string[] {
  if (fanout === undefined) return [''];
  const row = (mode: string, run: FanoutRun): string => {
    const errors = Object.entries(run.errors)
      .map(([code, count]) => `${count} ${code}`)
      .join(', ');
    const status =
      run.failure !== undefined
        ? `${run.status} (${run.failure.split(':')[0]})`
        : run.completed
          ? run.status
          : `cut off at ${n(run.wallMs / 1000, ' s')}, ${n(run.reports)} reported`;
    return [
      '',
      n(run.items),
      mode,
      status,
      n(run.dispatchMs === null ? null : Math.round(run.dispatchMs), ' ms'),
      n(run.reportsPerSecond),
      n(run.wallMs / 1000, ' s'),
      run.dynamodb === undefined
        ? '—'
        : `${n(run.dynamodb.requestsPerReport)} / ${n(run.dynamodb.writeUnitsPerReport)}`,
      n(run.duplicateCalls),
      errors === '' ? '0' : errors,
      n(run.peakWaiting),
      n(run.stateItemKbPeak, ' KB'),
      '',
    ]
      .join(' | ')
      .trim();
  };
  return [
    '',
    `fanout: one execution, a foreach over N queue callback tasks (\`maxConcurrency: ${fanout.maxConcurrency}\`), ${fanout.reporters} concurrent reporters that never retry (\`bench/benchmarks/fanout.ts\`). Dispatch: StartExecution → the first min(N, ${fanout.maxConcurrency.toLocaleString('en-US')}) task messages out; reports/s over the whole run; DynamoDB per report: every billable request and write unit of the run ÷ N (local runtime only); duplicate calls: messages per token − 1, summed; peak waiting: messages out and not yet reported; state item: its largest size seen (local).`,
    '',
    '| N | mode | end | dispatch | reports/s | wall | DynamoDB requests / WRU per report | duplicate calls | non-2xx | peak waiting | state item |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...fanout.inProcess.map((run) => row('in process', run)),
    ...fanout.local.map((run) => row('local', run)),
    '',
  ];
}
