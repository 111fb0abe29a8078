/**
 * Powertools for the Lambda handlers: JSON logs (with the Lambda request id, and the flow, execution
 * and request ids each handler adds), CloudWatch metrics in EMF (namespace and `service` dimension
 * from `POWERTOOLS_*` variables set by the stack), and X-Ray tracing of the AWS SDK clients. Outside
 * Lambda (tests, the local runtime) tracing is off by itself and metrics are flushed to stdout only
 * when a handler built here runs.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import type { ExecutionKey, ExecutionStatus, HistoryEvent, HistoryEventType } from '../lib/engine/types.ts';
import type { RuntimeObserver } from '../lib/ports/observer.ts';

/** The handlers' logger. */
export const logger = new Logger();
/** The handlers' metrics (flushed after each invocation). */
export const metrics = new Metrics();
/** The handlers' tracer. */
export const tracer = new Tracer();

/** An AWS SDK v3 client, traced by X-Ray when tracing is on. */
export function traced<C>(client: C): C {
  return tracer.captureAWSv3Client(client);
}

/** The metric of each final status (the names the stack's dashboard graphs). */
const FINISHED_METRICS: Readonly<Record<Exclude<ExecutionStatus, 'Running'>, string>> = {
  Succeeded: 'ExecutionsSucceeded',
  Failed: 'ExecutionsFailed',
  TimedOut: 'ExecutionsTimedOut',
  Stopped: 'ExecutionsStopped',
};

/** The history events logged (at WARN), with their step, error and cause (`ParentReportFailed` has its own line). */
const FAILURE_EVENTS: ReadonlySet<HistoryEventType> = new Set<HistoryEventType>([
  'TaskFailed',
  'TaskTimedOut',
  'TaskSubmitFailed',
  'StepFailed',
  'ExecutionFailed',
  'ExecutionTimedOut',
]);

/** The runtime's events as metrics and log lines. */
export const metricsObserver: RuntimeObserver = {
  executionStarted(key: ExecutionKey) {
    metrics.addMetric('ExecutionsStarted', MetricUnit.Count, 1);
    logger.info('execution started', { ...key });
  },
  executionFinished(key: ExecutionKey, status: Exclude<ExecutionStatus, 'Running'>) {
    metrics.addMetric(FINISHED_METRICS[status], MetricUnit.Count, 1);
    logger.info('execution finished', { ...key, status });
  },
  reportApplied(latencyMs: number) {
    metrics.addMetric('CallbackLatency', MetricUnit.Milliseconds, latencyMs);
  },
  parentReportFailed(key: ExecutionKey, refusal: { code: string; message: string }) {
    metrics.addMetric('ParentReportsFailed', MetricUnit.Count, 1);
    logger.warn('the report of a child execution to its parent task was refused', {
      ...key,
      refusal: refusal.code,
      cause: refusal.message,
    });
  },
  historyRecorded(key: ExecutionKey, events: readonly HistoryEvent[]) {
    // Failures only (what went wrong and why, per step); the history has the rest.
    for (const event of events) {
      if (!FAILURE_EVENTS.has(event.type)) continue;
      const { error, cause } = event.detail;
      logger.warn(event.type, {
        ...key,
        stepName: event.stepName,
        eventId: event.eventId,
        ...(typeof error === 'string' ? { error } : {}),
        ...(typeof cause === 'string' ? { cause } : {}),
      });
    }
  },
};

/**
 * A Lambda handler with the invocation's context in every log line, and the metrics recorded
 * during the invocation published when it ends (also when it throws).
 */
export function instrumented<E, R>(
  handler: (event: E) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    try {
      return await handler(event);
    } finally {
      // Most api requests record no metric: publishing nothing would log Powertools' "No application
      // metrics to publish" warning on every one of them.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
