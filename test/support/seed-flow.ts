/** The seed's flow (`fnf-demo-callback`), read from the one file `npm start` serves. */
import { readFileSync } from 'node:fs';

/** The seed example's definition: one waitForCallback task on the echo function. */
export const SEED_FLOW = readFileSync(
  new URL('../../examples/flows/fnf-demo-callback.yaml', import.meta.url),
  'utf8',
);
