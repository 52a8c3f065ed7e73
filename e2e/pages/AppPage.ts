import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the FlowWeaver app. Collects console and page errors so specs can assert none. */
export class AppPage {
  readonly errors: string[] = [];
  readonly canvas: Locator;
  readonly taskNodes: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.taskNodes = page.getByTestId('task-node');
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.errors.push(`page: ${err.message}`));
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.canvas).toBeVisible();
  }

  taskNode(name: string): Locator {
    return this.page.locator(`[data-testid="task-node"][data-task-name="${name}"]`);
  }

  async expectNoErrors(): Promise<void> {
    expect(this.errors, 'console or page errors').toEqual([]);
  }
}
