import { expect, type Locator } from '@playwright/test';
import { InspectPage } from './InspectPage.ts';

/** Run parameters (the inspector's Parameters section, the run form) and the Secrets dialog. */
export class RunInputsPage extends InspectPage {
  get runForm(): Locator {
    return this.page.getByRole('dialog', { name: 'Run with parameters' });
  }

  get secretsDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Secrets' });
  }

  /** The workflow inspector (nothing selected), where the Parameters section sits. */
  async workflowInspector(): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.tab('Inspector');
    const details = this.page.getByTestId('workflow-details');
    await expect(details).toBeVisible();
    return details;
  }

  /**
   * Clicks a node and opens the Run tab on it (after the Inspector tab was chosen by hand, the
   * panel stays there when a task is clicked).
   */
  override async inspectTask(name: string): Promise<Locator> {
    await this.clickTask(name);
    await this.page.getByRole('tab', { name: 'Run', exact: true }).click();
    await expect(this.drawer).toHaveAttribute('data-task', name);
    return this.drawer;
  }

  /** Presses Run and waits for the run form. */
  async openRunForm(): Promise<Locator> {
    await this.button('Run').click();
    await expect(this.runForm).toBeVisible();
    return this.runForm;
  }

  /**
   * Runs from the open run form (its values as they are now), confirms the review when one is
   * due, and waits until the new run is the one shown.
   */
  async submitRunForm(): Promise<void> {
    const previous = await this.shownRunId();
    await this.pressRun(this.runForm.getByRole('button', { name: 'Run', exact: true }));
    await expect(this.runForm).toHaveCount(0);
    await expect.poll(() => this.shownRunId()).not.toBe(previous);
  }

  /** Opens the Secrets dialog from the workflow inspector and sets a secret's value. */
  async setSecret(name: string, value: string): Promise<void> {
    if ((await this.secretsDialog.count()) === 0) {
      const details = await this.workflowInspector();
      await details.getByRole('button', { name: 'Secrets…' }).click();
    }
    await expect(this.secretsDialog).toBeVisible();
    await this.secretsDialog.getByLabel(`Value of ${name}`).fill(value);
    await this.secretsDialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(this.secretsDialog).toHaveCount(0);
  }

  /** The Export JSON download's text. */
  async exportedJson(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.button('Export JSON').click();
    const path = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  }
}
