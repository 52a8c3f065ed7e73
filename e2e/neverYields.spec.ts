// A task that never yields under Async or Sequential cannot lose the run: the run worker that
// records completions never runs task code, so what completed before the loop is kept through a
// Cancel and a reload.
import { expect, test } from '@playwright/test';
import { RunPage } from './pages/RunPage.ts';
import { settledStoredRun } from './pages/storedRuns.ts';

for (const executor of ['async', 'sequential'] as const) {
  test(`under ${executor}, a completion before a never-yielding task survives Cancel and a reload`, async ({
    page,
  }) => {
    const app = new RunPage(page);
    await app.open();
    const workflow = {
      format: 'flowweaver.workflow',
      version: 1,
      id: 'never-yields',
      name: 'Never yields',
      tasks: [
        { name: 'done_first', code: "return 'kept';", dependsOn: [], position: { x: 0, y: 0 } },
        {
          name: 'spin',
          code: 'while (true) {}',
          dependsOn: ['done_first'],
          position: { x: 0, y: 140 },
        },
      ],
    };
    await app.importDocument(workflow);
    await app.useExecutor(executor);
    await app.run('Off');
    await app.expectStatus('done_first', 'completed');
    await app.expectStatus('spin', 'running');
    await app.button('Cancel run').click();
    await app.expectRunStatus('cancelled');

    await page.reload();
    await expect(page.locator('html[data-booted="true"]')).toBeAttached();
    await app.expectStatus('done_first', 'completed');
    await app.expectStatus('spin', 'cancelled');
    const stored = await settledStoredRun(page, (await app.openWorkflowId())!, [
      'done_first',
      'spin',
    ]);
    expect(stored.done_first).toMatchObject({ status: 'completed', result: 'kept' });
    await page.getByTestId('bottom-panel').getByRole('tab', { name: 'Runs', exact: true }).click();
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(page.getByTestId('run-row').first()).toContainText('cancelled');
  });
}
