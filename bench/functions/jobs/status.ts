// callbackVsPolling (b): the status of a job, `done` or `running`.
import { jobService } from '../../support/jobs.ts';

/** The status of `{jobId}`. */
export function handler(event: { jobId: string }): unknown {
  return { status: jobService.isDone(event.jobId) ? 'done' : 'running' };
}
