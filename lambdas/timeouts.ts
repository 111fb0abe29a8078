/**
 * The `timeouts` Lambda: TTL deletions of waiting tokens → the runtime of the AWS composition root
 * (lib/handlers/timeouts-handler.ts), logged with Powertools; and, on its EventBridge schedule, the
 * oldest waiting task's age (`OldestWaitingTaskAge`, overall and per `flowName`), which an alarm watches.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createTaskAgeHandler, type TaskAgePublisher } from '../lib/handlers/task-age-handler.ts';
import { createTimeoutsHandler, type StreamErrorListener } from '../lib/handlers/timeouts-handler.ts';
import { awsComposition, loadAwsLinkSigner } from './composition.ts';
import { instrumented, logger, metrics } from './observability.ts';

/** Logs a failed record. */
const logRecordError: StreamErrorListener = (error, record) => {
  logger.error('expired token failed', { eventId: record.eventID, error });
};

/** The ages as metrics: one overall, one per flow (its own dimension set). */
const publishAges: TaskAgePublisher = (ages) => {
  metrics.addMetric('OldestWaitingTaskAge', MetricUnit.Seconds, ages.oldestSeconds ?? 0);
  for (const [flowName, seconds] of Object.entries(ages.byFlow)) {
    const single = metrics.singleMetric();
    single.addDimension('flowName', flowName);
    single.addMetric('OldestWaitingTaskAge', MetricUnit.Seconds, seconds);
  }
  logger.info('waiting tasks measured', {
    scanned: ages.scanned,
    complete: ages.complete,
    oldestSeconds: ages.oldestSeconds,
  });
};

/** Tasks started here sign their approval links: the secret is read before the first event. */
await loadAwsLinkSigner();

const streamHandler = createTimeoutsHandler(
  () => awsComposition().runtime,
  logRecordError,
  (token) =>
    logger.info('token expired by TTL', { ...token.executionKey, scheduleEventId: token.scheduleEventId }),
);
const ageHandler = createTaskAgeHandler(() => awsComposition().runtime, publishAges);

/** The Lambda entry point: a stream batch, or the schedule's event. */
export const handler = instrumented(async (event: DynamoDBStreamEvent | { source?: string }) =>
  'Records' in event ? streamHandler(event) : ageHandler(),
);
