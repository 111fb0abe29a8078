// A queue worker command: appends one line per run (the task token, the call id and the body) to the
// file named by its first argument, and answers `{}`.
import { appendFileSync, readFileSync } from 'node:fs';

const body = readFileSync(0, 'utf8');
appendFileSync(
  process.argv[2],
  `${JSON.stringify({ token: process.env.FLOWBACK_TASK_TOKEN ?? '', callId: process.env.FLOWBACK_CALL_ID ?? '', body })}\n`,
);
process.stdout.write('{}');
