import { expect, type Locator, type Page } from '@playwright/test';
import { guardCsp } from './cspGuard.ts';

/**
 * Page object for the FlowWeaver app. Collects console and page errors so specs can assert none,
 * and fails the test on any Content Security Policy violation in its context (`guardCsp`).
 */
export class AppPage {
  readonly errors: string[] = [];
  private readonly cspGuard: Promise<void>;
  readonly canvas: Locator;
  readonly taskNodes: Locator;
  readonly edges: Locator;
  readonly workflowName: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.taskNodes = page.getByTestId('task-node');
    this.edges = page.locator('.react-flow__edge');
    this.workflowName = page.getByTestId('workflow-name');
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.errors.push(`page: ${err.message}`));
    this.cspGuard = guardCsp(page);
  }

  /** Opens the app and waits until storage has booted and a workflow is on the canvas. */
  async open(path = '/'): Promise<void> {
    await this.cspGuard;
    await this.page.goto(path);
    await expect(this.canvas).toBeVisible();
    await expect(this.page.locator('html[data-booted="true"]')).toBeAttached();
  }

  taskNode(name: string): Locator {
    return this.page.locator(`[data-testid="task-node"][data-task-name="${name}"]`);
  }

  /** Clicks a task's node as a user would: a toast lying over it is closed first. */
  async clickTask(name: string, options?: Parameters<Locator['click']>[0]): Promise<void> {
    const node = this.taskNode(name);
    await this.dismissToastsOver(node);
    await node.click(options);
  }

  /**
   * Closes the toasts that lie over `target`, as a user would before clicking it (the outcome
   * toast at the foot of the canvas can cover a node there; a click on the node would hit it).
   */
  async dismissToastsOver(target: Locator): Promise<void> {
    const box = await target.boundingBox();
    if (!box) return;
    for (const toast of await this.page.locator('.toast').all()) {
      // A toast that goes by itself meanwhile has no box and needs no click.
      const t = await toast.boundingBox({ timeout: 1000 }).catch(() => null);
      const overlaps =
        t !== null &&
        t.x < box.x + box.width &&
        box.x < t.x + t.width &&
        t.y < box.y + box.height &&
        box.y < t.y + t.height;
      if (overlaps)
        await toast
          .getByRole('button', { name: 'Dismiss message' })
          .click({ timeout: 2000 })
          .catch(() => undefined);
    }
  }

  /** The edge upstream → downstream (in its id, `%` and `>` of a name are escaped as %25, %3E). */
  edge(upstream: string, downstream: string): Locator {
    const part = (name: string) => name.replace(/%/g, '%25').replace(/>/g, '%3E');
    return this.page.getByTestId(`rf__edge-${part(upstream)}->${part(downstream)}`);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  toast(): Locator {
    return this.page.getByTestId('toasts');
  }

  /** Clicks what starts a download and returns the downloaded file's name and bytes. */
  async downloadFrom(trigger: Locator): Promise<{ name: string; bytes: Buffer }> {
    const pending = this.page.waitForEvent('download');
    await trigger.click();
    const file = await pending;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  async expectNoErrors(): Promise<void> {
    expect(this.errors, 'console or page errors').toEqual([]);
  }
}
