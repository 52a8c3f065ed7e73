import { expect, test } from '@playwright/test';
import { InspectPage } from './pages/InspectPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// Names of Object.prototype: on a plain object, `logs['constructor']` reads `Object` and a write to
// `tasks['__proto__']` is lost. Each task logs, and passes a count to the next through `inputs`.
const CHAIN = ['constructor', 'hasOwnProperty', '__proto__', 'toString'];

const chainDocument = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'prototype-names',
  name: 'Prototype names',
  tasks: CHAIN.map((name, i) => ({
    name,
    code:
      i === 0
        ? `log('ran ${name}'); return 1;`
        : `log('ran ${name}'); return inputs[${JSON.stringify(CHAIN[i - 1])}] + 1;`,
    dependsOn: i === 0 ? [] : [CHAIN[i - 1]!],
  })),
};

test('tasks named after Object.prototype run to the end and open their drawers', async ({
  page,
}) => {
  const app = new InspectPage(page);
  await app.open();
  await app.importDocument(chainDocument);
  await expect(app.taskNodes).toHaveCount(CHAIN.length);
  // The default executor (threaded), as a new user runs it.
  await expect(page.getByRole('combobox', { name: 'Executor' })).toHaveValue('threaded');
  await app.runToEnd('toString');
  for (const name of CHAIN)
    await expect(app.taskNode(name)).toHaveAttribute('data-status', 'completed');
  await expect(app.toast()).toContainText('Run completed: 4 tasks');

  const inspectEach = async (withLogs: boolean) => {
    for (const [i, name] of CHAIN.entries()) {
      const drawer = await app.inspectTask(name);
      await expect(drawer).toHaveAttribute('data-status', 'completed');
      await expect(drawer.getByTestId('task-output')).toContainText(String(i + 1));
      if (withLogs) await expect(drawer.getByTestId('task-logs')).toContainText(`ran ${name}`);
      if (i > 0) await expect(drawer.getByTestId('drawer-inputs')).toContainText(CHAIN[i - 1]!);
    }
  };
  await inspectEach(true);
  await app.tab('Mermaid');
  await expect(page.locator('[data-testid="mermaid-panel"] g.node.completed')).toHaveCount(
    CHAIN.length,
  );

  // The same run read back from storage after a reload.
  await page.reload();
  await expect(page.locator('html[data-booted="true"]')).toBeAttached();
  for (const name of CHAIN)
    await expect(app.taskNode(name)).toHaveAttribute('data-status', 'completed');
  await inspectEach(false);
  await app.bottomTab('Runs');
  await expect(app.runRows()).toHaveCount(1);
  await expect(app.runRows().first()).toHaveAttribute('data-status', 'completed');
  await app.expectNoErrors();
});
