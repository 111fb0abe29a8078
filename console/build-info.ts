/**
 * What the committed console bundle (`console/dist`) was built from: a SHA-256 of every source file
 * in it (the console's own, and the `lib/fdl` and `lib/graph` it bundles) and the version of every
 * package bundled. `npm run console:build` writes it; a test checks it against the working tree, so
 * that the committed assets cannot drift from their sources.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The file, in `console/dist`, that records the build's inputs. */
export const BUILD_INFO_FILE = 'build-info.json';

/** Files that shape the bundle without being modules of it. */
export const BUILD_FILES = ['console/index.html', 'console/vite.config.ts', 'console/build-info.ts'] as const;

/** The inputs of a build. */
export interface BuildInfo {
  /** Repository-relative path → SHA-256 (hex) of the file. */
  sources: Record<string, string>;
  /** Package folder (`node_modules/mermaid`) → version, for every package a module of the bundle came from. */
  packages: Record<string, string>;
}

/** SHA-256 of a file's bytes, hex. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The folder of the package a module path lies in (`node_modules/a/node_modules/@scope/b`). */
function packageFolder(path: string): string | undefined {
  return /^(?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+(?=\/)/.exec(path)?.[0];
}

/** The version of the package installed in `folder` (repository-relative). */
export function installedVersion(root: string, folder: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** The build info of a bundle made of `moduleIds` (absolute paths, maybe with a query or a `\0`). */
export function buildInfo(root: string, moduleIds: Iterable<string>): BuildInfo {
  const sources: Record<string, string> = {};
  const packages: Record<string, string> = {};
  const files = new Set<string>(BUILD_FILES);
  for (const id of moduleIds) {
    if (id.startsWith('\0')) continue;
    const path = relative(root, id.replace(/\?.*$/, '')).split(sep).join('/');
    if (path.startsWith('..')) continue;
    const folder = packageFolder(path);
    if (folder !== undefined) {
      const version = installedVersion(root, folder);
      if (version !== undefined) packages[folder] = version;
    } else {
      files.add(path);
    }
  }
  for (const path of [...files].sort()) sources[path] = hashFile(join(root, path));
  return { sources, packages: Object.fromEntries(Object.entries(packages).sort()) };
}

/** How the working tree differs from a build's inputs: one line per changed source or package. */
export function driftFrom(root: string, info: BuildInfo): string[] {
  const problems: string[] = [];
  for (const [path, hash] of Object.entries(info.sources)) {
    let now: string;
    try {
      now = hashFile(join(root, path));
    } catch {
      problems.push(`${path}: bundled, but no longer exists`);
      continue;
    }
    if (now !== hash) problems.push(`${path}: changed since the bundle was built`);
  }
  for (const [name, version] of Object.entries(info.packages)) {
    const now = installedVersion(root, name);
    if (now !== version) problems.push(`${name}: bundled at ${version}, installed ${now ?? 'not at all'}`);
  }
  return problems;
}
