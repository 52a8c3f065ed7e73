import { expect, type Locator } from '@playwright/test';
import { EditorPage } from './EditorPage.ts';

const STATUSES = new Set([
  'pending',
  'running',
  'retrying',
  'completed',
  'failed',
  'skipped',
  'cancelled',
]);

/** The Mermaid tab of the side panel. */
export class MermaidPage extends EditorPage {
  get panel(): Locator {
    return this.page.getByTestId('mermaid-panel');
  }

  get diagram(): Locator {
    return this.page.getByTestId('mermaid-diagram');
  }

  /** Mermaid's node groups in the rendered SVG. */
  get diagramNodes(): Locator {
    return this.diagram.locator('svg g.node');
  }

  /** Opens the Mermaid tab and waits for a rendered diagram with `count` nodes. */
  async showDiagram(count: number): Promise<void> {
    await this.tab('Mermaid');
    await expect(this.diagram).toHaveAttribute('data-state', 'ready');
    await expect(this.diagramNodes).toHaveCount(count);
  }

  /** A diagram node, by its task's name (its label, exactly). */
  diagramNode(name: string): Locator {
    return this.diagramNodes.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The run status a diagram node is coloured as (the panel recolours nodes by class). */
  async nodeStatus(name: string): Promise<string> {
    const classes = (await this.diagramNode(name).getAttribute('class')) ?? '';
    return classes
      .split(/\s+/)
      .filter((c) => STATUSES.has(c))
      .join(' ');
  }

  /** The fill colour of a diagram node's shape, as the browser computes it. */
  async nodeFill(label: string): Promise<string> {
    const node = this.diagramNodes.filter({ hasText: label }).first();
    return node
      .locator('rect, path, polygon')
      .first()
      .evaluate((el) => getComputedStyle(el).fill);
  }

  /** Clicks a toolbar button and returns the downloaded file's name and bytes. */
  async download(button: string): Promise<{ name: string; bytes: Buffer }> {
    return this.downloadFrom(this.panel.getByRole('button', { name: button, exact: true }));
  }
}
