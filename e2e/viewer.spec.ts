// The standalone viewer (mermaid-view.html) draws only workflows: a link cannot make it show
// Mermaid text, links or forms on the app's address.
import { deflateRawSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { layeredWorkflow } from './fixtures/workflows.ts';
import { guardCsp } from './pages/cspGuard.ts';

/** A phishing page in Mermaid: a click link, markdown and HTML links, an HTML form with a password field. */
const PHISHING = [
  'graph TD',
  '    a["<b>Session expired</b>: sign in again"]',
  '    b["`[Sign in](https://evil.example/login)`"]',
  '    c["<form action=https://evil.example><input type=password name=p></form>"]',
  '    d["<a href=https://evil.example>Continue</a>"]',
  '    click a "https://evil.example/login" "Sign in"',
  '    click b href "https://evil.example" _blank',
].join('\n');

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
/** A fragment packed as FlowWeaver packs it (deflate-raw + base64url), by hand. */
const zFragment = (value: unknown) =>
  `z=${base64url(deflateRawSync(Buffer.from(JSON.stringify(value))))}`;
const jFragment = (value: unknown) => `j=${base64url(Buffer.from(JSON.stringify(value)))}`;

const HAND_MADE: readonly (readonly [string, string])[] = [
  ['Mermaid text in the old payload', zFragment({ text: PHISHING, title: 'Sign in' })],
  ['Mermaid text, uncompressed', jFragment({ text: PHISHING })],
  ['raw Mermaid text', encodeURIComponent(PHISHING)],
  [
    'Mermaid text in place of the workflow',
    zFragment({ format: 'flowweaver.mermaid-view', version: 1, document: PHISHING }),
  ],
];

async function expectRefused(page: Page): Promise<void> {
  const refusal = page.getByTestId('mermaid-view-refusal');
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('Refused');
  await expect(page.locator('#fw-title')).toHaveText('No diagram shown');
  await expect(page.locator('svg')).toHaveCount(0);
  await expect(page.locator('a, form, input, iframe, object, embed')).toHaveCount(0);
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  await expect(page.getByText('Session expired')).toHaveCount(0);
}

for (const [name, fragment] of HAND_MADE) {
  test(`the viewer refuses a hand-made link: ${name}`, async ({ page }, testInfo) => {
    await guardCsp(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`/mermaid-view.html#${fragment}`);
    await expectRefused(page);
    await expect(page.getByRole('alert')).toContainText(
      'draws only diagrams it generates itself from a workflow',
    );
    if (name === HAND_MADE[0]![0]) {
      await page.screenshot({ path: testInfo.outputPath('viewer-refusal.png') });
    }
    expect(errors).toEqual([]);
  });
}

test('a diagram replaced by a hand-made fragment is refused, not drawn', async ({ page }) => {
  await guardCsp(page);
  const workflow = layeredWorkflow('two', 'Two tasks', 2);
  await page.goto(
    `/mermaid-view.html#${zFragment({ format: 'flowweaver.mermaid-view', version: 1, document: workflow })}`,
  );
  await expect(page.locator('#fw-diagram svg g.node')).toHaveCount(2);
  await expect(page.locator('#fw-title')).toHaveText('Two tasks');
  await page.evaluate((hash) => (location.hash = hash), zFragment({ text: PHISHING }));
  await expectRefused(page);
});

test('the viewer says so when a link holds no diagram', async ({ page }) => {
  await guardCsp(page);
  await page.goto('/mermaid-view.html');
  await expect(page.getByTestId('mermaid-view-refusal')).toHaveText(/No diagram in this link/);
  await expect(page.locator('svg')).toHaveCount(0);
});
