import type { Plugin } from 'vite';

export const PAGE_POLICY: Readonly<Record<string, readonly string[]>>;
export function contentSecurityPolicy(options?: { meta?: boolean }): string;
export const PAGE_HEADERS: Readonly<Record<string, string>>;
export const SANDBOX_HEADERS: Readonly<Record<string, string>>;
export const ASSET_HEADERS: Readonly<Record<string, string>>;
export function securityHeadersFor(
  pathname: string,
  base?: string,
): Readonly<Record<string, string>>;
export function addCspMeta(html: string): string;
export function securityHeaders(): Plugin[];
