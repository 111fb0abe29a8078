/**
 * The API scenarios against a deployed stack: run by `npm run test:deployed -- --endpoint URL`
 * (scripts/test-deployed.mjs), which names the endpoint and, for a custom domain, the region to sign
 * for. Requests are signed with SigV4 from the local credential chain.
 */
import { FlowbackClient, signingFor, sigV4Signer } from '../../lib/client/index.ts';
import { describeApiScenarios } from '../scenarios/api-scenarios.ts';

const endpoint = process.env.FLOWBACK_DEPLOYED_ENDPOINT;
if (endpoint === undefined || endpoint === '')
  throw new Error(
    'run through `npm run test:deployed -- --endpoint URL` (FLOWBACK_DEPLOYED_ENDPOINT is not set)',
  );
const target = signingFor(endpoint, process.env.FLOWBACK_DEPLOYED_SIGN_REGION);
if (target === undefined)
  throw new Error(`${endpoint} is neither an API Gateway nor a function URL: give --sign-region`);
const client = new FlowbackClient({ endpoint, signer: sigV4Signer(target) });

describeApiScenarios(`the API scenarios on ${endpoint}`, () => ({ client }));
