import { expect, type Locator } from '@playwright/test';
import { TrustPage } from './TrustPage.ts';

/** The Workflows dialog (saved and recently deleted workflows), imports and copies. */
export class WorkflowsPage extends TrustPage {
  get list(): Locator {
    return this.page.getByTestId('workflow-list');
  }

  /** Every saved workflow's row in the Workflows dialog. */
  get rows(): Locator {
    return this.list.getByTestId('workflow-row');
  }

  /** The Recently deleted part of the Workflows dialog. */
  get recentlyDeleted(): Locator {
    return this.list.getByRole('region', { name: 'Recently deleted' });
  }

  get deletedRows(): Locator {
    return this.recentlyDeleted.getByTestId('deleted-row');
  }

  /** The dialog offered when an example or a link that was copied before is opened again. */
  get copyPrompt(): Locator {
    return this.page.getByRole('dialog', { name: 'You already have a copy' });
  }

  row(name: string): Locator {
    return this.list.locator(`[data-testid="workflow-row"][data-workflow-name="${name}"]`);
  }

  deletedRow(name: string): Locator {
    return this.recentlyDeleted.locator(
      `[data-testid="deleted-row"][data-workflow-name="${name}"]`,
    );
  }

  /** A saved workflow's row, by its id (names need not be unique). */
  rowOf(id: string): Locator {
    return this.list.locator(`[data-testid="workflow-row"][data-workflow-id="${id}"]`);
  }

  deletedRowOf(id: string): Locator {
    return this.recentlyDeleted.locator(`[data-testid="deleted-row"][data-workflow-id="${id}"]`);
  }

  /** Opens the Workflows dialog (when it is not open yet). */
  async openList(): Promise<void> {
    if (!(await this.list.isVisible())) await this.button('Workflows').click();
    await expect(this.list).toBeVisible();
  }

  async closeList(): Promise<void> {
    await this.list.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(this.list).toHaveCount(0);
  }

  /** Deletes a saved workflow from the Workflows dialog and waits until its row is gone. */
  async deleteWorkflow(name: string): Promise<void> {
    await this.openList();
    await expect(this.row(name)).toHaveCount(1);
    await this.list.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await expect(this.row(name)).toHaveCount(0);
  }

  /** Opens a saved workflow from the Workflows dialog. */
  async openSaved(name: string): Promise<void> {
    await this.openList();
    await this.list.getByRole('button', { name: `Open ${name}`, exact: true }).click();
    await expect(this.workflowName).toHaveText(name);
  }

  /** Opens a saved workflow, by its id, from the Workflows dialog. */
  async openSavedById(id: string): Promise<void> {
    await this.openList();
    await this.rowOf(id)
      .getByRole('button', { name: /^Open / })
      .click();
    await expect.poll(() => this.openWorkflowId()).toBe(id);
    await expect(this.list).toHaveCount(0);
  }

  /** Restores a workflow, by its id, from Recently deleted. */
  async restoreById(id: string): Promise<void> {
    await this.openList();
    await this.deletedRowOf(id)
      .getByRole('button', { name: /^Restore / })
      .click();
    await expect(this.deletedRowOf(id)).toHaveCount(0);
    await expect(this.rowOf(id)).toHaveCount(1);
  }

  /** Presses Export JSON and saves the download at `path`; returns the name the app gave it. */
  async exportJson(path: string): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.button('Export JSON').click();
    const file = await download;
    await file.saveAs(path);
    return file.suggestedFilename();
  }

  /** The open workflow's share link (path and fragment), from the Share link dialog, closed after. */
  async shareLink(): Promise<string> {
    await this.button('Share link').click();
    const dialog = this.page.getByRole('dialog', { name: 'Share link' });
    const url = new URL(await dialog.getByRole('textbox', { name: 'Share link' }).inputValue());
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    return url.pathname + url.hash;
  }

  /** Presses "Open example" (it opens a copy) of an example in the gallery. */
  async openExampleCopy(name: string): Promise<void> {
    await this.button('Examples').click();
    await this.page.getByRole('button', { name: `Open example ${name}` }).click();
  }

  /** Reloads the page and waits until storage has booted again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.page.locator('html[data-booted="true"]')).toBeAttached();
  }
}
