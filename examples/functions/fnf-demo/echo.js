// The seed example's function (service fnf-demo, function echo): returns its input as it is.
// A local function module exports `handler(event, context)`, sync or async, as a Lambda handler does.

/**
 * Returns the event unchanged.
 * @param {unknown} event the task's input (here `{ taskToken }`)
 * @returns {unknown} the same event
 */
export function handler(event) {
  return event;
}
