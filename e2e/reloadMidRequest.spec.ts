// A reload while a task awaits a request: the browser cancels the request as the page goes away,
// and the task's code may still reach an outcome from that ("Failed to fetch", or a value made up
// after catching it) in the moments before its sandbox is torn down. That outcome is not how the
// task ended: the run must stay interrupted and resume, not end failed or completed.
import { expect, test } from '@playwright/test';
import type { WorkflowDocument } from '../src/engine/index.ts';
import { RunPage, SideEffects } from './pages/RunPage.ts';

for (const variant of ['lets the error through', 'catches the error'] as const) {
  test(`a reload while a task awaits a request resumes the run (the task ${variant})`, async ({
    page,
    context,
  }) => {
    const effects = await SideEffects.attach(context, ['wait']);
    const app = new RunPage(page);
    await app.open();
    const request = "await fetch('/__effect/' + ctx.taskName)";
    const document: WorkflowDocument = {
      format: 'flowweaver.workflow',
      version: 2,
      id: 'reload-mid-request',
      name: 'Reload mid request',
      tasks: [
        { name: 'first', code: 'return 0;', dependsOn: [] },
        {
          name: 'wait',
          code:
            variant === 'catches the error'
              ? `try { ${request}; return 'answered'; } catch { return 'made up after a cancelled request'; }`
              : `${request}; return 'answered';`,
          dependsOn: ['first'],
        },
        { name: 'after', code: 'return wait;', dependsOn: ['wait'] },
      ],
    };
    await app.importDocument(document);
    await app.run();
    await expect.poll(() => effects.count('wait')).toBe(1);
    await page.reload();
    await expect(page.locator('html[data-booted="true"]')).toBeAttached();
    await expect(app.toast()).toContainText('Resumed: 1 task restored, 1 running again');
    await expect.poll(() => effects.count('wait')).toBe(2);
    await effects.release();
    await app.expectRunStatus('completed');
    await expect(app.taskNode('wait')).toHaveAttribute('data-attempts', '2');
    await app.expectStatus('after', 'completed');
  });
}
