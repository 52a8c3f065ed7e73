import { expect, test } from '@playwright/test';
import { RunInputsPage } from './pages/RunInputsPage.ts';
import { seriousViolations } from './pages/axeAudit.ts';
import { latestStoredRun, storedDatabaseText } from './pages/storedRuns.ts';

test.use({ viewport: { width: 1440, height: 900 } });

// Issue 16: run parameters (declared by the workflow, asked for by the run form, recorded with
// the run, reused by Retry failed) and secrets (kept in this browser only, redacted everywhere).
const PARAMS_DOC = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'params-journey',
  name: 'Parameterised report',
  params: [
    { name: 'city', type: 'string', required: true, description: 'Which city to report on' },
    { name: 'limit', type: 'number', default: 3 },
    { name: 'loud', type: 'boolean', default: false },
  ],
  tasks: [
    {
      name: 'greet',
      code: 'return `${params.city}/${ctx.params.limit}/${params.loud}`;',
      dependsOn: [],
      position: { x: 0, y: 0 },
    },
    {
      name: 'report',
      code: 'throw new Error("not written yet");',
      dependsOn: ['greet'],
      position: { x: 0, y: 160 },
    },
  ],
};

test('a parameterised run from the form: values checked, recorded, shown, and reused by Retry failed', async ({
  page,
}, testInfo) => {
  const app = new RunInputsPage(page);
  await app.open();
  await app.importDocument(PARAMS_DOC);

  // The inspector lists the declared parameters.
  const details = await app.workflowInspector();
  const rows = details.getByTestId('param-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).getByLabel('Parameter name')).toHaveValue('city');
  await expect(rows.nth(1).getByLabel('Type')).toHaveValue('number');
  await expect(rows.nth(1).getByLabel('Default')).toHaveValue('3');
  const violations = await seriousViolations(page, 'parameters section');

  // Run asks for the values: a missing required one and a wrong number are refused with the reason.
  const form = await app.openRunForm();
  const run = form.getByRole('button', { name: 'Run', exact: true });
  await expect(form.getByLabel('city (required)')).toHaveValue('');
  await expect(form.getByLabel('limit')).toHaveValue('3');
  await expect(form.getByLabel('loud (required)')).toHaveCount(0);
  await expect(run).toBeDisabled();
  await expect(run).toHaveAttribute('title', 'Parameter "city" is required');
  await form.getByLabel('city (required)').fill('Oslo');
  await form.getByLabel('limit').fill('many');
  await expect(form.getByRole('alert')).toHaveText('limit must be a number (got "many")');
  await expect(run).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('run-form-invalid.png') });
  violations.push(...(await seriousViolations(page, 'run form')));
  expect(violations).toEqual([]);
  await form.getByLabel('limit').fill('5');
  await form.getByLabel('loud').check();
  await expect(run).toBeEnabled();
  await app.submitRunForm();
  await app.expectRunStatus('failed');
  await app.expectStatus('greet', 'completed');

  // The task read them; the drawer and the history show them; the record keeps them.
  const drawer = await app.inspectTask('greet');
  await expect(drawer.getByTestId('task-output')).toContainText('Oslo/5/true');
  const values = drawer.getByTestId('run-params-values');
  await expect(values.locator('[data-param="city"]')).toHaveText('city = "Oslo"');
  await expect(values.locator('[data-param="limit"]')).toHaveText('limit = 5');
  await expect(values.locator('[data-param="loud"]')).toHaveText('loud = true');
  await page.screenshot({ path: testInfo.outputPath('drawer-params.png') });
  await app.bottomTab('Runs');
  await expect(app.runRows()).toHaveCount(1);
  await expect(app.runRows().first().getByTestId('run-row-params')).toHaveText(
    'city=Oslo, limit=5, loud=true',
  );

  // Retry failed (after fixing the failed task) runs with the same values.
  await app.setTaskCode('report', 'return greet + "!";');
  await app.retryFailed('completed');
  const report = await app.inspectTask('report');
  await expect(report.getByTestId('task-output')).toContainText('Oslo/5/true!');
  await expect(app.runRows()).toHaveCount(2);
  for (const row of await app.runRows().all())
    await expect(row.getByTestId('run-row-params')).toHaveText('city=Oslo, limit=5, loud=true');
  const stored = await storedDatabaseText(page);
  expect(stored).toContain('"params":{"city":"Oslo","limit":5,"loud":true}');
  await page.screenshot({ path: testInfo.outputPath('history-params.png') });

  // The next run's form starts from the values used last.
  const again = await app.openRunForm();
  await expect(again.getByLabel('city (required)')).toHaveValue('Oslo');
  await expect(again.getByLabel('limit')).toHaveValue('5');
  await expect(again.getByLabel('loud')).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('run-form-prefilled.png') });
  await again.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(again).toHaveCount(0);
});

const SECRET = 'sk-live-7Hq2xZp9Wm4K';

const SECRET_DOC = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'secret-journey',
  name: 'Uses an API key',
  tasks: [
    {
      name: 'call',
      code: 'log("calling with", secrets.API_KEY);\nconsole.warn({ key: secrets.API_KEY });\nreturn { auth: "Bearer " + secrets.API_KEY, seen: Object.keys(secrets) };',
      dependsOn: [],
      secrets: ['API_KEY'],
      position: { x: 0, y: 0 },
    },
    {
      name: 'denied',
      code: 'throw new Error("denied for key " + secrets.API_KEY);',
      dependsOn: [],
      secrets: ['API_KEY'],
      position: { x: 260, y: 0 },
    },
    {
      name: 'other',
      code: 'return { mine: Object.keys(secrets).length, upstream: inputs.call.auth };',
      dependsOn: ['call'],
      position: { x: 0, y: 160 },
    },
  ],
};

test('a secret stays in this browser: never in an export, a link, a record or a log', async ({
  page,
}, testInfo) => {
  const app = new RunInputsPage(page);
  await app.open();
  await app.importDocument(SECRET_DOC);
  await app.select('call');
  await expect(page.getByLabel('Secrets used')).toHaveValue('API_KEY');

  // Without a value the run does not start: it names the secret and opens the Secrets panel.
  await app.pressRun(app.button('Run'));
  await expect(app.toast()).toContainText('Cannot run: missing secret "API_KEY"');
  await expect(app.secretsDialog).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('secrets-dialog.png') });
  expect(await seriousViolations(page, 'secrets dialog')).toEqual([]);
  await app.setSecret('API_KEY', SECRET);

  await app.run();
  await app.expectRunStatus('failed');
  await app.expectStatus('call', 'completed');
  await app.expectStatus('other', 'completed');

  // Output, logs and error show *** where the value was; a task that does not declare it has none.
  const call = await app.inspectTask('call');
  await expect(call.getByTestId('task-output')).toContainText('Bearer ***');
  await expect(call.getByTestId('drawer-logs')).toContainText('calling with ***');
  await expect(call.getByTestId('drawer-logs')).toContainText('{"key":"***"}');
  const denied = await app.inspectTask('denied');
  await expect(denied.getByTestId('task-error')).toContainText('denied for key ***');
  const other = await app.inspectTask('other');
  await expect(other.getByTestId('task-output')).toContainText('mine: 0');
  await page.screenshot({ path: testInfo.outputPath('secret-redacted.png') });

  // Nowhere stored or exported: every IndexedDB record, the exported file, the share link, the page.
  const run = await latestStoredRun(page, await app.openWorkflowId().then((id) => id!));
  expect(run.call?.status).toBe('completed');
  const database = await storedDatabaseText(page);
  expect(database).toContain('Bearer ***');
  expect(database).not.toContain(SECRET);
  const exported = await app.exportedJson();
  expect(JSON.parse(exported).tasks[0].secrets).toEqual(['API_KEY']);
  expect(exported).not.toContain(SECRET);
  await app.button('Share link').click();
  const share = page.getByRole('dialog', { name: 'Share link' });
  const link = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
  await share.getByRole('button', { name: 'Close', exact: true }).click();
  expect(decodeURIComponent(link)).not.toContain(SECRET);
  await app.tab('Mermaid');
  expect(await page.content()).not.toContain(SECRET);
  // It is kept in this browser's local storage, as the Secrets panel says.
  expect(await page.evaluate(() => localStorage.getItem('flowweaver.secrets'))).toContain(SECRET);
});

test('the Parameters example runs from the form with its defaults, then with other values', async ({
  page,
}, testInfo) => {
  const app = new RunInputsPage(page);
  await app.open();
  await app.openExample('Parameters');
  const form = await app.openRunForm();
  await expect(form.getByLabel('city (required)')).toHaveValue('Oslo');
  await expect(form.getByLabel('days')).toHaveValue('3');
  await expect(form.getByLabel('metric')).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('example-run-form.png') });
  await app.submitRunForm();
  await app.expectRunStatus('completed');
  const report = await app.inspectTask('report');
  await expect(report.getByTestId('task-output')).toContainText('Oslo, day 3:');

  const again = await app.openRunForm();
  await again.getByLabel('city (required)').fill('Lima');
  await again.getByLabel('days').fill('2');
  await again.getByLabel('metric').uncheck();
  await app.submitRunForm();
  await app.expectRunStatus('completed');
  const second = await app.inspectTask('report');
  await expect(second.getByTestId('task-output')).toContainText('Lima, day 2:');
  await expect(second.getByTestId('task-output')).toContainText('°F');
  await expect(second.getByTestId('task-output')).not.toContainText('day 3');
});
