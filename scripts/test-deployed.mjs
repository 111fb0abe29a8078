#!/usr/bin/env node
// `npm run test:deployed -- --endpoint URL [--sign-region REGION]`: runs the API scenarios
// (test/scenarios/api-scenarios.ts, the suite the local integration tests run) against a deployed
// stack, every request signed with SigV4 from the local credential chain (execute-api for API Gateway,
// lambda for a function URL, recognised from the URL; `--sign-region` for a custom domain). It creates
// flows and executions under a fresh prefix and deletes them afterwards. Opt-in: never part of CI.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const usage = 'usage: npm run test:deployed -- --endpoint URL [--sign-region REGION]';
let values;
try {
  ({ values } = parseArgs({
    options: { endpoint: { type: 'string' }, 'sign-region': { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  console.error(`test:deployed: ${error.message}\n${usage}`);
  process.exit(2);
}
const endpoint = values.endpoint;
let url;
try {
  url = new URL(endpoint ?? '');
} catch {
  console.error(`test:deployed: --endpoint must be the stack's API URL (its ApiUrl output)\n${usage}`);
  process.exit(2);
}
if (url.protocol !== 'https:' && url.protocol !== 'http:') {
  console.error(`test:deployed: --endpoint must be an http(s) URL, got ${endpoint}\n${usage}`);
  process.exit(2);
}
const region = values['sign-region'];
if (region !== undefined && !/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region)) {
  console.error(`test:deployed: --sign-region expects a region such as us-east-1, got ${region}\n${usage}`);
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/deployed/api-scenarios.test.ts'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      FLOWBACK_DEPLOYED_ENDPOINT: endpoint,
      ...(region !== undefined ? { FLOWBACK_DEPLOYED_SIGN_REGION: region } : {}),
    },
  },
);
process.exit(result.status ?? 1);
