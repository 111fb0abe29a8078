/**
 * The "external worker" of `callbackVsPolling`: jobs that finish after a given duration. A job begins
 * when a flow's function submits it; at its end the service records the finish time and, for a
 * callback job, hands the token to `onFinish` (which reports it over HTTP). Polling flows ask
 * `isDone` through a status function.
 */

/** A job being worked on. */
interface Job {
  finishedAt?: number;
}

/** What the benchmark configures. */
export interface JobSettings {
  /** The duration of a job, in ms. */
  durationMs(jobId: string): number;
  /** Called when a callback job ends (with its token), after its finish time is recorded. */
  onFinish(jobId: string, taskToken: string | undefined, finishedAt: number): void;
}

/** The jobs of the running benchmark. */
export class JobService {
  readonly #jobs = new Map<string, Job>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #settings: JobSettings | undefined;

  /** Starts over with new settings. */
  configure(settings: JobSettings): void {
    this.clear();
    this.#settings = settings;
  }

  /** Begins a job (again: ignored, as a redelivered call must not restart it). */
  begin(jobId: string, taskToken?: string): void {
    const settings = this.#settings;
    if (settings === undefined) throw new Error('the job service is not configured');
    if (this.#jobs.has(jobId)) return;
    const job: Job = {};
    this.#jobs.set(jobId, job);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      job.finishedAt = Date.now();
      settings.onFinish(jobId, taskToken, job.finishedAt);
    }, settings.durationMs(jobId));
    this.#timers.add(timer);
  }

  /** True once the job has finished. */
  isDone(jobId: string): boolean {
    return this.#jobs.get(jobId)?.finishedAt !== undefined;
  }

  /** When the job finished, if it has. */
  finishedAt(jobId: string): number | undefined {
    return this.#jobs.get(jobId)?.finishedAt;
  }

  /** Cancels every job. */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#jobs.clear();
  }
}

/** The job service of the running benchmark. */
export const jobService = new JobService();
