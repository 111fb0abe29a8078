// callbackVsPolling (a): submits the job with the task token; the job service reports when it ends.
import { jobService } from '../../support/jobs.ts';

/** Submits `{jobId, taskToken}`. */
export function handler(event: { jobId: string; taskToken: string }): unknown {
  jobService.begin(event.jobId, event.taskToken);
  return { submitted: event.jobId };
}
