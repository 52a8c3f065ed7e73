import { expect, type Locator } from '@playwright/test';
import type { TaskDoc } from './EditorPage.ts';
import { InspectPage } from './InspectPage.ts';

export type { TaskDoc } from './EditorPage.ts';

/** A workflow document made in a test. */
export function workflowDoc(name: string, tasks: TaskDoc[]) {
  return { format: 'flowweaver.workflow', version: 1, id: `test-${name}`, name, tasks };
}

/** Where a piece of text is drawn inside an element (its border box), or null when absent. */
export interface TextPlace {
  left: number;
  right: number;
  height: number;
  boxWidth: number;
}

/** The review before a run, the share dialog's code review and the network access control. */
export class TrustPage extends InspectPage {
  get reviewTasks(): Locator {
    return this.review.getByTestId('review-task');
  }

  /** The header's network access control; its name is the policy it shows ("Network: any site"). */
  get networkAccess(): Locator {
    return this.page.getByRole('button', { name: /^Network( off$|: )/ });
  }

  /** The code block of one task in a review (the run review unless `within` says otherwise). */
  reviewCode(task: string, within: Locator = this.review): Locator {
    return within
      .locator(`[data-testid="review-task"][data-task-name="${task}"]`)
      .getByTestId('review-code');
  }

  /** Where `text` is drawn inside `element`: found through the DOM's text, measured by a Range. */
  async placeOf(element: Locator, text: string): Promise<TextPlace | null> {
    return element.evaluate((root, wanted) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(wanted) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        const r = range.getBoundingClientRect();
        const box = root.getBoundingClientRect();
        return {
          left: r.left - box.left,
          right: r.right - box.left,
          height: r.height,
          boxWidth: box.width,
        };
      }
      return null;
    }, text);
  }

  /** Asserts `text` is drawn inside the code block's width: nothing to scroll to horizontally. */
  async expectInView(code: Locator, text: string): Promise<void> {
    const place = await this.placeOf(code, text);
    expect(place, `"${text}" is in the code block`).not.toBeNull();
    expect(place!.height).toBeGreaterThan(0);
    expect(place!.left).toBeGreaterThanOrEqual(0);
    expect(place!.right).toBeLessThanOrEqual(place!.boxWidth);
    await this.expectNoHorizontalScroll(code);
  }

  /** Asserts that each of these elements shows all its content across (scrollWidth <= clientWidth). */
  async expectNoHorizontalScroll(elements: Locator): Promise<void> {
    const widths = await elements.evaluateAll((list) =>
      list.map((e) => ({ scroll: e.scrollWidth, client: e.clientWidth })),
    );
    expect(widths.length).toBeGreaterThan(0);
    for (const { scroll, client } of widths) expect(scroll).toBeLessThanOrEqual(client);
  }

  /** Opens the Runs tab and waits until it lists `count` runs of the open workflow. */
  async expectRuns(count: number): Promise<void> {
    await this.bottomTab('Runs');
    await expect(this.runRows()).toHaveCount(count);
  }
}
