/** An error answer of the Flowback API: `{code, message, requestId}` with its HTTP status. */
export class FlowbackError extends Error {
  override readonly name = 'FlowbackError';
  /** The wait the answer's `Retry-After` asked for (capped), when it had one. */
  retryAfterMs?: number;

  constructor(
    /** The API error code (`TaskAlreadyCompleted`, `FlowNotExists`, …). */
    readonly code: string,
    message: string,
    /** The HTTP status of the answer (0 when no answer arrived). */
    readonly status: number,
    /** The request id the server gave, if any. */
    readonly requestId?: string,
    /** Definition problems (`InvalidDefinition`). */
    readonly issues?: { path: string; line: number; column: number; message: string }[],
  ) {
    super(message);
  }
}
