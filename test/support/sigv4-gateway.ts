/**
 * A stand-in for API Gateway with IAM auth, in front of a local runtime: every request must carry a
 * valid SigV4 signature (checked independently of the SDK by `checkSigV4`) for `execute-api` with the
 * one known secret, or it is refused as API Gateway refuses it (403, `x-amzn-ErrorType`). `expired`
 * makes it answer as for expired credentials.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSigV4 } from './sigv4-check.ts';

/** A running gateway. */
export interface SigV4Gateway {
  url: string;
  /** Requests forwarded (signed correctly) and refused. */
  counts: { forwarded: number; refused: number };
  /** The headers of the last request received. */
  lastHeaders: IncomingMessage['headers'];
  /** Answer every request as API Gateway does for an expired session token. */
  expired: boolean;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts a gateway on 127.0.0.1 that forwards correctly signed requests to `target`. */
export async function startSigV4Gateway(target: string, secretAccessKey: string): Promise<SigV4Gateway> {
  const gateway: SigV4Gateway = {
    url: '',
    counts: { forwarded: 0, refused: 0 },
    lastHeaders: {},
    expired: false,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      gateway.lastHeaders = request.headers;
      const refuse = (type: string, message: string): void => {
        gateway.counts.refused++;
        response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-ErrorType': type });
        response.end(JSON.stringify({ message }));
      };
      if (gateway.expired) {
        refuse('ExpiredTokenException', 'The security token included in the request is expired');
        return;
      }
      const checked = checkSigV4(
        { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body },
        secretAccessKey,
        'execute-api',
      );
      if (checked !== true) {
        refuse(
          request.headers.authorization ? 'InvalidSignatureException' : 'MissingAuthenticationTokenException',
          request.headers.authorization ? `signature: ${checked}` : 'Missing Authentication Token',
        );
        return;
      }
      gateway.counts.forwarded++;
      const answer = await fetch(`${target}${request.url}`, {
        method: request.method ?? 'GET',
        headers: { 'content-type': String(request.headers['content-type'] ?? 'application/json') },
        ...(body !== '' ? { body } : {}),
      });
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      response.end(await answer.text());
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return gateway;
}
