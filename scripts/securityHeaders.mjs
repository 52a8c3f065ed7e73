// The Content Security Policy and security headers of the app and the Mermaid viewer: one source
// for the <meta> tag written into the built pages, the `vite preview` server's headers, the e2e
// checks and docs/operating.md. Plain JavaScript so vite.config.ts and Playwright both load it.

/**
 * The policy of the app (index.html) and the viewer (mermaid-view.html), directive by directive.
 * Vite's production build loads only same-origin module scripts and style sheets (no inline
 * script), so `script-src 'self'` is enough; nothing needs `'unsafe-eval'`.
 */
export const PAGE_POLICY = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // 'unsafe-inline' for styles only: every SVG mermaid draws carries a <style> element and inline
  // style attributes (its classDef colours), and the panel recolours nodes through inline styles.
  'style-src': ["'self'", "'unsafe-inline'"],
  // data: for the PNG export (an SVG drawn from a data: URL) and image exports; blob: for downloads.
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  // The run worker, the task workers and the layout worker are same-origin scripts.
  'worker-src': ["'self'"],
  // The app frames /sandbox.html (task code runs there, in an opaque origin).
  'frame-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  // Browsers ignore frame-ancestors in a <meta> policy: it is sent as a header only.
  'frame-ancestors': ["'none'"],
});

/** Directives a <meta> policy cannot carry (browsers ignore them there, with a console warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The policy as text; `{ meta: true }` leaves out the header-only directives. */
export function contentSecurityPolicy({ meta = false } = {}) {
  return Object.entries(PAGE_POLICY)
    .filter(([directive]) => !(meta && HEADER_ONLY.has(directive)))
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers of the HTML pages (the app, the viewer and the SPA fallback). */
export const PAGE_HEADERS = Object.freeze({
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

/**
 * Headers of /sandbox.html: the app frames it in a sandboxed iframe and it carries its own
 * policy in a <meta> tag, so it gets neither the app's policy nor `frame-ancestors 'none'`;
 * only the app's own pages may frame it.
 */
export const SANDBOX_HEADERS = Object.freeze({
  'Content-Security-Policy': "frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
});

/** Headers of everything else (scripts, styles, images). */
export const ASSET_HEADERS = Object.freeze({ 'X-Content-Type-Options': 'nosniff' });

/**
 * The headers for a request path (`base` is Vite's base, default `/`). Paths ending in `.html`
 * or without a file extension are pages (Vite serves `x.html` for `/x` and the app for unknown
 * paths); `sandbox.html` and `sandbox` are the sandbox document.
 */
export function securityHeadersFor(pathname, base = '/') {
  const path = pathname.startsWith(base)
    ? pathname.slice(base.length)
    : pathname.replace(/^\//, '');
  const last = path.split('/').pop() ?? '';
  if (last === 'sandbox.html' || last === 'sandbox') return SANDBOX_HEADERS;
  if (last === '' || last.endsWith('.html') || !last.includes('.')) return PAGE_HEADERS;
  return ASSET_HEADERS;
}

/** The <meta> tag written into each built page, right after its charset. */
export function addCspMeta(html) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ meta: true })}" />`;
  const charset = /<meta charset="[^"]*"\s*\/?>/i;
  if (!charset.test(html))
    throw new Error('securityHeaders: a page without <meta charset> in its <head>');
  return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
}

/**
 * Vite plugins: the policy as a <meta> tag in production builds only (the dev server needs inline
 * scripts for React refresh), and the headers on `vite preview`'s responses.
 */
export function securityHeaders() {
  return [
    {
      name: 'flowweaver-csp-meta',
      apply: 'build',
      transformIndexHtml: { order: 'post', handler: addCspMeta },
    },
    {
      name: 'flowweaver-preview-headers',
      configurePreviewServer(server) {
        const base = server.config.base || '/';
        server.middlewares.use((req, res, next) => {
          const { pathname } = new URL(req.url ?? '/', 'http://localhost');
          for (const [name, value] of Object.entries(securityHeadersFor(pathname, base))) {
            res.setHeader(name, value);
          }
          next();
        });
      },
    },
  ];
}
