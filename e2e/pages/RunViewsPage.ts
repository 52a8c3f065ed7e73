import { expect, type Locator } from '@playwright/test';
import { InspectPage } from './InspectPage.ts';

/** Every place the app shows how long the run on screen took, as the user reads it. */
export interface ShownDurations {
  header: string;
  toast: string;
  runsTab: string;
  runTab: string;
  metrics: string;
  timeline: string;
}

/** The run views that show durations and attempts (header, toast, Runs, Run tab, Timeline, Metrics). */
export class RunViewsPage extends InspectPage {
  /** The run's duration in the outcome toast ("Run completed: 4 tasks in 1.25 s"). */
  async toastDuration(): Promise<string> {
    const text = (await this.toast().textContent()) ?? '';
    return /Run \w+: .*? in (\d[\d.]* (?:ms|s|m \d+ s|h \d+ m))/.exec(text)?.[1] ?? text;
  }

  /** Reads the duration of the finished run shown, from every view that shows it. */
  async shownDurations(): Promise<ShownDurations> {
    const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
    const toast = await this.toastDuration();
    const header = await text(this.page.getByTestId('run-progress-elapsed'));
    const runTab = await text((await this.runOverview()).getByTestId('run-duration'));
    await this.bottomTab('Runs');
    const row = this.runRows().first();
    await expect(row).toHaveAttribute('data-status', /completed|failed|cancelled/);
    const runsTab = await text(row.getByTestId('run-row-duration'));
    await this.bottomTab('Timeline');
    const timeline = await text(this.page.getByTestId('timeline-duration'));
    await this.bottomTab('Metrics');
    const metrics = await text(this.page.getByTestId('metric-wall').locator('.metric-card__value'));
    return { header, toast, runsTab, runTab, metrics, timeline };
  }
}
