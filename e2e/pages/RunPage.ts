import { expect, type BrowserContext, type Locator, type Route } from '@playwright/test';
import { fixture, fixturePath } from '../fixtures/workflows.ts';
import { EditorPage, type NetworkChoice } from './EditorPage.ts';

/** Status colours as the browser computes them (STATUS_COLORS). */
export const STATUS_FILLS = {
  pending: 'rgb(108, 117, 125)',
  completed: 'rgb(40, 167, 69)',
} as const;

/** Running workflows: the run toolbar, header progress and node statuses. */
export class RunPage extends EditorPage {
  get progress(): Locator {
    return this.page.getByTestId('run-progress');
  }

  /**
   * Imports a fixture workflow through the header's Import input and waits until it is open (an
   * import always opens as a new workflow) with its nodes.
   */
  async importFixture(file: string, taskCount: number): Promise<void> {
    await this.importFile(fixturePath(file), fixture(file).name);
    await expect(this.taskNodes).toHaveCount(taskCount);
  }

  /** Presses Run, confirming the review first when the workflow still needs one. */
  /**
   * Presses Run and waits until the new run is the one on the canvas, so that a status asserted
   * next is this run's, not the end of the previous one still shown.
   */
  async run(network?: NetworkChoice): Promise<void> {
    const previous = await this.shownRunId();
    await this.pressRun(this.button('Run'), network);
    await expect.poll(() => this.shownRunId()).not.toBe(previous);
  }

  /** Presses Retry failed and waits until the retry (a new run) ends so; returns its id. */
  async retryFailed(status: 'completed' | 'failed'): Promise<string> {
    const previous = await this.shownRunId();
    await this.pressRun(this.button('Retry failed'));
    await expect.poll(() => this.shownRunId()).not.toBe(previous);
    await this.expectRunStatus(status);
    return (await this.shownRunId())!;
  }

  /** The id of the run the header's progress shows, if any. */
  async shownRunId(): Promise<string | null> {
    if ((await this.progress.count()) === 0) return null;
    return this.progress.getAttribute('data-run-id');
  }

  async expectRunStatus(status: 'running' | 'completed' | 'failed' | 'cancelled'): Promise<void> {
    await expect(this.progress).toHaveAttribute('data-run-status', status);
  }

  async expectStatus(name: string, status: string): Promise<void> {
    await expect(this.taskNode(name)).toHaveAttribute('data-status', status);
  }

  async attempts(name: string): Promise<number> {
    return Number(await this.taskNode(name).getAttribute('data-attempts'));
  }

  /** The distinct fills of the minimap's nodes (each coloured by its status in the run shown). */
  async minimapFills(): Promise<string[]> {
    const fills = await this.page
      .locator('.react-flow__minimap-node')
      .evaluateAll((nodes) => nodes.map((n) => getComputedStyle(n).fill));
    return [...new Set(fills)];
  }

  /** Picks the executor in the run toolbar. */
  async useExecutor(kind: 'threaded' | 'async' | 'sequential'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Executor' }).selectOption(kind);
  }
}

/**
 * Counts the side effects of tasks: fixture tasks call `fetch('/__effect/<task name>')`, and the
 * browser context answers those requests here (from any tab and from workers), so each count is
 * how many times that task's code really ran. The effects of `held` tasks get no answer until
 * `release()`: those tasks stay in flight as long as a test needs, whatever the machine's speed.
 */
export class SideEffects {
  private readonly counts = new Map<string, number>();
  private readonly held: Route[] = [];
  private readonly holding = new Set<string>();

  static async attach(context: BrowserContext, held: readonly string[] = []): Promise<SideEffects> {
    const effects = new SideEffects();
    effects.hold(...held);
    await context.route('**/__effect/**', async (route) => {
      const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
      effects.counts.set(name, (effects.counts.get(name) ?? 0) + 1);
      if (effects.holding.has(name)) effects.held.push(route);
      else await route.fulfill({ status: 204 });
    });
    return effects;
  }

  /** From now on, the effects of these tasks get no answer until `release()`. */
  hold(...names: string[]): void {
    for (const name of names) this.holding.add(name);
  }

  /** Stops holding these tasks' effects and answers the ones held so far. */
  async unhold(...names: string[]): Promise<void> {
    for (const name of names) this.holding.delete(name);
    await this.release();
  }

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Answers the held requests (their tasks may be gone by now: cancelled, worker ended). */
  async release(): Promise<void> {
    for (const route of this.held.splice(0)) await route.fulfill({ status: 204 }).catch(() => {});
  }
}
