import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addCspMeta,
  ASSET_HEADERS,
  contentSecurityPolicy,
  PAGE_HEADERS,
  SANDBOX_HEADERS,
  securityHeadersFor,
} from './securityHeaders.mjs';

describe('the Content Security Policy', () => {
  it('is the issue policy, with frame-ancestors in the header only', () => {
    const header = contentSecurityPolicy();
    expect(header).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy({ meta: true })).toBe(
      header.replace("; frame-ancestors 'none'", ''),
    );
    expect(header).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('goes into a built page right after its charset, before any script', () => {
    const html =
      '<!doctype html><html><head>\n    <meta charset="UTF-8" />\n    <script type="module" src="/a.js"></script></head></html>';
    const out = addCspMeta(html);
    const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ meta: true })}" />`;
    expect(out).toContain(`<meta charset="UTF-8" />\n    ${meta}`);
    expect(out.indexOf(meta)).toBeLessThan(out.indexOf('<script'));
    expect(() => addCspMeta('<html><head></head></html>')).toThrow(/charset/);
  });
});

describe('securityHeadersFor', () => {
  it.each([
    ['/', PAGE_HEADERS],
    ['/index.html', PAGE_HEADERS],
    ['/mermaid-view.html', PAGE_HEADERS],
    ['/mermaid-view', PAGE_HEADERS],
    ['/some/app/route', PAGE_HEADERS],
    ['/sandbox.html', SANDBOX_HEADERS],
    ['/sandbox', SANDBOX_HEADERS],
    ['/assets/main-abc.js', ASSET_HEADERS],
    ['/assets/main-abc.css', ASSET_HEADERS],
    ['/favicon.svg', ASSET_HEADERS],
  ])('%s', (path, headers) => {
    expect(securityHeadersFor(path)).toBe(headers);
  });

  it('reads paths below a base', () => {
    expect(securityHeadersFor('/app/sandbox.html', '/app/')).toBe(SANDBOX_HEADERS);
    expect(securityHeadersFor('/app/', '/app/')).toBe(PAGE_HEADERS);
    expect(securityHeadersFor('/app/assets/x.js', '/app/')).toBe(ASSET_HEADERS);
  });

  it('never sends the app policy or frame-ancestors none to the sandbox document', () => {
    expect(SANDBOX_HEADERS).toEqual({
      'Content-Security-Policy': "frame-ancestors 'self'",
      'X-Content-Type-Options': 'nosniff',
    });
    expect(PAGE_HEADERS).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
  });
});

describe('docs/operating.md', () => {
  it('gives a static host the headers the preview server sends', () => {
    const docs = readFileSync(new URL('../docs/operating.md', import.meta.url), 'utf8');
    for (const headers of [PAGE_HEADERS, SANDBOX_HEADERS, ASSET_HEADERS]) {
      for (const [name, value] of Object.entries(headers)) {
        expect(docs).toContain(`${name}: ${value}`);
      }
    }
  });
});
