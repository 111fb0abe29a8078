// A queue worker command: prints what the worker told it about the call, from its environment and body.
import { readFileSync } from 'node:fs';

const body = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(
  JSON.stringify({
    callId: process.env.FLOWBACK_CALL_ID ?? null,
    bodyCallId: body.callId,
    tokenMatches: process.env.FLOWBACK_TASK_TOKEN === body.token,
  }),
);
