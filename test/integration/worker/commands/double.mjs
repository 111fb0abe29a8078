// A queue worker command: reads the task message (JSON) from stdin, prints {"n": n * 2, ...} on stdout.
import { readFileSync } from 'node:fs';

const body = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(
  JSON.stringify({
    n: body.n * 2,
    hadToken: typeof body.token === 'string',
    receiveCount: Number(process.env.FLOWBACK_RECEIVE_COUNT ?? '0'),
    step: process.env.FLOWBACK_STEP_NAME,
  }),
);
