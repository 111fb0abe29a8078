#!/usr/bin/env node
// The seed example's worker.py ("Callbacks for asynchronous tasks", step 3), in Node with Alibaba's
// official SDK, unchanged: only the endpoint points at Flowback instead of {region}.fnf.aliyuncs.com.
//
//   npx flowback serve --access-key "$AK_ID:$AK_SECRET"      # in another terminal
//   export FNF_ENDPOINT=http://127.0.0.1:8700 AK_ID=myKey AK_SECRET=mySecret
//   node examples/workers/report-task-succeeded.mjs {task-token-from-TaskSubmitted}
//
// Without --access-key on `flowback serve`, any AK_ID/AK_SECRET works (signatures are not checked).
import FnF from '@alicloud/fnf-2019-03-15';

async function main() {
  const client = new FnF({
    endpoint: process.env.FNF_ENDPOINT ?? 'http://127.0.0.1:8700',
    accessKeyId: process.env.AK_ID ?? 'local',
    accessKeySecret: process.env.AK_SECRET ?? 'local',
  });
  const taskToken = process.argv[2];
  if (!taskToken) {
    console.error('usage: report-task-succeeded.mjs TASK_TOKEN');
    process.exitCode = 2;
    return;
  }
  console.log(`Task token: ${taskToken}`);
  try {
    await client.reportTaskSucceeded({ TaskToken: taskToken, Output: '{"status": "ok"}' });
    console.log('ReportTaskSucceeded finished');
  } catch (error) {
    // As the Python example prints a ServerException: the code and message of the API's answer.
    console.log(`${error.code}: ${error.message}`);
    process.exitCode = 1;
  }
}

await main();
