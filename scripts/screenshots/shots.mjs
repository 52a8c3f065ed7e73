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

/** 1,000 tasks, 25 a layer, each waiting 40 ms on two of the layer above: a run to watch. */
const THOUSAND = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'overview-demo',
  name: 'Nightly backfill',
  tasks: Array.from({ length: 1000 }, (_, i) => {
    const up = i - 25;
    return {
      name: `shard_${i}`,
      code:
        i === 437
          ? 'throw new Error("bad shard");'
          : `await new Promise((r) => setTimeout(r, 40));\nreturn ${i};`,
      dependsOn: up >= 0 ? [`shard_${up}`, `shard_${up - (up % 25) + ((up + 1) % 25)}`] : [],
    };
  }),
};

/** The canvas overview: every task of THOUSAND in view (Fit view) mid-run, one named on hover. */
async function overviewMidRun(page, ctx) {
  await boot(page, ctx);
  await page.getByTestId('import-input').setInputFiles({
    name: 'backfill.flowweaver.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(THOUSAND)),
  });
  await task(page, 'shard_0').waitFor();
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  const overview = page.getByTestId('canvas-overview');
  await overview.waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByTestId('review-run').click();
  // Half the tasks done and shard_437 failed (what depends on it skipped): the colours of a run.
  await page.waitForFunction(
    () =>
      Number(
        /completed (\d+)/.exec(
          document.querySelector('[data-testid=canvas-overview]')?.getAttribute('data-drawn') ?? '',
        )?.[1] ?? 0,
      ) >= 520,
    null,
    { timeout: 60_000 },
  );
  const box = await overview.boundingBox();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.55);
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
    file: 'run-mapped-task',
    take: async (page, ctx) => {
      await boot(page, ctx);
      await openExample(page, 'Fan out over files');
      await run(page);
      await task(page, 'count_words').click();
      await page.getByRole('button', { name: 'Instance 3: completed' }).click();
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
  { file: 'canvas-overview-run', take: overviewMidRun },
  { file: 'canvas-overview-run-dark', scheme: 'dark', extra: true, take: overviewMidRun },
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
