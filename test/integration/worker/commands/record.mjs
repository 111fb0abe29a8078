// Appends the message body and the task token (if any) to the file named by the first argument.
import { appendFileSync, readFileSync } from 'node:fs';

const body = readFileSync(0, 'utf8');
appendFileSync(
  process.argv[2],
  `${JSON.stringify({ body, token: process.env.FLOWBACK_TASK_TOKEN ?? null })}\n`,
);
