// Stops `npm test` early, with instructions instead of a stack trace, when no Chromium exists.
import { findChromium, NO_BROWSER_MESSAGE } from './chromium.mjs';

if (findChromium() === null) {
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}
