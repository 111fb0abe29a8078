/**
 * The API scenarios (test/scenarios/api-scenarios.ts) on the local runtime, with the shipped example
 * functions: the very suite `npm run test:deployed` runs against a deployed stack.
 */
import { after, before } from 'node:test';
import { FlowbackClient } from '../../../lib/client/index.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { describeApiScenarios } from '../../scenarios/api-scenarios.ts';
import { startExampleRuntime } from './local-helpers.ts';

let local: LocalRuntime;
let client: FlowbackClient;

before(async () => {
  local = await startExampleRuntime();
  client = new FlowbackClient({ endpoint: local.apiUrl });
});

after(() => local.stop());

describeApiScenarios('the API scenarios on the local runtime', () => ({ client }));
