// A new user's session in one page, end to end (issue 14): build a workflow by mouse, run it, break
// it, Retry failed, reload mid-run, export, delete, import, restore the delete after a reload, open
// an example twice and a share link twice. At the end every workflow the user made is in the list
// with its content, every run is in history with its outcome, and no view shows a status of
// another workflow.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { TaskDoc } from './pages/EditorPage.ts';
import { MermaidPage } from './pages/MermaidPage.ts';
import { SideEffects, STATUS_FILLS } from './pages/RunPage.ts';
import { WorkflowsPage } from './pages/WorkflowsPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const NAME = 'My pipeline';

// source → double, source → slow, double + slow → report. `slow` reports its side effect, so the
// test can keep it in flight (its request gets no answer) while the page reloads mid-run. A reload
// aborts that request in the page going away: `slow` then waits for ever there instead of going on
// (a task that went on could be recorded as completed, on the aborted request, in the moments before
// the page is gone, and the reload would then find nothing to resume).
const TASKS: TaskDoc[] = [
  { name: 'source', code: 'return 21;', dependsOn: [] },
  { name: 'double', code: 'return source * 2;', dependsOn: ['source'] },
  {
    name: 'slow',
    code: "await fetch('/__effect/' + ctx.taskName).catch(() => new Promise(() => {})); log('slow done'); return source + 1;",
    dependsOn: ['source'],
  },
  { name: 'report', code: 'return double + slow;', dependsOn: ['double', 'slow'] },
];
const BROKEN = "throw new Error('broken on purpose');";
const EXAMPLE = 'Parallel run';

const short = (runId: string) => runId.slice(0, 8);

test('a user session: nothing made is lost, every run is in history, no view shows another workflow', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(180_000);
  const effects = await SideEffects.attach(context);
  const app = new WorkflowsPage(page);
  const mermaid = new MermaidPage(page);
  await app.open();

  // Build the workflow by mouse: add four tasks on the canvas, name them, connect them by dragging
  // from handle to handle, type their code.
  await app.newWorkflow();
  await app.tab('Inspector');
  await app.inspector.getByLabel('Workflow name').fill(NAME);
  await expect(app.workflowName).toHaveText(NAME);
  const places: [number, number][] = [
    [0.45, 0.15],
    [0.25, 0.45],
    [0.65, 0.45],
    [0.45, 0.75],
  ];
  for (const [i, [fx, fy]] of places.entries()) {
    const added = await app.addTaskAt(fx, fy);
    await app.renameTask(added, TASKS[i]!.name);
  }
  for (const task of TASKS)
    for (const upstream of task.dependsOn) await app.connect(upstream, task.name);
  await expect(app.edges).toHaveCount(4);
  for (const task of TASKS) await app.setTaskCode(task.name, task.code);
  const myId = (await app.openWorkflowId())!;

  // Run it: everything completes.
  await app.run();
  await app.expectRunStatus('completed');
  for (const task of TASKS) await app.expectStatus(task.name, 'completed');
  const firstRun = (await app.shownRunId())!;

  // Break it: `double` throws, `report` below it is skipped, the other branch completes.
  await app.setTaskCode('double', BROKEN);
  await app.run();
  await app.expectRunStatus('failed');
  await app.expectStatus('double', 'failed');
  await app.expectStatus('report', 'skipped');
  await app.expectStatus('slow', 'completed');
  await expect(app.toast()).toContainText('"double" threw: broken on purpose');
  const failedRun = (await app.shownRunId())!;

  // Fix it and Retry failed: a new run, linked to the failed one.
  await app.setTaskCode('double', TASKS[1]!.code);
  const retryRun = await app.retryFailed('completed');
  await app.expectStatus('report', 'completed');

  // Run again and reload while `slow` is in flight: the run resumes and completes.
  effects.hold('slow');
  const slowBefore = effects.count('slow');
  await app.run();
  const resumedRun = (await app.shownRunId())!;
  await expect.poll(() => effects.count('slow')).toBe(slowBefore + 1);
  await app.reload();
  await expect(app.toast()).toContainText('Resumed:');
  expect(await app.shownRunId()).toBe(resumedRun);
  await expect.poll(() => effects.count('slow')).toBe(slowBefore + 2);
  await effects.release();
  await app.expectRunStatus('completed');
  for (const task of TASKS) await app.expectStatus(task.name, 'completed');
  await expect((await app.runOverview()).getByTestId('run-resumed')).toBeVisible();

  // Export it: the file holds the tasks, their dependencies and their code.
  const file = testInfo.outputPath('exported.flowweaver.json');
  expect(await app.exportJson(file)).toBe('My-pipeline.flowweaver.json');
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { name: string; tasks: TaskDoc[] };
  expect(exported.name).toBe(NAME);
  expect(
    exported.tasks.map(({ name, code, dependsOn }) => ({
      name,
      code,
      dependsOn: [...dependsOn].sort(),
    })),
  ).toEqual(TASKS);

  // Delete it, then import the exported file: a new workflow, never run.
  await app.deleteWorkflow(NAME);
  await expect(app.deletedRowOf(myId)).toHaveCount(1);
  await app.closeList();
  // The app opened another workflow, which never ran: none of the deleted one's statuses show.
  await expect(app.workflowName).not.toHaveText(NAME);
  await app.expectNoRunShown();
  await app.importFile(file, NAME);
  const importedId = (await app.openWorkflowId())!;
  expect(importedId).not.toBe(myId);
  await expect(app.networkAccess).toHaveText('Network off');

  // After a reload, undo the delete. Ctrl+Z would undo the newer import first (the toolbar's Undo
  // says so), so the delete is undone from Recently deleted.
  await app.reload();
  await expect(app.toolbarUndo).toHaveAttribute('title', `Undo the import of "${NAME}" (Ctrl+Z)`);
  await app.restoreById(myId);
  await app.openSavedById(myId);
  await expect(app.taskNodes).toHaveCount(4);

  // Open an example twice: the second time the app offers the copy made the first time.
  const beforeExample = await app.openWorkflowId();
  await app.openExampleCopy(EXAMPLE);
  await expect.poll(() => app.openWorkflowId()).not.toBe(beforeExample);
  await expect(app.workflowName).toHaveText(EXAMPLE);
  const exampleCopyId = (await app.openWorkflowId())!;
  await app.openSavedById(myId);
  await app.openExampleCopy(EXAMPLE);
  await expect(app.copyPrompt).toBeVisible();
  await app.copyPrompt.getByRole('button', { name: 'Open the copy you made' }).click();
  await expect(app.copyPrompt).toHaveCount(0);
  await expect.poll(() => app.openWorkflowId()).toBe(exampleCopyId);
  await expect(app.workflowName).toHaveText(EXAMPLE);

  // Open a share link of the workflow twice: once in a new tab (adds a copy), then pasted into this
  // page: the app offers the copy already made.
  await app.openSavedById(myId);
  const link = await app.shareLink();
  const tab = new WorkflowsPage(await context.newPage());
  await tab.open(link);
  await tab.page
    .getByTestId('share-dialog')
    .getByRole('button', { name: 'Add to my workflows' })
    .click();
  await expect.poll(() => tab.openWorkflowId()).not.toBe(myId);
  await expect(tab.workflowName).toHaveText(NAME);
  const linkCopyId = (await tab.openWorkflowId())!;
  await tab.expectNoErrors();
  await tab.page.close();
  await app.openSavedById(exampleCopyId);
  await page.goto(link);
  await expect(app.copyPrompt).toBeVisible();
  await expect(app.copyPrompt).toContainText(NAME);
  await app.copyPrompt.getByRole('button', { name: 'Open the copy you made' }).click();
  await expect(app.copyPrompt).toHaveCount(0);
  await expect.poll(() => app.openWorkflowId()).toBe(linkCopyId);
  await expect(app.workflowName).toHaveText(NAME);
  // This page lists the copy the other tab made.
  await app.openList();
  await expect(app.rowOf(linkCopyId)).toContainText('4 tasks');
  await app.closeList();

  // Everything the user made is in the list, as saved.
  await app.reload();
  await app.openList();
  for (const id of [myId, importedId, linkCopyId])
    await expect(app.rowOf(id)).toContainText('4 tasks');
  await expect(app.rowOf(exampleCopyId)).toHaveAttribute('data-workflow-name', EXAMPLE);
  await expect(app.row(NAME)).toHaveCount(3);
  // The seeded example and the one copy.
  await expect(app.row(EXAMPLE)).toHaveCount(2);
  await app.closeList();

  // The workflow that ran: its content, its last run on every view, its four runs in history.
  await app.openSavedById(myId);
  await app.expectTasks(TASKS);
  await expect.poll(() => app.shownRunId()).toBe(resumedRun);
  for (const task of TASKS) await app.expectStatus(task.name, 'completed');
  await expect.poll(() => app.minimapFills()).toEqual([STATUS_FILLS.completed]);
  await mermaid.showDiagram(4);
  for (const task of TASKS)
    await expect.poll(() => mermaid.nodeStatus(task.name)).toBe('completed');
  await app.expectRuns(4);
  const rows = app.runRows();
  await expect(rows.nth(0)).toHaveAttribute('data-run-id', resumedRun);
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'completed');
  await expect(rows.nth(1)).toHaveAttribute('data-run-id', retryRun);
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'completed');
  await expect(rows.nth(1)).toHaveAttribute('data-attempt', '2');
  await expect(rows.nth(1)).toHaveAttribute('data-parent-run-id', failedRun);
  await expect(rows.nth(1).getByTestId('run-lineage')).toHaveText(
    `attempt 2 · retry of ${short(failedRun)}`,
  );
  await expect(rows.nth(2)).toHaveAttribute('data-run-id', failedRun);
  await expect(rows.nth(2)).toHaveAttribute('data-status', 'failed');
  await expect(rows.nth(2).getByTestId('run-lineage')).toHaveText(`retried by ${short(retryRun)}`);
  await expect(rows.nth(3)).toHaveAttribute('data-run-id', firstRun);
  await expect(rows.nth(3)).toHaveAttribute('data-status', 'completed');
  // The failed run opens as it ended.
  await rows.nth(2).getByRole('button', { name: 'Open' }).click();
  await expect(app.banner).toContainText(`Viewing run ${short(failedRun)}`);
  await app.expectStatus('double', 'failed');
  await app.expectStatus('report', 'skipped');
  const double = await app.inspectTask('double');
  await expect(double.getByTestId('task-error')).toContainText('broken on purpose');

  // The workflows that never ran show no status, though they share its task names.
  for (const id of [importedId, linkCopyId]) {
    await app.openSavedById(id);
    await app.expectTasks(TASKS);
    await app.expectNoRunShown();
    await mermaid.showDiagram(4);
    for (const task of TASKS)
      await expect.poll(() => mermaid.nodeStatus(task.name)).toBe('pending');
  }
  await app.openSavedById(exampleCopyId);
  await app.expectNoRunShown();
  await app.expectNoErrors();
});
