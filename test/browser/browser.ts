/**
 * Debian's chromium driven by playwright-core, with the flags this machine needs (no sandbox as
 * root, nothing that reaches for the network), and screenshots kept as test artifacts.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** The browser (Debian's package `chromium`; `.ci/run` installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (not committed); the README's come from `UPDATE_SCREENSHOTS=1`. */
export const ARTIFACTS = 'test-artifacts/console';

/** The README's screenshots. */
export const README_SCREENSHOTS = 'docs/console';

/** Starts a headless chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context whose pages can run the checks' functions: tsx compiles them with esbuild's
 * `keepNames`, which calls a `__name` helper that only exists in Node.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript('globalThis.__name = (target) => target;');
  return context;
}

/** Saves a full-page screenshot under the artifacts (and for the README when asked). */
export async function screenshot(page: Page, suite: string, name: string): Promise<void> {
  const folder = join(ARTIFACTS, suite);
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1' && suite === 'local') {
    await mkdir(README_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(README_SCREENSHOTS, `${name}.png`), fullPage: false });
  }
}

/** Errors the page threw or logged (a Content-Security-Policy refusal included). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      errors.push(message.text());
  });
  return errors;
}
