/**
 * Call ids: one per task attempt, stable across every repeat of that attempt's call, so that a
 * function or worker can recognise a repeat (api.md, "Resources a task can call"). Derived from the
 * execution's identity and the attempt's `TaskScheduled` event id, so the engine stays pure and the
 * id is the same whoever computes it.
 */

/** FNV-1a over UTF-16 code units, 52 bits (exact in a double), as 13 hex digits. */
function fnv1a52(text: string): string {
  // Two 26-bit halves keep every intermediate product below 2^53.
  let high = 0x84222;
  let low = 0x325;
  for (let index = 0; index < text.length; index++) {
    low ^= text.charCodeAt(index);
    const lowProduct = low * 0x1b3;
    const highProduct = high * 0x1b3 + Math.floor(lowProduct / 0x4000000) + low * 0x100;
    low = lowProduct % 0x4000000;
    high = highProduct % 0x4000000;
  }
  return (high * 0x4000000 + low).toString(16).padStart(13, '0');
}

/**
 * The call id of the attempt whose `TaskScheduled` event is `scheduleEventId`:
 * `c1-{hash of flow, execution and start time}-{scheduleEventId}`. URL-safe, at most 40 characters.
 */
export function callIdOf(
  flowName: string,
  executionName: string,
  startedTime: number,
  scheduleEventId: number,
): string {
  return `c1-${fnv1a52(`${flowName}\u0000${executionName}\u0000${startedTime}`)}-${scheduleEventId}`;
}
