/** fauxqs (the SQS API, in this process) bound to loopback only. */
import type { AddressInfo } from 'node:net';
import { buildApp } from 'fauxqs';

/** A running fauxqs. */
export interface SqsServer {
  /** `http://127.0.0.1:PORT`: the endpoint printed for external queue workers. */
  endpoint: string;
  port: number;
  /** Stops it; every message is lost (fauxqs keeps them in memory only). */
  close(): Promise<void>;
}

/**
 * Starts fauxqs on `127.0.0.1:port` (0 = a free port). `startFauxqs` would listen on every interface,
 * so the app is built and bound here.
 */
export async function startSqsServer(port: number): Promise<SqsServer> {
  const app = buildApp({ logger: false, defaultRegion: 'us-east-1' });
  await app.listen({ host: '127.0.0.1', port });
  const actual = (app.server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    close: async () => {
      await app.close();
    },
  };
}
