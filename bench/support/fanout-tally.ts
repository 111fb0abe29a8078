/**
 * What one fanout run measured, as the reporters saw it: messages per token, answers by code, the
 * waiting peak and the dispatch time (`fanout.ts` explains each figure).
 */
import { FlowbackError } from '../../lib/client/errors.ts';
import { isOperationError } from '../../lib/runtime/errors.ts';
import { FANOUT_MAX_CONCURRENCY } from './flows.ts';
import { round } from './stats.ts';

/** Concurrent reporters. */
export const REPORTERS = 50;

/** The flow's name. */
export const FLOW_NAME = 'fanout';

/** The message attribute carrying the task token. */
export const TOKEN_ATTRIBUTE = 'flowback.taskToken';

/** One run at one size in one mode. */
export interface FanoutRun {
  items: number;
  /** The execution's status at the end of the run (`Running` if it was cut off). */
  status: string;
  /** False when the run was stopped at its time limit. */
  completed: boolean;
  dispatchMs: number | null;
  wallMs: number;
  reportsPerSecond: number;
  /** Distinct task messages out (one per token when there are no duplicates). */
  messages: number;
  /** Reports answered 2xx. */
  reports: number;
  /** Non-2xx answers by code. */
  errors: Record<string, number>;
  duplicateCalls: number;
  peakWaiting: number;
  dynamodb?: {
    requestsPerReport: number;
    writeUnitsPerReport: number;
    readUnitsPerReport: number;
    /** DynamoDB requests per report by operation. */
    byOperation: Record<string, number>;
  };
  stateItemKbPeak?: number;
  /** Why the run did not get going (StartExecution's error). */
  failure?: string;
  /** The same, as item-codec.ts's `itemSize` counts it (nested binaries by their JSON text). */
  stateItemKbPeakByItemCodec?: number;
}

/** The results of this benchmark. */
export interface FanoutResult {
  reporters: number;
  maxConcurrency: number;
  inProcess: FanoutRun[];
  local: FanoutRun[];
}

/** What the reporters saw: messages per token, answers, the waiting peak and the dispatch time. */
export class Tally {
  readonly #messages = new Map<string, Set<string>>();
  readonly #firstWave: number;
  readonly began = performance.now();
  readonly errors: Record<string, number> = {};
  reports = 0;
  failures = 0;
  peakWaiting = 0;
  dispatchMs: number | null = null;

  constructor(readonly items: number) {
    this.#firstWave = Math.min(items, FANOUT_MAX_CONCURRENCY);
  }

  /** A message for `token`: true when it is the token's first (the one to report). */
  message(token: string, messageId: string): boolean {
    const ids = this.#messages.get(token);
    if (ids !== undefined) {
      ids.add(messageId);
      return false;
    }
    this.#messages.set(token, new Set([messageId]));
    if (this.dispatchMs === null && this.#messages.size >= this.#firstWave)
      this.dispatchMs = round(performance.now() - this.began);
    this.peakWaiting = Math.max(this.peakWaiting, this.#messages.size - this.reports - this.failures);
    return true;
  }

  answered(): void {
    this.reports += 1;
  }

  failed(code: string): void {
    this.failures += 1;
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  /** Every item has been answered, one way or the other. */
  get done(): boolean {
    return this.reports + this.failures >= this.items;
  }

  get duplicateCalls(): number {
    let duplicates = 0;
    for (const ids of this.#messages.values()) duplicates += ids.size - 1;
    return duplicates;
  }

  /** The run's figures (without the metered ones). */
  run(status: string, completed: boolean, endedAt: number): FanoutRun {
    const wallMs = round(endedAt - this.began);
    return {
      items: this.items,
      status,
      completed,
      dispatchMs: this.dispatchMs,
      wallMs,
      reportsPerSecond: round(this.reports / (wallMs / 1000)),
      messages: this.#messages.size,
      reports: this.reports,
      errors: this.errors,
      duplicateCalls: this.duplicateCalls,
      peakWaiting: this.peakWaiting,
    };
  }
}

/** The error code of a failed report (the API's code, else the error's name). */
export function codeOf(error: unknown): string {
  if (error instanceof FlowbackError) return `${error.status} ${error.code}`;
  if (isOperationError(error)) return error.code;
  return error instanceof Error ? error.name : String(error);
}

/** What a failed StartExecution answered, for the results. */
export function failureOf(error: unknown): string {
  return `${codeOf(error)}: ${error instanceof Error ? error.message : String(error)}`;
}
