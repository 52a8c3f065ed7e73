// A task that logs in a loop: its lines are capped where they are captured (in the task worker),
// so the run worker, the page and the store see the first and last lines and a note of how many
// were dropped, never 200,000 lines.
import { expect, test } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';

test('a 200,000-line log flood keeps its first and last lines and says how many were dropped', async ({
  page,
}) => {
  const app = new InspectPage(page);
  await app.open();
  const flood = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'flood',
    name: 'Log flood',
    tasks: [
      {
        name: 'chatty',
        code: "for (let i = 0; i < 200000; i++) console.log('line ' + i);\nreturn 'done';",
        dependsOn: [],
        position: { x: 0, y: 0 },
      },
    ],
  };
  await app.importDocument(flood);
  await app.runToEnd('chatty');
  await expect(app.taskNode('chatty')).toHaveAttribute('data-status', 'completed');
  const drawer = await app.inspectTask('chatty');
  const logs = drawer.getByTestId('task-logs');
  const scroller = logs.locator('.log-view__scroll');
  // The view opens at the end of the log…
  await expect(logs).toContainText('line 199999');
  // …and scrolling up shows the note about the dropped lines, then the first lines.
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight * 0.45));
  await expect(logs).toContainText('199100 log lines dropped here');
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect(logs).toContainText('line 0');
  await expect(logs).toContainText('line 1');
  await app.expectNoErrors();
});
