/**
 * The `timeouts` Lambda: TTL deletions of waiting tokens → the runtime of the AWS composition root
 * (lib/handlers/timeouts-handler.ts), logged with Powertools.
 */
import { createTimeoutsHandler, type StreamErrorListener } from '../lib/handlers/timeouts-handler.ts';
import { awsComposition } from './composition.ts';
import { instrumented, logger } from './observability.ts';

/** Logs a failed record. */
const logRecordError: StreamErrorListener = (error, record) => {
  logger.error('expired token failed', { eventId: record.eventID, error });
};

/** The Lambda entry point. */
export const handler = instrumented(
  createTimeoutsHandler(
    () => awsComposition().runtime,
    logRecordError,
    (token) =>
      logger.info('token expired by TTL', { ...token.executionKey, scheduleEventId: token.scheduleEventId }),
  ),
);
