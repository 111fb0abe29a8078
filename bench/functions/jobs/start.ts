// callbackVsPolling (b): starts the job; the flow then polls `jobs/status`.
import { jobService } from '../../support/jobs.ts';

/** Starts `{jobId}`. */
export function handler(event: { jobId: string }): unknown {
  jobService.begin(event.jobId);
  return { jobId: event.jobId };
}
