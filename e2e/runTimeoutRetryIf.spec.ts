import { expect, test } from '@playwright/test';
import { RunPage } from './pages/RunPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// Issue 16: a workflow with a run timeout and a task whose retryIf does not match its error. The
// timeout leaves a loaded machine seconds to start the sandbox's workers and hear `flaky` fail
// before it cancels `hang`, which waits for it.
const DOC = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'timeout-retryif',
  name: 'Timeout and retryIf',
  timeoutMs: 4000,
  tasks: [
    {
      name: 'flaky',
      code: 'throw new RangeError("out of range");',
      dependsOn: [],
      retries: 3,
      retryIf: { errorName: ['TypeError'] },
      position: { x: 0, y: 0 },
    },
    {
      name: 'hang',
      code: 'await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));',
      dependsOn: [],
      position: { x: 260, y: 0 },
    },
    { name: 'after', code: 'return 1;', dependsOn: ['hang'], position: { x: 260, y: 160 } },
  ],
};

test('a run timeout ends the run as timed out; retryIf fails a non-matching error at once', async ({
  page,
}, testInfo) => {
  const app = new RunPage(page);
  await app.open();
  await app.importDocument(DOC);

  // The workflow's timeout and the task's retryIf are shown in the inspector.
  await expect(page.getByLabel('Run timeout (ms)')).toHaveValue('4000');
  await app.select('flaky');
  await expect(page.getByLabel('Retry only if error name is')).toHaveValue('TypeError');
  await expect(page.getByLabel('or message matches')).toHaveValue('');

  await app.run();
  await app.expectRunStatus('failed');
  await expect(page.getByTestId('run-progress-timed-out')).toHaveText('— timed out');
  await app.expectStatus('flaky', 'failed');
  await app.expectStatus('hang', 'cancelled');
  await app.expectStatus('after', 'pending');
  expect(await app.attempts('flaky')).toBe(1);
  await expect(app.toast()).toContainText(
    /Run timed out after .+ \(the workflow's timeout\): 1 running task cancelled, 1 not started/,
  );
  await page.screenshot({ path: testInfo.outputPath('run-timed-out.png') });

  // An invalid pattern is refused in place, with the reason.
  await app.select('flaky');
  await page.getByLabel('or message matches').fill('^ECONN(');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Not a valid regular expression' }),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('retryif-invalid-pattern.png') });
});
