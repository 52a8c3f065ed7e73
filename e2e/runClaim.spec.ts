// One run of a workflow at a time across tabs: the run is claimed (a Web Lock per workflow) before
// anything starts, so two tabs pressing Run at the same moment start one run, and the other tab
// mirrors it.
import { expect, test } from '@playwright/test';
import { RunPage, SideEffects } from './pages/RunPage.ts';

const workflow = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'claim',
  name: 'Claimed once',
  tasks: [
    {
      name: 'a',
      code: "await fetch('/__effect/a'); return 1;",
      dependsOn: [],
      position: { x: 0, y: 0 },
    },
    {
      name: 'b',
      code: "await fetch('/__effect/b'); return a + 1;",
      dependsOn: ['a'],
      position: { x: 0, y: 140 },
    },
  ],
};

test('two tabs pressing Run at the same moment start one run; the other tab mirrors it', async ({
  page,
  context,
}) => {
  const effects = await SideEffects.attach(context, ['a']);
  const first = new RunPage(page);
  await first.open();
  await first.importDocument(workflow);
  await first.run('Any site');
  await expect.poll(() => effects.count('a')).toBe(1);
  await effects.release();
  await first.expectRunStatus('completed');

  const second = new RunPage(await context.newPage());
  await second.open();
  await expect(second.workflowName).toHaveText('Claimed once');
  await expect(second.button('Run')).toBeEnabled();

  // Both press Run in the same instant; `a` is held, so the winner's run is still going.
  // (force: a button that the winner's run already disabled takes the click and does nothing.)
  await Promise.all([
    first.button('Run').click({ force: true }),
    second.button('Run').click({ force: true }),
  ]);
  await expect.poll(() => effects.count('a')).toBe(2);
  // The tab whose click lost the claim says so (unless the winner's run reached it first and its
  // Run button was already disabled: then nothing started there either).
  const loserToast = /already running in another tab/;
  const toasts =
    (await first.page.getByText(loserToast).count()) +
    (await second.page.getByText(loserToast).count());
  expect(toasts).toBeLessThanOrEqual(1);
  await effects.release();
  await first.expectRunStatus('completed');
  await second.expectRunStatus('completed');
  const sources = [
    await first.progress.getAttribute('data-run-source'),
    await second.progress.getAttribute('data-run-source'),
  ].sort();
  expect(sources).toEqual(['live', 'remote']);
  expect(effects.count('a')).toBe(2);
  expect(effects.count('b')).toBe(2);
});
