import { expect, type Locator } from '@playwright/test';
import { RunPage, STATUS_FILLS } from './RunPage.ts';

/** Journeys through the run inspection panels: the Run tab, Runs, Timeline and Metrics. */
export class InspectPage extends RunPage {
  get drawer(): Locator {
    return this.page.getByTestId('task-drawer');
  }

  get bottomPanel(): Locator {
    return this.page.getByTestId('bottom-panel');
  }

  get banner(): Locator {
    return this.page.getByTestId('run-banner');
  }

  async openExample(name: string): Promise<void> {
    await this.button('Examples').click();
    await this.page.getByRole('button', { name: `Open example ${name}` }).click();
    await expect(this.workflowName).toHaveText(name);
  }

  /** Presses Run and waits until the run is over (the Run button is enabled again). */
  async runToEnd(lastTask: string): Promise<void> {
    const run = this.button('Run');
    await this.pressRun(run);
    await expect(this.taskNode(lastTask)).toHaveAttribute(
      'data-status',
      /completed|failed|skipped|cancelled/,
    );
    await expect(run).toBeEnabled();
  }

  async bottomTab(name: 'Tasks' | 'Runs' | 'Timeline' | 'Metrics'): Promise<void> {
    const tab = this.bottomPanel.getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  /** The run at a glance in the right panel's Run tab (nothing selected on the canvas). */
  async runOverview(): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.page.getByRole('tab', { name: 'Run', exact: true }).click();
    const overview = this.page.getByTestId('run-overview');
    await expect(overview).toBeVisible();
    return overview;
  }

  /** Clicks a node (see clickTask) and waits for its run details in the Run tab. */
  async inspectTask(name: string): Promise<Locator> {
    await this.clickTask(name);
    await expect(this.page.getByRole('tab', { name: 'Run', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(this.drawer).toHaveAttribute('data-task', name);
    return this.drawer;
  }

  timelineBars(task: string): Locator {
    return this.page.locator(`[data-testid="timeline-bar"][data-task="${task}"]`);
  }

  runRows(): Locator {
    return this.page.getByTestId('run-row');
  }

  /**
   * Asserts that no view shows a run of the open workflow (one never run): every node pending, no
   * header progress, the Run tab, Runs, Timeline and Metrics empty.
   */
  async expectNoRunShown(): Promise<void> {
    for (const node of await this.taskNodes.all())
      await expect(node).toHaveAttribute('data-status', 'pending');
    await expect.poll(() => this.minimapFills()).toEqual([STATUS_FILLS.pending]);
    await expect(this.progress).toHaveCount(0);
    await this.page.keyboard.press('Escape');
    await this.page.getByRole('tab', { name: 'Run', exact: true }).click();
    await expect(this.page.getByTestId('run-drawer-empty')).toBeVisible();
    await this.bottomTab('Runs');
    await expect(this.page.getByTestId('runs-empty')).toBeVisible();
    await this.bottomTab('Timeline');
    await expect(this.page.getByTestId('timeline-empty')).toBeVisible();
    await this.bottomTab('Metrics');
    await expect(this.page.getByTestId('metrics-empty')).toBeVisible();
  }
}
