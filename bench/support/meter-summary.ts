/**
 * What the meter counted, sorted into what AWS would bill for the work measured and what is an artefact
 * of running locally:
 * - billable: API Gateway requests, Lambda invocations (api, worker, functions), DynamoDB requests and
 *   units, SQS requests that carried work (sends, receives that returned messages, deletes);
 * - idle receives: long polls that returned nothing. Locally 6 pollers long-poll for 20 s; on AWS,
 *   Lambda's event source mapping polls too and SQS bills those receives, but their number depends on
 *   the poller count and the time that passes, not on the executions, so they are a fixed monthly cost
 *   (reported apart, not divided among executions);
 * - local only: the sweeper and start-up recovery (AWS uses the TTL stream and SQS's durability
 *   instead) and the local work journal's table (fauxqs keeps messages in memory only).
 */
import { EMPTY_RECEIVE, type MeterCount } from '../../lib/adapters/aws/request-meter.ts';
import { METER_ORIGINS } from '../../lib/local/metering.ts';
import { WORK_JOURNAL_TABLE } from '../../lib/local/work-journal.ts';

/** Billable counts (totals over the measured work). */
export interface BillableTotals {
  apiRequests: number;
  lambda: { api: number; worker: number; functions: number; total: number };
  /** Billed Lambda time (ms, each invocation rounded up to 1 ms) by kind. */
  lambdaBilledMs: { api: number; worker: number; functions: number };
  dynamodb: { requests: number; readUnits: number; writeUnits: number; indexWriteUnits: number };
  sqs: { requests: number };
  /** Every billed request: API + Lambda invocations + DynamoDB + SQS. */
  requests: number;
}

/** The counts sorted. */
export interface MeterSummary {
  billable: BillableTotals;
  idleReceives: number;
  localOnly: { sweeper: number; startup: number; journal: number };
  /** Billable requests by `service operation`, for the curious. */
  byOperation: Record<string, number>;
}

/** True for a request that exists only because the runtime is local. */
function isLocalOnly(count: MeterCount): boolean {
  return (
    count.origin === METER_ORIGINS.sweeper ||
    count.origin === METER_ORIGINS.startup ||
    count.resource === WORK_JOURNAL_TABLE
  );
}

/** Sorts `counts` (see the file comment). */
export function summarize(counts: readonly MeterCount[]): MeterSummary {
  const billable: BillableTotals = {
    apiRequests: 0,
    lambda: { api: 0, worker: 0, functions: 0, total: 0 },
    lambdaBilledMs: { api: 0, worker: 0, functions: 0 },
    dynamodb: { requests: 0, readUnits: 0, writeUnits: 0, indexWriteUnits: 0 },
    sqs: { requests: 0 },
    requests: 0,
  };
  const summary: MeterSummary = {
    billable,
    idleReceives: 0,
    localOnly: { sweeper: 0, startup: 0, journal: 0 },
    byOperation: {},
  };
  for (const count of counts) {
    if (isLocalOnly(count)) {
      if (count.resource === WORK_JOURNAL_TABLE) summary.localOnly.journal += count.requests;
      else if (count.origin === METER_ORIGINS.sweeper) summary.localOnly.sweeper += count.requests;
      else summary.localOnly.startup += count.requests;
      continue;
    }
    if (count.operation === EMPTY_RECEIVE) {
      summary.idleReceives += count.requests;
      continue;
    }
    const label = `${count.service} ${count.operation}`;
    summary.byOperation[label] = (summary.byOperation[label] ?? 0) + count.requests;
    switch (count.service) {
      case 'apigateway':
        billable.apiRequests += count.requests;
        break;
      case 'lambda': {
        const kind = count.resource === 'api' ? 'api' : count.resource === 'worker' ? 'worker' : 'functions';
        billable.lambda[kind] += count.requests;
        billable.lambda.total += count.requests;
        billable.lambdaBilledMs[kind] += count.billedMs;
        break;
      }
      case 'dynamodb':
        billable.dynamodb.requests += count.requests;
        billable.dynamodb.readUnits += count.readUnits;
        billable.dynamodb.writeUnits += count.writeUnits + count.indexWriteUnits;
        billable.dynamodb.indexWriteUnits += count.indexWriteUnits;
        break;
      case 'sqs':
        billable.sqs.requests += count.requests;
        break;
    }
  }
  billable.requests =
    billable.apiRequests + billable.lambda.total + billable.dynamodb.requests + billable.sqs.requests;
  return summary;
}

/** `totals` divided by `n` (per execution or per job), rounded to 2 decimals. */
export function perUnit(totals: BillableTotals, n: number): BillableTotals {
  const div = (value: number): number => Math.round((value / n) * 100) / 100;
  return {
    apiRequests: div(totals.apiRequests),
    lambda: {
      api: div(totals.lambda.api),
      worker: div(totals.lambda.worker),
      functions: div(totals.lambda.functions),
      total: div(totals.lambda.total),
    },
    lambdaBilledMs: {
      api: div(totals.lambdaBilledMs.api),
      worker: div(totals.lambdaBilledMs.worker),
      functions: div(totals.lambdaBilledMs.functions),
    },
    dynamodb: {
      requests: div(totals.dynamodb.requests),
      readUnits: div(totals.dynamodb.readUnits),
      writeUnits: div(totals.dynamodb.writeUnits),
      indexWriteUnits: div(totals.dynamodb.indexWriteUnits),
    },
    sqs: { requests: div(totals.sqs.requests) },
    requests: div(totals.requests),
  };
}
