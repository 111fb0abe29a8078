/** The typed Flowback REST client (used by the CLI; importable by users). */

export type { EventView, ExecutionView, FlowView } from '../runtime/operations/views.ts';
export { type ClientOptions, DEFAULT_ENDPOINT, FlowbackClient, type Paged } from './client.ts';
export { FlowbackError } from './errors.ts';
export { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryDelayMs } from './retry.ts';
export {
  executeApiRegion,
  type OutgoingRequest,
  type RequestSigner,
  type SigningTarget,
  signingFor,
  signingTarget,
  sigV4Signer,
} from './signing.ts';
