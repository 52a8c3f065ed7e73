// Every picture under docs/images, one entry each: { file (no .png), scheme ('light' | 'dark'),
// viewport?, extra? (only with ALL=1), take(page, ctx) }. `take` gets a page in a fresh browser
// context and leaves it (or returns another page) showing the picture; the runner
// (scripts/screenshots.mjs) takes the screenshot. Add a picture by adding an entry.
import {
  boot,
  connect,
  dismissToasts,
  downloadOf,
  fullRun,
  importDoc,
  openExample,
  reviewBeforeRun,
  run,
  scrollReview,
  task,
  viewerLink,
} from './steps.mjs';
import { PALETTE_SHOTS } from './paletteShots.mjs';

/** README's hero: the ETL example after a run. */
async function etlAfterRun(page, ctx) {
  await boot(page, ctx);
  await run(page);
}

/** The Complex example laid out and framed. */
async function complexLaidOut(page, ctx) {
  await boot(page, ctx);
  await openExample(page, 'Complex multi-stage workflow');
  await dismissToasts(page);
  await page.getByRole('button', { name: 'Auto layout', exact: true }).click();
  await page.waitForTimeout(1200);
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
}

async function syntaxError(page, ctx) {
  await boot(page, ctx);
  await task(page, 'load').click();
  await page.locator('[data-testid="code-editor"] .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('const rows = validate.rows;\nreturn rows +;');
  await page.waitForTimeout(600);
}

export const SHOTS = [
  { file: 'app-light', scheme: 'light', take: etlAfterRun },
  { file: 'app-dark', scheme: 'dark', take: etlAfterRun },
  {
    file: 'editor-overview',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await task(page, 'transform').click();
    },
  },
  {
    file: 'editor-cycle-refused',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await task(page, 'transform').click();
      await connect(page, 'load', 'transform');
    },
  },
  { file: 'editor-syntax-error', take: syntaxError },
  {
    file: 'editor-checklist',
    take: async (page, ctx) => {
      await syntaxError(page, ctx);
      await page.getByRole('tab', { name: /^Checklist/ }).click();
    },
  },
  {
    file: 'editor-examples',
    scheme: 'dark',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await page.getByRole('button', { name: 'Examples', exact: true }).click();
    },
  },
  {
    file: 'editor-dark-layout',
    scheme: 'dark',
    take: async (page, ctx) => {
      await complexLaidOut(page, ctx);
      // A task's code in the dark editor, the cursor on its second line (the active line).
      await task(page, 'flaky_lookup').click();
      await page.locator('[data-testid="code-editor"] .cm-line').nth(1).click();
    },
  },
  {
    file: 'editor-shortcuts',
    scheme: 'dark',
    take: async (page, ctx) => {
      await complexLaidOut(page, ctx);
      await page.keyboard.press('Shift+?');
    },
  },
  {
    file: 'editor-workflows',
    scheme: 'dark',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await page.getByRole('button', { name: 'Workflows', exact: true }).click();
    },
  },
  {
    file: 'editor-recently-deleted',
    take: async (page, ctx) => {
      await boot(page, ctx);
      const list = page.getByTestId('workflow-list');
      await page.getByRole('button', { name: 'Workflows', exact: true }).click();
      for (const name of ['Full run', 'Visualise DAG']) {
        await list.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
        await list.locator(`[data-testid="deleted-row"][data-workflow-name="${name}"]`).waitFor();
      }
      await dismissToasts(page);
      await list.getByRole('region', { name: 'Recently deleted' }).scrollIntoViewIfNeeded();
    },
  },
  {
    file: 'editor-copy-prompt',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await openExample(page, 'Parallel run');
      await page.getByRole('button', { name: 'Examples', exact: true }).click();
      await page.getByRole('button', { name: 'Open example Parallel run' }).click();
      await page.getByRole('dialog', { name: 'You already have a copy' }).waitFor();
      await dismissToasts(page);
    },
  },
  {
    file: 'run-failed-drawer',
    take: async (page, ctx) => {
      await fullRun(page, ctx);
      await task(page, 'step_fail').click();
    },
  },
  {
    file: 'run-timeline',
    take: async (page, ctx) => {
      await fullRun(page, ctx);
      await page.getByRole('tab', { name: 'Timeline', exact: true }).click();
    },
  },
  {
    file: 'run-metrics-mermaid',
    take: async (page, ctx) => {
      await fullRun(page, ctx);
      await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
      await page.getByRole('tab', { name: /^Mermaid/ }).click();
      await page.waitForSelector('[data-testid="mermaid-diagram"][data-state="ready"] svg');
    },
  },
  {
    file: 'run-parameters-form',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await openExample(page, 'Parameters');
      await dismissToasts(page);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByRole('dialog', { name: 'Run with parameters' }).waitFor();
    },
  },
  {
    file: 'run-history-dark',
    scheme: 'dark',
    take: async (page, ctx) => {
      await fullRun(page, ctx);
      await page.getByRole('tab', { name: 'Runs', exact: true }).click();
    },
  },
  {
    // What Export SVG writes, opened on its own in Chromium (a new page showing only the file).
    file: 'editor-export-svg',
    viewport: { width: 760, height: 720 },
    take: async (page, ctx) => {
      await etlAfterRun(page, ctx);
      const svg = await downloadOf(page, 'Export SVG');
      const viewer = await ctx.newPage();
      await viewer.setContent(
        `<body style="margin:0"><img alt="" src="data:image/svg+xml;base64,${svg.toString('base64')}"></body>`,
      );
      await viewer.locator('img').evaluate((img) => img.decode());
      return viewer;
    },
  },
  { file: 'trust-review-light', take: reviewBeforeRun },
  {
    file: 'share-review',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await importDoc(page);
      await page.getByRole('button', { name: 'Share link', exact: true }).click();
      const link = new URL(await page.getByRole('textbox', { name: 'Share link' }).inputValue());
      const receiver = await ctx.newPage();
      await boot(receiver, ctx, link.pathname + link.hash);
      await receiver.getByTestId('share-dialog').waitFor();
      return receiver;
    },
  },
  {
    file: 'mermaid-view-example',
    viewport: { width: 1280, height: 720 },
    take: async (page, ctx) => {
      const tasks = [
        { name: 'extract', code: '', dependsOn: [] },
        { name: '<img src=x onerror=alert(1)>', code: '', dependsOn: ['extract'] },
        { name: 'load', code: '', dependsOn: ['<img src=x onerror=alert(1)>'] },
      ];
      const document = {
        format: 'flowweaver.workflow',
        version: 1,
        id: 'view',
        name: 'demo',
        tasks,
      };
      await page.goto(ctx.base + viewerLink(document, ['completed', 'running', 'pending']));
      await page.locator('#fw-diagram svg g.node').nth(2).waitFor();
    },
  },

  ...PALETTE_SHOTS,

  // Design checks, not used by the docs (ALL=1).
  {
    file: 'trust-review-dark',
    scheme: 'dark',
    extra: true,
    take: reviewBeforeRun,
  },
  {
    file: 'trust-review-light-end',
    extra: true,
    take: async (page, ctx) => {
      await reviewBeforeRun(page, ctx);
      await scrollReview(page, 1e6);
    },
  },
  {
    file: 'trust-review-origins',
    extra: true,
    take: async (page, ctx) => {
      await reviewBeforeRun(page, ctx);
      await page.getByRole('dialog').getByText('Only these sites').click();
      await page.getByLabel('Allowed sites').fill('https://api.example.com\napi.example.com/path');
      await scrollReview(page, 0);
    },
  },
];
