// timerLatenessMs: a callback task's function that never reports, so that the task times out.
/** Accepts the call and does nothing. */
export function handler(): unknown {
  return {};
}
