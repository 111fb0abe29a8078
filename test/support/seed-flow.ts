/** The seed's flow (`fnf-demo-callback`), read from the one file `npm start` serves. */
import { readFileSync } from 'node:fs';

/** The seed example's definition: one waitForCallback task on the echo function. */
export const SEED_FLOW = readFileSync(
  new URL('../../examples/flows/fnf-demo-callback.yaml', import.meta.url),
  'utf8',
);

/** The types of the seed execution's seven history events, in order (semantics.md's worked example). */
export const SEED_EVENT_TYPES: readonly string[] = [
  'ExecutionStarted',
  'StepEntered',
  'TaskScheduled',
  'TaskSubmitted',
  'TaskSucceeded',
  'StepExited',
  'ExecutionSucceeded',
];
