/** dynalite (the DynamoDB API, in this process) on a random loopback port, in memory or on disk. */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { closeDynaliteIterators } from './dynalite-iterators.ts';

/** A running dynalite. */
export interface DynaliteServer {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** Stops listening and closes the store (flushes LevelDB to disk). */
  close(): Promise<void>;
}

/** Starts dynalite; `path` keeps the tables on disk there (created if missing), else in memory. */
export async function startDynalite(path?: string): Promise<DynaliteServer> {
  if (path !== undefined) await mkdir(path, { recursive: true });
  closeDynaliteIterators();
  // Tables are ACTIVE at once: nothing to wait for at start-up.
  const server: Server = dynalite({
    ...(path !== undefined ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets of SDK clients would hold `close` open until they time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
