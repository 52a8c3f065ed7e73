import { expect, test } from '@playwright/test';
import { RunPage, SideEffects } from './pages/RunPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('an example runs to the end and every node completes', async ({ page }) => {
  const app = new RunPage(page);
  await app.open();
  await expect(app.taskNodes).toHaveCount(7);
  await app.run();
  await app.expectRunStatus('completed');
  for (const node of await app.taskNodes.all()) {
    await expect(node).toHaveAttribute('data-status', 'completed');
  }
  await expect(app.progress).toContainText('7 / 7');
  await expect(app.progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(app.toast()).toContainText('Run completed: 7 tasks');
  await app.expectNoErrors();
});

test('a failing task fails, its downstream is skipped, an independent branch completes, and Retry failed re-runs only what failed', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context);
  const app = new RunPage(page);
  await app.open();
  await app.importFixture('run-failing.flowweaver.json', 5);
  await app.run();
  await app.expectRunStatus('failed');
  await app.expectStatus('load', 'completed');
  await app.expectStatus('broken', 'failed');
  await app.expectStatus('after_broken', 'skipped');
  await app.expectStatus('side', 'completed');
  await app.expectStatus('side_after', 'completed');
  await expect(app.toast()).toContainText('"broken" threw: boom: bad input 21');
  await expect(app.progress).toContainText('1 failed');

  // Fix the code, then retry: only the failed task and its skipped downstream run again.
  await app.clickTask('broken');
  await app.tab('Inspector');
  await app.typeCode('return load * 2;');
  await expect(app.codeEditor).toContainText('return load * 2;');
  await app.button('Retry failed').click();
  await app.expectRunStatus('completed');
  for (const name of ['load', 'broken', 'after_broken', 'side', 'side_after']) {
    await app.expectStatus(name, 'completed');
  }
  expect(effects.count('load')).toBe(1);
  expect(effects.count('side')).toBe(1);
  expect(effects.count('side_after')).toBe(1);
  // The fixed code of "broken" has no side effect: its one count is the failing attempt.
  expect(effects.count('broken')).toBe(1);
  expect(effects.count('after_broken')).toBe(1);
  await expect(app.taskNode('load')).toHaveAttribute('data-attempts', '1');
  await app.expectNoErrors();
});

test('an infinite loop with a 1 s timeout fails by timeout while the others finish', async ({
  page,
}) => {
  const app = new RunPage(page);
  await app.open();
  await app.importFixture('run-timeout.flowweaver.json', 5);
  await app.run();
  await app.expectRunStatus('failed');
  await app.expectStatus('spin', 'failed');
  await app.expectStatus('after_spin', 'skipped');
  await app.expectStatus('quick_a', 'completed');
  await app.expectStatus('quick_b', 'completed');
  await app.expectStatus('join', 'completed');
  await expect(app.toast()).toContainText('"spin" timed out after 1000 ms');
  await app.expectNoErrors();
});

test('Cancel run stops a run mid-way and keeps what completed', async ({ page, context }) => {
  // step2 stays in flight (its side effect gets no answer) until the run is cancelled.
  const effects = await SideEffects.attach(context, ['step2']);
  const app = new RunPage(page);
  await app.open();
  await app.importFixture('run-slow.flowweaver.json', 4);
  await app.run();
  await app.expectRunStatus('running');
  await app.expectStatus('step1', 'completed');
  await expect.poll(() => effects.count('step2')).toBe(1);
  await app.button('Cancel run').click();
  await app.expectRunStatus('cancelled');
  await app.expectStatus('step1', 'completed');
  await app.expectStatus('step2', 'cancelled');
  await app.expectStatus('step4', 'pending');
  await expect(app.toast()).toContainText('Run cancelled: 1 completed result kept');
  await expect(app.button('Run')).toBeEnabled();
  expect(effects.count('step3')).toBe(0);
  await effects.release();
  await app.expectNoErrors();
});

test('an infinite loop fails by its timeout under every executor: the sandbox worker is replaced', async ({
  page,
}) => {
  const app = new RunPage(page);
  await app.open();
  await app.importFixture('run-timeout.flowweaver.json', 5);
  for (const executor of ['async', 'sequential'] as const) {
    await app.useExecutor(executor);
    await app.run();
    await app.expectRunStatus('failed');
    await app.expectStatus('spin', 'failed');
    await app.expectStatus('after_spin', 'skipped');
    await app.expectStatus('join', 'completed');
    await expect(app.toast()).toContainText('"spin" timed out after 1000 ms');
  }
  await app.expectNoErrors();
});

test('a busy loop without a timeout never freezes the page, and Cancel ends it at once', async ({
  page,
}) => {
  const app = new RunPage(page);
  await app.open();
  const busy = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'busy',
    name: 'Busy loop',
    tasks: [
      { name: 'quick', code: 'return 1;', dependsOn: [], position: { x: 0, y: 0 } },
      { name: 'spin', code: 'while (true) {}', dependsOn: ['quick'], position: { x: 0, y: 140 } },
    ],
  };
  await app.importDocument(busy);
  await app.useExecutor('async');
  await app.run('Off');
  await app.expectStatus('quick', 'completed');
  await app.expectStatus('spin', 'running');
  // The loop holds a worker in the sandbox, not the page: the editor still answers.
  await app.clickTask('quick');
  await expect(app.taskNode('quick')).toHaveClass(/selected/);
  await app.button('Cancel run').click();
  await app.expectRunStatus('cancelled');
  await app.expectStatus('spin', 'cancelled');
  await app.expectStatus('quick', 'completed');
  // Its worker was replaced after the grace period: no need for the page's last resort.
  await expect(app.toast()).not.toContainText('did not stop within 5 s');
  await app.run();
  await app.expectStatus('spin', 'running');
  await app.button('Cancel run').click();
  await app.expectRunStatus('cancelled');
  await app.expectNoErrors();
});

test('"Run this task" names an input that was never produced and runs nothing', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context);
  const app = new RunPage(page);
  await app.open();
  await app.importFixture('run-failing.flowweaver.json', 5);
  await app.clickTask('side_after');
  await app.button('Run this task').click();
  await expect(app.toast()).toContainText('"side" never produced a result');
  await expect(app.progress).toHaveCount(0);
  expect(effects.count('side_after')).toBe(0);

  // After a run, "Run from here" re-runs the task and its downstream on the cached upstream.
  await app.run();
  await app.expectRunStatus('failed');
  await app.clickTask('side');
  await app.button('Run from here').click();
  await app.expectRunStatus('completed');
  await app.expectStatus('side_after', 'completed');
  await app.expectStatus('broken', 'failed');
  expect(effects.count('side')).toBe(2);
  expect(effects.count('side_after')).toBe(2);
  expect(effects.count('load')).toBe(1);

  // "Run this task" runs only the selected task on the cached result of its upstream.
  await app.clickTask('after_broken');
  await app.button('Run this task').click();
  await expect(app.toast()).toContainText('"broken" never produced a result');
  await app.clickTask('side_after');
  await app.button('Run this task').click();
  await expect.poll(() => effects.count('side_after')).toBe(3);
  await app.expectRunStatus('completed');
  await app.expectStatus('side_after', 'completed');
  await expect(app.taskNode('side')).toHaveAttribute('data-restored', 'true');
  expect(effects.count('side')).toBe(2);
  await app.expectNoErrors();
});

/** Starts the slow chain and waits until step1 is done and step2 has started. */
async function startSlowChain(app: RunPage, effects: SideEffects): Promise<void> {
  await app.open();
  await app.importFixture('run-slow.flowweaver.json', 4);
  await app.run();
  await app.expectStatus('step1', 'completed');
  await expect.poll(() => effects.count('step2')).toBe(1);
}

/** After a resume: every task completed, each ran once except the interrupted step2. */
async function expectResumedOnce(app: RunPage, effects: SideEffects): Promise<void> {
  await app.expectRunStatus('completed');
  for (const name of ['step1', 'step2', 'step3', 'step4'])
    await app.expectStatus(name, 'completed');
  for (const name of ['step1', 'step3', 'step4']) {
    await expect(app.taskNode(name)).toHaveAttribute('data-attempts', '1');
    expect(effects.count(name)).toBe(1);
  }
  // The in-flight task ran again: its interrupted attempt counts.
  await expect(app.taskNode('step2')).toHaveAttribute('data-attempts', '2');
  expect(effects.count('step2')).toBe(2);
  await app.expectNoErrors();
}

test('a reload mid-run resumes the run and no completed task runs twice', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context);
  const app = new RunPage(page);
  await startSlowChain(app, effects);
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  await expect(app.toast()).toContainText('Resumed: 1 task restored, 1 running again');
  await expectResumedOnce(app, effects);
});

test('closing the tab mid-run and opening the app again resumes the run', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context);
  await startSlowChain(new RunPage(page), effects);
  await page.close();

  const again = new RunPage(await context.newPage());
  await again.open();
  await expect(again.workflowName).toHaveText('Run: slow chain');
  await expect(again.toast()).toContainText('Resumed: 1 task restored');
  await expectResumedOnce(again, effects);
});

test('another tab mirrors the run read-only', async ({ page, context }) => {
  const runner = new RunPage(page);
  await runner.open();
  await runner.importFixture('run-slow.flowweaver.json', 4);
  const mirror = new RunPage(await context.newPage());
  await mirror.open();
  await expect(mirror.workflowName).toHaveText('Run: slow chain');
  await runner.run();
  await expect(mirror.progress).toHaveAttribute('data-run-source', 'remote');
  await mirror.expectStatus('step1', 'completed');
  await expect(mirror.button('Run')).toBeDisabled();
  await expect(mirror.button('Cancel run')).toBeDisabled();
  await mirror.expectRunStatus('completed');
  await runner.expectRunStatus('completed');
  await runner.expectNoErrors();
  await mirror.expectNoErrors();
});

test('when the runner tab dies, the mirroring tab takes the run over', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context);
  const runner = new RunPage(page);
  await runner.open();
  await runner.importFixture('run-slow.flowweaver.json', 4);
  const mirror = new RunPage(await context.newPage());
  await mirror.open();
  await expect(mirror.workflowName).toHaveText('Run: slow chain');
  await runner.run();
  await expect(mirror.progress).toHaveAttribute('data-run-source', 'remote');
  await mirror.expectStatus('step1', 'completed');
  await expect.poll(() => effects.count('step2')).toBe(1);
  await page.close();
  await expect(mirror.toast()).toContainText('Resumed: 1 task restored, 1 running again');
  await expect(mirror.progress).toHaveAttribute('data-run-source', 'live');
  await mirror.expectRunStatus('completed');
  expect(effects.count('step1')).toBe(1);
  expect(effects.count('step3')).toBe(1);
  expect(effects.count('step4')).toBe(1);
  await mirror.expectNoErrors();
});

test('without browser storage a run still completes in memory and says so', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined });
  });
  const app = new RunPage(page);
  await app.open();
  await expect(page.getByTestId('storage-banner')).toBeVisible();
  await expect(app.toast()).toContainText('runs are kept in memory only');
  await app.run();
  await app.expectRunStatus('completed');
  await expect(app.toast()).toContainText('Run completed: 7 tasks');
  await app.expectNoErrors();
});
