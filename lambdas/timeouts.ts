/**
 * The `timeouts` Lambda: TTL deletions of waiting tokens → the runtime of the AWS composition root
 * (lib/handlers/timeouts-handler.ts), logged with Powertools.
 */
import { createTimeoutsHandler, type StreamErrorListener } from '../lib/handlers/timeouts-handler.ts';
import { awsComposition, loadAwsLinkSigner } from './composition.ts';
import { instrumented, logger } from './observability.ts';

/** Logs a failed record. */
const logRecordError: StreamErrorListener = (error, record) => {
  logger.error('expired token failed', { eventId: record.eventID, error });
};

/** Tasks started here sign their approval links: the secret is read before the first event. */
await loadAwsLinkSigner();

/** The Lambda entry point. */
export const handler = instrumented(
  createTimeoutsHandler(
    () => awsComposition().runtime,
    logRecordError,
    (token) =>
      logger.info('token expired by TTL', { ...token.executionKey, scheduleEventId: token.scheduleEventId }),
  ),
);
