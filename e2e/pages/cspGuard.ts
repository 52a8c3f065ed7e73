import { expect, type BrowserContext, type Page } from '@playwright/test';

const guarded = new WeakSet<BrowserContext>();

/**
 * The task sandbox (/sandbox.html and the blob: workers it starts in its opaque origin) has its
 * own policy, the workflow's network setting: a request it refuses there is the sandbox doing its
 * job (e2e/sandbox.spec.ts provokes them), not a violation of the app's policy.
 */
function inSandbox(url: string): boolean {
  return url.startsWith('blob:null/') || /\/sandbox\.html(?:[?#]|$)/.test(url);
}

/** Text that marks a Content Security Policy violation in Chromium's console. */
export const CSP_VIOLATION = /Content Security Policy/i;

/**
 * Fails the running test (softly, so it still runs to its end) on any Content Security Policy
 * violation in any page of the page's context, popups included: Chromium's own console report
 * ("Refused to … because it violates the following Content Security Policy directive …") and the
 * page's `securitypolicyviolation` events, which a script reports to the console here. The task
 * sandbox is left out (`inSandbox`). Once per context; resolves when the reporting script is
 * installed (before the next navigation).
 */
export async function guardCsp(page: Page): Promise<void> {
  const context = page.context();
  if (guarded.has(context)) return;
  guarded.add(context);
  context.on('console', (msg) => {
    if (CSP_VIOLATION.test(msg.text()) && !inSandbox(msg.location().url)) {
      expect.soft(msg.text(), `CSP violation on ${msg.page()?.url() ?? 'a worker'}`).toBe('');
    }
  });
  await context.addInitScript(() => {
    if (location.pathname.endsWith('/sandbox.html')) return;
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `Content Security Policy violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
}
