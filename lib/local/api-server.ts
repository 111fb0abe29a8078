/**
 * The local API endpoint: `node:http` on loopback, each request turned into an API Gateway proxy
 * event for the same api handler that runs in Lambda.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { toApiGatewayEvent, writeApiGatewayResult } from './apigateway-event.ts';

/** The api Lambda's handler, as far as the server needs it. */
export type ApiGatewayHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Largest request body read, as API Gateway's payload limit (the API itself refuses over 1 MiB). */
export const MAX_GATEWAY_BODY_BYTES = 10 * 1024 * 1024;

/** How long `close` lets requests in flight finish before it cuts their connections, in ms. */
export const CLOSE_GRACE_MS = 1000;

/** Answers a request before the API does (the web console's files); returns whether it did. */
export type RequestTaker = (request: IncomingMessage, response: ServerResponse) => boolean;

/** A listening API server. */
export interface ApiServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** Stops accepting requests, waits for those in flight, and closes idle connections. */
  close(): Promise<void>;
}

/** Reads the body; `undefined` when empty, `'too-large'` past the limit. */
function readBody(request: IncomingMessage): Promise<string | undefined | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_GATEWAY_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A JSON error answer for a request the handler never saw. */
function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ code, message, requestId: randomUUID() });
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(body);
}

/**
 * Starts the server on `127.0.0.1:port` (0 = a free port). `onError` hears unexpected failures; `take`
 * may answer a request first (the web console at `/console`).
 */
export async function startApiServer(
  handler: ApiGatewayHandler,
  port: number,
  onError: (message: string) => void,
  take?: RequestTaker,
): Promise<ApiServer> {
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    if (body === 'too-large') {
      sendError(response, 413, 'EntityTooLarge', `the request body is over ${MAX_GATEWAY_BODY_BYTES} bytes`);
      return;
    }
    writeApiGatewayResult(response, await handler(toApiGatewayEvent(request, body)));
  };
  const server = createServer((request, response) => {
    if (take?.(request, response)) return;
    serve(request, response).catch((error: unknown) => {
      onError(
        `api: ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!response.headersSent) sendError(response, 500, 'InternalServerError', 'internal error');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Long polls (DescribeExecution waits up to 20 s) get a moment, then their sockets are cut.
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close((error) => {
          clearTimeout(cut);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
