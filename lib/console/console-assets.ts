/**
 * The web console's files (`console/dist`, built and committed) served under `/console/`, for the
 * local runtime's API server and for `flowback console`: the bundle's files, `index.html` for every
 * page address, and `/console/config.json` saying what the console talks to.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/** The built console, in the repository (and the package). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** What the console is told about the server (`/console/config.json`). */
export interface ConsoleConfig {
  mode: 'local' | 'proxy';
  endpoint: string;
  signed: boolean;
}

/** Takes a request when it is the console's; answers whether it did. */
export type ConsoleRequestHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * Only the console's own files run; Mermaid's SVG carries its own `<style>` (hence inline styles); no
 * frame may embed the console.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Sends a small text answer. */
function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...CONSOLE_SECURITY_HEADERS });
  response.end(text);
}

/** Serves one file of the bundle, or the page shell for a page address. */
async function serveFile(
  dist: string,
  path: string,
  method: string,
  response: ServerResponse,
): Promise<void> {
  const relativePath = path.slice(CONSOLE_PATH.length).replace(/^\/+/, '');
  const isAsset = relativePath.startsWith('assets/');
  const file = isAsset ? resolve(dist, relativePath) : resolve(dist, 'index.html');
  if (!file.startsWith(dist.endsWith(sep) ? dist : `${dist}${sep}`)) {
    sendText(response, 404, 'not found');
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    if (isAsset) sendText(response, 404, 'not found');
    else sendText(response, 500, 'the console is not built: run `npm run console:build`');
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    // Asset names carry a hash of their content; the shell names the current ones.
    'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...CONSOLE_SECURITY_HEADERS,
  });
  response.end(method === 'HEAD' ? undefined : body);
}

/**
 * A handler of `/console` and everything below it. `config` is told to the page; by default it names
 * the server the page was loaded from.
 */
export function consoleHandler(
  config: (request: IncomingMessage) => ConsoleConfig,
  dist: string = CONSOLE_DIST,
): ConsoleRequestHandler {
  const root = resolve(dist);
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('method not allowed');
      return true;
    }
    request.resume();
    if (path === CONSOLE_PATH) {
      response.writeHead(308, { location: `${CONSOLE_PATH}/` });
      response.end();
      return true;
    }
    if (path === `${CONSOLE_PATH}/config.json`) {
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...CONSOLE_SECURITY_HEADERS,
      });
      response.end(JSON.stringify(config(request)));
      return true;
    }
    serveFile(root, path, method, response).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'internal error');
      else response.destroy();
    });
    return true;
  };
}

/** The console of the local runtime: the API is the server the page came from. */
export function localConsole(dist?: string): ConsoleRequestHandler {
  return consoleHandler(
    (request) => ({
      mode: 'local',
      endpoint: `http://${request.headers.host ?? '127.0.0.1'}`,
      signed: false,
    }),
    dist,
  );
}
