// The first run (no marker file yet) creates the marker and hangs, to be killed with its worker; later runs
// answer at once. The marker file is the first argument.
import { existsSync, writeFileSync } from 'node:fs';

const marker = process.argv[2];
if (!existsSync(marker)) {
  writeFileSync(marker, String(process.pid));
  setTimeout(() => {}, 120_000);
} else {
  process.stdout.write(JSON.stringify({ receiveCount: Number(process.env.FLOWBACK_RECEIVE_COUNT ?? '0') }));
}
