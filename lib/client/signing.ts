import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';

/** A request about to be sent, as the signer sees it. */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** Adds authentication headers to a request. */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

/** The region of an API Gateway endpoint (`https://ID.execute-api.REGION.amazonaws.com/...`), if it is one. */
export function executeApiRegion(url: URL): string | undefined {
  return /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
}

/** The AWS service a request to a deployed endpoint is signed for, and its region. */
export interface SigningTarget {
  /** `execute-api` for API Gateway (REST or HTTP API), `lambda` for a Lambda function URL. */
  service: 'execute-api' | 'lambda';
  region: string;
}

/**
 * What a request to `url` is signed for: an API Gateway endpoint (`ID.execute-api.REGION.amazonaws.com`)
 * or a Lambda function URL with IAM auth (`ID.lambda-url.REGION.on.aws`); `undefined` for any other
 * endpoint (the local runtime, a custom domain: pass a signer).
 */
export function signingTarget(url: URL): SigningTarget | undefined {
  const api = executeApiRegion(url);
  if (api !== undefined) return { service: 'execute-api', region: api };
  const functionUrl = /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(url.hostname)?.[1];
  return functionUrl !== undefined ? { service: 'lambda', region: functionUrl } : undefined;
}

/**
 * What to sign requests to `endpoint` for: its own service and region (`signingTarget`), with the
 * region `signRegion` names if given — for an endpoint that shows none (a custom domain, a local
 * stand-in), service `execute-api`. `undefined`: not signed.
 */
export function signingFor(endpoint: string, signRegion?: string): SigningTarget | undefined {
  const target = signingTarget(new URL(endpoint));
  if (signRegion === undefined) return target;
  return { service: target?.service ?? 'execute-api', region: signRegion };
}

/** SHA-256 (and HMAC-SHA-256 with a secret) for the signer, from node:crypto. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = NodeSha256.create(secret);
  }

  private static create(secret?: SourceData): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = NodeSha256.create(this.secret);
  }
}

/** What the signer hashes. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

/** Bytes of hashed data. */
function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A SigV4 signer for the deployed API's IAM auth: service `execute-api` (API Gateway, the default) or
 * `lambda` (a function URL), with credentials from the default AWS provider chain unless given.
 */
export function sigV4Signer(options: {
  region: string;
  service?: SigningTarget['service'];
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}): RequestSigner {
  const signer = new SignatureV4({
    service: options.service ?? 'execute-api',
    region: options.region,
    credentials: options.credentials ?? fromNodeProviderChain(),
    sha256: NodeSha256,
  });
  return async (request) => {
    const query: Record<string, string> = {};
    for (const [key, value] of request.url.searchParams) query[key] = value;
    const signed = await signer.sign({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    return signed.headers as Record<string, string>;
  };
}
