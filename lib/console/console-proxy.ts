/**
 * The API half of `flowback console`: requests of the console's page forwarded to the endpoint,
 * signed with SigV4 when it wants that, answers passed back as they came. Only the REST API's paths
 * are forwarded, and only requests the console's own page made (see `refusal`): the server holds the
 * user's AWS credentials, so no other web page may use it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestSigner } from '../client/signing.ts';
import { CONSOLE_HEADER } from './console-header.ts';

/** Largest request body forwarded (the API refuses over 1 MiB itself). */
export const MAX_PROXIED_BODY_BYTES = 2 * 1024 * 1024;

/** Longest wait for the endpoint's answer, in ms (DescribeExecution long-polls up to 20 s). */
export const PROXY_TIMEOUT_MS = 30_000;

/** Answer headers passed back to the page. */
const PASSED_HEADERS = ['content-type', 'x-amzn-errortype', 'x-amzn-requestid', 'allow'];

/** Options of `consoleProxy`. */
export interface ConsoleProxyOptions {
  /** The API's base URL (a stage URL on AWS: `https://ID.execute-api.REGION.amazonaws.com/prod`). */
  endpoint: string;
  /** Signs each forwarded request; none: sent unsigned. */
  signer?: RequestSigner;
  /** The fetch to use (tests). */
  fetch?: typeof fetch;
}

/** Sends an error as the API does (`{code, message, requestId}`). */
export function sendApiError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ code, message, requestId: randomUUID() }));
}

/** Whether a path is one of the REST API's (api.md: `/flows…`, `/tasks…`). */
export function isApiPath(path: string): boolean {
  return /^\/(?:flows|tasks)(?:\/|$)/.test(path);
}

/** Why a request is not for this server (a DNS-rebound name in its Host), or `undefined`. */
export function hostRefusal(request: IncomingMessage, port: number): string | undefined {
  const host = request.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
    return `the Host ${JSON.stringify(host)} is not this console's address`;
  return undefined;
}

/**
 * Why a request may not be forwarded, or `undefined` when it may: its Origin (when sent) must be this
 * server, and it must carry the console's header, which no other page can add without a CORS
 * preflight that this server never grants.
 */
export function refusal(request: IncomingMessage): string | undefined {
  const host = request.headers.host ?? '';
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return `requests from ${origin} are not the console's`;
  if (request.headers[CONSOLE_HEADER] !== '1') return `only the console's page may use this server`;
  return undefined;
}

/** Reads a body up to the limit; `undefined` past it. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PROXIED_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The reason a fetch failed, from its cause (`ECONNREFUSED`, `ENOTFOUND`, a timeout). */
function failureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${PROXY_TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Forwards one API request of the console's page to the endpoint; answers it. */
export function consoleProxy(
  options: ConsoleProxyOptions,
): (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> {
  const base = options.endpoint.replace(/\/+$/, '');
  const send = options.fetch ?? globalThis.fetch;
  return async (request, response, url) => {
    const body = await readBody(request);
    if (body === undefined) {
      sendApiError(
        response,
        413,
        'EntityTooLarge',
        `the request body is over ${MAX_PROXIED_BODY_BYTES} bytes`,
      );
      return;
    }
    const method = request.method ?? 'GET';
    const target = new URL(`${base}${url.pathname}${url.search}`);
    const headers: Record<string, string> = { accept: 'application/json' };
    const contentType = request.headers['content-type'];
    if (body !== '' && typeof contentType === 'string') headers['content-type'] = contentType;
    const sent = body !== '' ? body : undefined;
    let signed: Record<string, string> = headers;
    if (options.signer) {
      try {
        signed = {
          ...headers,
          ...(await options.signer({
            method,
            url: target,
            headers,
            ...(sent !== undefined ? { body: sent } : {}),
          })),
        };
      } catch (error) {
        sendApiError(
          response,
          401,
          'CredentialsMissing',
          `no AWS credentials to sign with: ${(error as Error).message}`,
        );
        return;
      }
      // fetch sets these itself; a signed copy would be sent twice.
      delete signed.host;
    }
    let answer: Response;
    try {
      answer = await send(target, {
        method,
        headers: signed,
        ...(sent !== undefined ? { body: sent } : {}),
        signal: AbortSignal.timeout(PROXY_TIMEOUT_MS),
      });
    } catch (error) {
      sendApiError(response, 502, 'EndpointUnreachable', `cannot reach ${base}: ${failureReason(error)}`);
      return;
    }
    const text = await answer.text();
    const passed: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) passed[name] = value;
    }
    response.writeHead(answer.status, passed);
    response.end(text);
  };
}
