/**
 * A local runtime for a benchmark: in memory (dynalite and fauxqs in this process), on free loopback
 * ports, metered, with the benchmark's functions (`bench/functions`) and the given flows.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineIndexProjections, RequestMeter } from '../../lib/adapters/aws/request-meter.ts';
import { FlowbackClient } from '../../lib/client/index.ts';
import type { ExecutionKey } from '../../lib/engine/types.ts';
import { LOCAL_TABLES, type LocalRuntime, startLocalRuntime } from '../../lib/local/start-local-runtime.ts';

/** The benchmark's functions folder. */
export const BENCH_FUNCTIONS_DIR = fileURLToPath(new URL('../functions', import.meta.url));

/** A running benchmark runtime. */
export interface BenchRuntime {
  local: LocalRuntime;
  client: FlowbackClient;
  meter: RequestMeter;
  /** Resolves when the execution ends (or after `timeoutMs`), without any request. */
  ended(key: ExecutionKey, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a metered in-memory local runtime serving `flows` (name → FDL text). */
export async function startBenchRuntime(flows: Record<string, string>): Promise<BenchRuntime> {
  const flowsDir = await mkdtemp(join(tmpdir(), 'flowback-bench-'));
  for (const [name, text] of Object.entries(flows)) await writeFile(join(flowsDir, `${name}.yaml`), text);
  const meter = new RequestMeter({ indexes: engineIndexProjections(LOCAL_TABLES) });
  const local = await startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: flowsDir,
    memory: true,
    flowsDir,
    functionsDir: BENCH_FUNCTIONS_DIR,
    // The jobs functions share the benchmark's job service (bench/support/jobs.ts): same event loop.
    functionIsolation: 'inline',
    meter,
    ...(process.env.BENCH_SWEEP_MS ? { sweepIntervalMs: Number(process.env.BENCH_SWEEP_MS) } : {}),
    log: (line) => {
      if (!line.startsWith('flows:')) process.stderr.write(`  [runtime] ${line}\n`);
    },
  }).catch(async (error: unknown) => {
    await rm(flowsDir, { recursive: true, force: true });
    throw error;
  });
  return {
    local,
    client: new FlowbackClient({ endpoint: local.apiUrl }),
    meter,
    ended: (key, timeoutMs) => local.runtime.waiters.wait(key, timeoutMs).promise,
    stop: async () => {
      await local.stop();
      await rm(flowsDir, { recursive: true, force: true });
    },
  };
}
