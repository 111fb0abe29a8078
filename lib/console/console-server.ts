/**
 * `flowback console`: the web console on 127.0.0.1, its API requests forwarded to an endpoint (a
 * deployed stack included, signed with the local AWS credentials), so that no console is exposed in
 * the cloud.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleHandler } from './console-assets.ts';
import {
  type ConsoleProxyOptions,
  consoleProxy,
  hostRefusal,
  isApiPath,
  refusal,
  sendApiError,
} from './console-proxy.ts';

/** Options of `startConsoleServer`. */
export interface ConsoleServerOptions extends ConsoleProxyOptions {
  /** Port on 127.0.0.1 (0: a free one). */
  port: number;
  /** Where the built console lives (tests). */
  dist?: string;
  /** Told about unexpected failures. */
  onError?: (message: string) => void;
}

/** A running console server. */
export interface ConsoleServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the console's server on loopback. */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const signed = options.signer !== undefined;
  const assets = consoleHandler(() => ({ mode: 'proxy', endpoint: options.endpoint, signed }), options.dist);
  const proxy = consoleProxy(options);
  let port = options.port;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const wrongHost = hostRefusal(request, port);
    if (wrongHost !== undefined) {
      request.resume();
      sendApiError(response, 403, 'AccessDenied', wrongHost);
      return;
    }
    if (url.pathname === '/') {
      response.writeHead(302, { location: '/console/' });
      response.end();
      return;
    }
    if (assets(request, response)) return;
    if (!isApiPath(url.pathname)) {
      request.resume();
      sendApiError(response, 404, 'NotFound', `no route for ${url.pathname}`);
      return;
    }
    const refused = refusal(request);
    if (refused !== undefined) {
      request.resume();
      sendApiError(response, 403, 'AccessDenied', refused);
      return;
    }
    proxy(request, response, url).catch((error: unknown) => {
      options.onError?.(
        `console: ${request.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`,
      );
      if (!response.headersSent) sendApiError(response, 500, 'InternalServerError', 'internal error');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
