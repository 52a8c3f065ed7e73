// The preview server (what `npm start` and the e2e suite serve) sends the app's security headers,
// and the built pages carry the same policy as a <meta> tag.
import { expect, test } from '@playwright/test';
import {
  ASSET_HEADERS,
  contentSecurityPolicy,
  PAGE_HEADERS,
  SANDBOX_HEADERS,
} from '../scripts/securityHeaders.mjs';

const lower = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

test('the app and the viewer are served with the CSP and security headers', async ({ request }) => {
  for (const path of ['/', '/index.html', '/mermaid-view.html', '/some/app/path']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    expect(headers, path).toMatchObject(lower(PAGE_HEADERS));
    const csp = headers['content-security-policy']!;
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "frame-src 'self'",
      "worker-src 'self'",
      "connect-src 'self'",
    ]) {
      expect(csp.split('; '), `${path}: ${directive}`).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  }
});

test('the built pages carry the policy as a <meta> tag before any script', async ({ request }) => {
  for (const path of ['/', '/mermaid-view.html']) {
    const html = await (await request.get(path)).text();
    const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ meta: true })}" />`;
    expect(html, path).toContain(meta);
    expect(html.indexOf(meta), path).toBeLessThan(html.indexOf('<script'));
    // frame-ancestors is ignored (with a console warning) in a <meta> policy: header only.
    expect(meta).not.toContain('frame-ancestors');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), `${path}: inline scripts`).toBeNull();
  }
});

test('the sandbox document gets only frame-ancestors self, and assets only nosniff', async ({
  request,
}) => {
  const sandbox = (await request.get('/sandbox.html')).headers();
  expect(sandbox).toMatchObject(lower(SANDBOX_HEADERS));
  expect(sandbox['content-security-policy']).toBe("frame-ancestors 'self'");
  expect(sandbox['cross-origin-opener-policy']).toBeUndefined();

  const html = await (await request.get('/')).text();
  const script = /<script[^>]*\bsrc="([^"]+)"/.exec(html)![1]!;
  const asset = await request.get(script);
  expect(asset.status()).toBe(200);
  expect(asset.headers()).toMatchObject(lower(ASSET_HEADERS));
  // Worker scripts take their policy from their own response: assets carry none.
  expect(asset.headers()['content-security-policy']).toBeUndefined();
});
