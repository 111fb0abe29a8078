/**
 * The local runtime's approval-link secret: generated once and kept in the data folder
 * (`DATA/link-secret`, readable by its owner only), so that links mailed before a restart still check
 * out after it; with `--memory`, a new one per run (links die with the process, like everything else).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIN_LINK_SECRET_BYTES, newLinkSecret } from '../runtime/approval-links.ts';

/** The file of the secret in a data folder. */
export const LINK_SECRET_FILE = 'link-secret';

/** The secret of `dataDir` (created when missing), or a fresh one without a folder. */
export async function localLinkSecret(dataDir: string | undefined): Promise<Buffer> {
  if (dataDir === undefined) return newLinkSecret();
  const file = join(dataDir, LINK_SECRET_FILE);
  try {
    const secret = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
    if (secret.length >= MIN_LINK_SECRET_BYTES) return secret;
    throw new Error(
      `${file} holds fewer than ${MIN_LINK_SECRET_BYTES} bytes; delete it to make a new secret`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = newLinkSecret();
  // `wx`: two starts racing on one folder cannot both write (the data lock forbids it anyway).
  await writeFile(file, `${secret.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
