#!/usr/bin/env node
// A queue worker command for `flowback worker`: the message body (the task's mapped input, JSON) arrives
// on stdin; a JSON object on stdout is the task's output; a non-zero exit fails the task
// (Worker.ExitCode<n>, stderr as the cause) unless stdout says {"error": "...", "cause": "..."}.
import { readFileSync } from 'node:fs';

const job = JSON.parse(readFileSync(0, 'utf8'));
if (!(job.width > 0 && job.height > 0)) {
  process.stdout.write(
    JSON.stringify({ error: 'Resize.InvalidSize', cause: `got ${job.width}x${job.height}` }),
  );
  process.exit(1);
}
const scale = 128 / Math.max(job.width, job.height);
const thumbnail = { width: Math.round(job.width * scale), height: Math.round(job.height * scale) };
console.error(`resized ${job.width}x${job.height} → ${thumbnail.width}x${thumbnail.height}`);
process.stdout.write(JSON.stringify({ thumbnail }));
