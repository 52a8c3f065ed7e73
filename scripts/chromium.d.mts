export function findChromium(): string | undefined | null;
export const CHROMIUM_ARGS: string[];
export const NO_BROWSER_MESSAGE: string;
