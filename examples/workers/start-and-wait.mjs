#!/usr/bin/env node
// Starts the seed flow through Alibaba's official SDK and prints its task token (read, as the seed does,
// from the TaskSubmitted event of GetExecutionHistory), then waits for the execution to end and prints
// its output. Run report-task-succeeded.mjs with the printed token meanwhile.
//
//   node examples/workers/start-and-wait.mjs [FLOW_NAME]      (default fnf-demo-callback)
import FnF from '@alicloud/fnf-2019-03-15';

const client = new FnF({
  endpoint: process.env.FNF_ENDPOINT ?? 'http://127.0.0.1:8700',
  accessKeyId: process.env.AK_ID ?? 'local',
  accessKeySecret: process.env.AK_SECRET ?? 'local',
});
const FlowName = process.argv[2] ?? 'fnf-demo-callback';

const started = await client.startExecution({ FlowName });
const ExecutionName = started.Name;
console.log(`started ${FlowName}/${ExecutionName}`);

let token;
while (token === undefined) {
  const { Events } = await client.getExecutionHistory({ FlowName, ExecutionName });
  const submitted = Events.filter((event) => event.Type === 'TaskSubmitted').at(-1);
  if (submitted) token = JSON.parse(submitted.EventDetail).taskToken;
  else await new Promise((resolve) => setTimeout(resolve, 200));
}
console.log(`task token: ${token}`);

for (;;) {
  // Long poll: up to 20 s per call (the SDK's own read timeout is 3 s unless raised).
  const execution = await client.describeExecution(
    { FlowName, ExecutionName, WaitTimeSeconds: 20 },
    { timeout: 25_000 },
  );
  if (execution.Status !== 'Running') {
    console.log(`${execution.Status}: ${execution.Output}`);
    break;
  }
}
