import { expect, test } from '@playwright/test';
import { AppPage } from './pages/AppPage.ts';

const EXAMPLE_TASKS = [
  'extract_users',
  'extract_orders',
  'extract_products',
  'transform',
  'validate',
  'load',
  'report',
];

test('the shell shows the example DAG on the canvas without errors', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(page.getByTestId('workflow-name')).toHaveText('ETL pipeline');
  await expect(app.taskNodes).toHaveCount(EXAMPLE_TASKS.length);
  for (const name of EXAMPLE_TASKS) {
    await expect(app.taskNode(name)).toBeVisible();
    await expect(app.taskNode(name)).toHaveAttribute('data-status', 'pending');
  }
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);
  await app.expectNoErrors();
});

test('on a narrow window the workflow name stays readable; the header actions wrap instead', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1200, height: 700 });
  const app = new AppPage(page);
  await app.open();
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Open example .*Complex/ })
    .first()
    .click();
  const name = page.getByTestId('workflow-name');
  await expect(name).toHaveText('Complex multi-stage workflow');
  // The whole name fits: its box is as wide as its text (before: squeezed to one letter).
  const fits = await name.evaluate((el) => el.scrollWidth <= el.clientWidth && el.clientWidth > 0);
  expect(fits).toBe(true);
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeInViewport();
});

test('selecting a task shows its details in the inspector', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.clickTask('validate');
  const details = page.getByTestId('task-details');
  await expect(details.getByLabel('Name', { exact: true })).toHaveValue('validate');
  await expect(details.getByLabel('Description')).toHaveValue('Reject negative totals.');
  await expect(details.getByLabel('Timeout (ms)')).toHaveValue('5000');
  await app.expectNoErrors();
});

test('the theme follows the system and can be overridden', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const app = new AppPage(page);
  await app.open();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.react-flow')).toHaveClass(/dark/);
  await page.getByLabel('Theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.expectNoErrors();
});
