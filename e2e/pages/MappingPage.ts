import { expect, type Locator } from '@playwright/test';
import { InspectPage } from './InspectPage.ts';

/** Mapped tasks (`mapOver`): the inspector's Map over field, the node's progress, the drawer's instances. */
export class MappingPage extends InspectPage {
  /** The inspector's "Map over" select of the task shown there. */
  get mapOverField(): Locator {
    return this.inspector.getByRole('combobox', { name: 'Map over' });
  }

  /** The "37 / 100" text of a mapped task's node. */
  progressCount(task: string): Locator {
    return this.taskNode(task).getByTestId('map-progress-count');
  }

  /** The segmented bar of a mapped task's node (its accessible name says the counts). */
  progressBar(task: string): Locator {
    return this.taskNode(task).getByTestId('map-progress').getByRole('img');
  }

  get instances(): Locator {
    return this.drawer.getByTestId('map-instances');
  }

  get instanceRows(): Locator {
    return this.instances.getByTestId('instance-row');
  }

  /** Shows instance `index` in the drawer (paging to it) and returns its details. */
  async openInstance(index: number): Promise<Locator> {
    const button = this.instances.getByRole('button', { name: new RegExp(`^Instance ${index}:`) });
    const previous = this.instances.getByRole('button', { name: 'Previous' });
    while (await previous.isEnabled()) await previous.click();
    while ((await button.count()) === 0)
      await this.instances.getByRole('button', { name: 'Next' }).click();
    await button.click();
    const details = this.drawer.getByTestId('instance-details');
    await expect(details).toHaveAttribute('data-index', String(index));
    return details;
  }
}
