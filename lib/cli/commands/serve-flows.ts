/** Which flows folder `flowback serve` loads when `--flows` is not given. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOCAL_DEFAULTS } from '../../local/defaults.ts';

/**
 * The default flows folder (`examples/flows`) if it exists here. It is optional (`npx flowback serve`
 * outside a clone), but starting with no flows is said: `warn` gets one line. A folder given with
 * `--flows` must exist (the start-up stops otherwise: `readFlowFolder`).
 */
export function defaultFlowsDir(
  warn: (line: string) => void,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (exists(LOCAL_DEFAULTS.flowsDir)) return LOCAL_DEFAULTS.flowsDir;
  warn(
    `flowback serve: warning: no flows folder ${resolve(LOCAL_DEFAULTS.flowsDir)}; starting with no flows (--flows DIR loads the flows of DIR)`,
  );
  return undefined;
}
