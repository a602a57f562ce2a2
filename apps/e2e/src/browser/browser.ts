import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium; .ci/run installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots and other artifacts of the browser tests (git-ignored). */
export const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'artifacts', 'ops-console');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Containers without user namespaces cannot run Chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A laptop-sized page. */
export async function laptopPage(browser: Browser): Promise<Page> {
  // bypassCSP: the console's CSP forbids scripts; axe-core is injected by the test only.
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    bypassCSP: true,
  });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
