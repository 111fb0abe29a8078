/** The flows the benchmarks run (FDL), and the seed flow read from examples/flows. */
import { readFileSync } from 'node:fs';

/** The seed example's definition, as the README shows it. */
export const SEED_FLOW = readFileSync(
  new URL('../../examples/flows/fnf-demo-callback.yaml', import.meta.url),
  'utf8',
);

/** The seed flow's name. */
export const SEED_FLOW_NAME = 'fnf-demo-callback';

/** callbackVsPolling (a): the job ends with a callback, then the flow's next step. */
export const CALLBACK_JOB_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: job
    resourceArn: acs:fc:::services/jobs/functions/submit
    pattern: waitForCallback
    inputMappings:
      - target: jobId
        source: $input.jobId
      - target: taskToken
        source: $context.task.token
  - type: pass
    name: afterJob
`;

/** callbackVsPolling (b): start the job, then wait 5 s → ask its status → done? until it is. */
export const POLLING_JOB_FLOW = `version: v1
type: flow
steps:
  - type: task
    name: startJob
    resourceArn: acs:fc:::services/jobs/functions/start
    inputMappings:
      - target: jobId
        source: $input.jobId
  - type: wait
    name: pause
    duration: 5
  - type: task
    name: checkJob
    resourceArn: acs:fc:::services/jobs/functions/status
    inputMappings:
      - target: jobId
        source: $input.jobId
    outputMappings:
      - target: status
        source: $local.status
  - type: choice
    name: isDone
    choices:
      - condition: $.status == "done"
        goto: afterJob
    default:
      goto: pause
  - type: pass
    name: afterJob
`;

/** timerLatenessMs: a callback task nobody reports, timing out after \`seconds\`. */
export function timeoutFlow(seconds: number): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: wait
    resourceArn: acs:fc:::services/jobs/functions/ignore
    pattern: waitForCallback
    timeoutSeconds: ${seconds}
`;
}

/** fanout: the queue its iterations send their task messages to. */
export const FANOUT_QUEUE = 'fanout';

/** fanout: callback tasks waiting at once (the foreach's `maxConcurrency`, its documented maximum). */
export const FANOUT_MAX_CONCURRENCY = 1000;

/** fanout: a foreach over the input's `items`, each iteration one queue callback task. */
export const FANOUT_FLOW = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    maxConcurrency: ${FANOUT_MAX_CONCURRENCY}
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: job
        resourceArn: acs:mns:::/queues/${FANOUT_QUEUE}/messages
        pattern: waitForCallback
        inputMappings:
          - target: id
            source: $input.item
          - target: taskToken
            source: $context.task.token
`;
