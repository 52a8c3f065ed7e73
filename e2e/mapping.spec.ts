// Dynamic task mapping (issue 16): a task mapped over an upstream's array runs once per item; the
// canvas shows it once with its progress, the Run tab lists its instances, a reload mid-run
// resumes only the instances not completed, and an empty array skips it.
import { expect, test } from '@playwright/test';
import { seriousViolations } from './pages/axeAudit.ts';
import { MappingPage } from './pages/MappingPage.ts';
import { MermaidPage } from './pages/MermaidPage.ts';
import { SideEffects } from './pages/RunPage.ts';
import { settledStoredRun, storedInstances } from './pages/storedRuns.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const ITEMS = 100;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// run-mapped: list returns 100 items; process (mapped over list) reports each instance's run as a
// side effect, and instances 50–99 then wait for the test's gate; collect gets the results.
test('a mapped workflow over 100 items: progress, instances, and a reload mid-run re-runs only the instances not completed', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const effects = await SideEffects.attach(context, ['gate']);
  const app = new MappingPage(page);
  await app.open();
  await app.importFixture('run-mapped.flowweaver.json', 3);
  const workflowId = (await app.openWorkflowId())!;
  await expect(app.taskNode('process').getByTestId('task-map-badge')).toHaveText('map');

  await app.run();
  // The first half completes; the second half waits at the gate.
  await expect(app.progressCount('process')).toHaveText(`50 / ${ITEMS}`);
  await app.expectStatus('process', 'running');
  await expect(app.progressBar('process')).toHaveAccessibleName(
    /^50 of 100 instances done: 50 completed, \d+ running$/,
  );
  // The Mermaid tab shows the task once, its counts relabelled in place as they change.
  const mermaid = new MermaidPage(page);
  await mermaid.showDiagram(3);
  const mappedNode = mermaid.diagramNodes.filter({ hasText: 'process ×' });
  await expect(mappedNode).toHaveText(/^process ×100: 50 done · \d+ running$/);
  let before: Awaited<ReturnType<typeof storedInstances>> = [];
  await expect
    .poll(async () => {
      before = (await storedInstances(page, workflowId, 'process')).filter(
        (s) => s.status === 'completed',
      );
      return before.length;
    })
    .toBe(50);

  // A reload resumes the run by itself: only the instances not completed run again.
  await page.reload();
  await expect(app.toast()).toContainText('Resumed: 1 task restored');
  await effects.unhold('gate');
  await app.expectStatus('process', 'completed');
  await app.expectStatus('collect', 'completed');
  await app.expectRunStatus('completed');
  await expect(app.progressCount('process')).toHaveText(`${ITEMS} / ${ITEMS}`);
  await expect(app.progressBar('process')).toHaveAccessibleName(
    '100 of 100 instances done: 100 completed',
  );

  await mermaid.showDiagram(3);
  await expect(mappedNode).toHaveText('process ×100: 100 done');

  // Stored: every instance completed; those completed before the reload were not run again.
  const stored = await settledStoredRun(page, workflowId, ['process', 'collect']);
  expect(stored['collect']!.result).toEqual(range(ITEMS));
  expect(stored['process']!.result).toEqual(
    range(ITEMS).map((i) => ({ index: i, item: `item-${i}` })),
  );
  const after = await storedInstances(page, workflowId, 'process');
  expect(after.map((s) => [s.index, s.status])).toEqual(range(ITEMS).map((i) => [i, 'completed']));
  for (const done of before) {
    expect(effects.count(`process-${done.index}`), `instance ${done.index}`).toBe(1);
    expect(after[done.index]!.startedAt).toBe(done.startedAt);
  }
  for (const i of range(ITEMS)) expect(effects.count(`process-${i}`)).toBeGreaterThanOrEqual(1);

  // The Runs tab counts the mapped task once, with its instances' counts beside.
  await app.bottomTab('Runs');
  await expect(app.runRows()).toHaveCount(1);
  await expect(app.runRows().getByTestId('run-row-map')).toHaveText(
    'process: 100 of 100 instances done: 100 completed',
  );

  // The Run tab lists the instances a page at a time; one shows its own logs, output and input.
  await app.inspectTask('process');
  await expect(app.drawer.getByTestId('task-map-summary')).toContainText(
    '100 of 100 instances done',
  );
  await expect(app.instanceRows).toHaveCount(50);
  await expect(app.instances.getByTestId('instance-page')).toHaveText('1–50 of 100');
  const late = await app.openInstance(72);
  await expect(app.instances.getByTestId('instance-page')).toHaveText('51–100 of 100');
  await expect(late.getByTestId('task-logs')).toContainText('processed item-72');
  await expect(late.getByTestId('task-output')).toContainText('item-72');
  await expect(late.getByTestId('drawer-inputs')).toContainText('item 72');
  // An instance restored by the resume shows the logs it wrote before the reload.
  const early = await app.openInstance(before[0]!.index);
  await expect(early).toContainText('(restored)');
  await expect(early.getByTestId('task-logs')).toContainText(`processed item-${before[0]!.index}`);
  await app.expectNoErrors();
});

test('Map over in the inspector, and a mapped task over an empty array is skipped', async ({
  page,
}) => {
  const app = new MappingPage(page);
  await app.open();
  await app.importFixture('run-map-empty.flowweaver.json', 3);
  await app.editTask('process');
  await expect(app.mapOverField).toHaveValue('');
  await app.mapOverField.selectOption('list');
  await expect(app.taskNode('process').getByTestId('task-map-badge')).toBeVisible();
  await expect(app.inspector.getByTestId('map-over-help')).toContainText(
    'Runs once per item of the array "list" returns',
  );
  const mermaid = new MermaidPage(page);
  await mermaid.showDiagram(3);
  await expect(mermaid.diagramNodes.filter({ hasText: 'process ×' })).toHaveText('process × list');

  // Map over must name a direct upstream: without the edge the field keeps the name and the
  // problem is said next to the options, like other problems.
  await app.clickEdge('list', 'process');
  await app.shortcut('Delete');
  await expect(app.edges).toHaveCount(1);
  await app.editTask('process');
  await expect(app.mapOverField).toHaveValue('list');
  const problems = app.inspector.getByRole('list', { name: 'Problems of this task' });
  await expect(problems).toContainText('not one of its direct upstream tasks');
  await app.toolbarUndo.click();
  await expect(app.edges).toHaveCount(2);
  await expect(problems).toHaveCount(0);

  await app.runToEnd('report');
  await app.expectStatus('process', 'skipped');
  await app.expectStatus('report', 'completed');
  // process is still selected from editing it: the Run tab shows its run details.
  await page.getByRole('tab', { name: 'Run', exact: true }).click();
  const drawer = app.drawer;
  await expect(drawer).toHaveAttribute('data-task', 'process');
  await expect(drawer.getByTestId('skip-reason')).toHaveText('(empty map)');
  await expect(app.instances).toContainText('No instances (the array was empty)');
  await mermaid.showDiagram(3);
  await expect(mermaid.diagramNodes.filter({ hasText: 'process ×' })).toHaveText('process ×0');
  await app.expectNoErrors();
});

// run-map-retry: process fails for item 3; once its code is fixed, Retry failed runs only that
// instance again (the others are restored from the failed run) and collect gets all ten.
test('Retry failed re-runs only the failed instances of a mapped task', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context);
  const app = new MappingPage(page);
  await app.open();
  await app.importFixture('run-map-retry.flowweaver.json', 3);
  await app.run();
  await app.expectRunStatus('failed');
  await app.expectStatus('process', 'failed');
  await expect(app.progressBar('process')).toHaveAccessibleName(
    '10 of 10 instances done: 9 completed, 1 failed',
  );
  await app.expectStatus('collect', 'skipped');

  await app.setTaskCode('process', "await fetch('/__effect/p' + index); return item * 10;");
  await app.retryFailed('completed');
  await expect(app.progressCount('process')).toHaveText('10 / 10');
  await app.expectStatus('collect', 'completed');
  for (const i of range(10)) expect(effects.count(`p${i}`), `item ${i}`).toBe(i === 3 ? 2 : 1);
  const stored = await settledStoredRun(page, (await app.openWorkflowId())!, ['collect']);
  expect(stored['collect']!.result).toEqual(range(10).map((i) => i * 10));
  await app.expectNoErrors();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the fan-out example's mapped task and its instances pass axe (${scheme})`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: scheme });
    const app = new MappingPage(page);
    await app.open();
    await app.openExample('Fan out over files');
    await app.runToEnd('summarise');
    await expect(app.progressCount('count_words')).toHaveText('12 / 12');
    await app.inspectTask('count_words');
    await app.openInstance(3);
    await page.screenshot({ path: testInfo.outputPath(`mapped-${scheme}.png`) });
    expect(await seriousViolations(page, `mapped task, ${scheme}`)).toEqual([]);
  });
}

test('the Tasks table says which task is mapped over which upstream', async ({
  page,
}, testInfo) => {
  const app = new MappingPage(page);
  await app.open();
  await app.openExample('Fan out over files');
  await page.getByRole('tab', { name: 'Tasks', exact: true }).click();
  const table = page.getByRole('table', { name: 'Tasks table' });
  const column = async (name: string) =>
    (await table.getByRole('columnheader').allTextContents()).indexOf(name);
  const cell = async (task: string, name: string) =>
    table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: task, exact: true }) })
      .getByRole('cell')
      .nth(await column(name));
  await expect(await cell('count_words', 'Map over')).toHaveText('list_files');
  await expect(await cell('summarise', 'Map over')).toHaveText('—');
  await expect(await cell('list_files', 'Branching')).toHaveText('—');
  await table.screenshot({ path: testInfo.outputPath('tasks-table.png') });
});
