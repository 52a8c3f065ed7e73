// Finds a Chromium for Playwright and Vitest browser mode. Order: CHROMIUM_PATH, Debian's
// chromium, then the browser Playwright installed itself (`npx playwright install chromium`).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const DEBIAN_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** Returns the executable to launch, `undefined` for Playwright's own browser, or `null` when none exists. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const debian = DEBIAN_PATHS.find((p) => existsSync(p));
  if (debian) return debian;
  try {
    return existsSync(chromium.executablePath()) ? undefined : null;
  } catch {
    return null;
  }
}

/** Flags that keep headless Chromium quiet on machines with no network but localhost. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const NO_BROWSER_MESSAGE = `No Chromium found for the browser tests.
Install one of:
  - Debian/Ubuntu:  sudo apt-get install chromium
  - anywhere else:  npx playwright install chromium
or point CHROMIUM_PATH at a Chromium/Chrome executable.`;
