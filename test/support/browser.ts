import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { describeWithTool } from './external-tool';

const CHROMIUM = '/usr/bin/chromium';

/** Screenshots of every step, for a person to look at. */
export const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'web');

/** `describe` for specs that drive Debian's Chromium (skipped with a line without it, outside CI). */
export const describeInChromium = describeWithTool('chromium', existsSync(CHROMIUM), 'apt-get install chromium');

/** Debian's chromium, as root in CI: flags per the workplace's notes, no browser download. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a numbered screenshot named `prefix-name.png`. */
export function screenshotter(prefix: string): (page: Page, name: string) => Promise<void> {
  let step = 0;
  return async (page, name) => {
    await page.screenshot({ path: join(SHOTS, `${prefix}-${String(++step).padStart(2, '0')}-${name}.png`) });
  };
}
