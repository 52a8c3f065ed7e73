import { expect, type Locator } from '@playwright/test';
import { InspectPage } from './InspectPage.ts';

/** A point on the page (CSS pixels). */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** The canvas overview of a big graph zoomed far out (tasks drawn on a canvas, not as nodes). */
export class OverviewPage extends InspectPage {
  get overview(): Locator {
    return this.page.getByTestId('canvas-overview');
  }

  get tooltip(): Locator {
    return this.page.getByTestId('overview-tooltip');
  }

  /** Starts counting task nodes added to the page; the returned function reads the count. */
  async countMountedNodes(): Promise<() => Promise<number>> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __mounted: number };
      w.__mounted = 0;
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof Element)
              w.__mounted +=
                n.querySelectorAll('[data-testid=task-node]').length +
                (n.matches('[data-testid=task-node]') ? 1 : 0);
      }).observe(document.body, { childList: true, subtree: true });
    });
    return () => this.page.evaluate(() => (window as unknown as { __mounted: number }).__mounted);
  }

  /** Presses the toolbar's Fit view and waits until the view has stopped moving. */
  async fitView(): Promise<void> {
    await this.button('Fit view').click();
    await this.settled();
  }

  /** The viewport's transform, once it is the same over a few frames (an animation has ended). */
  async settled(): Promise<string> {
    const viewport = this.page.locator('.react-flow__viewport');
    let last = '';
    await expect
      .poll(async () => {
        const now = (await viewport.getAttribute('style')) ?? '';
        const same = now === last;
        last = now;
        return same;
      })
      .toBe(true);
    return last;
  }

  /**
   * Where the flow point (`fx`, `fy`) is on the page: React Flow's viewport transform applied,
   * relative to its pane.
   */
  async flowToPage(fx: number, fy: number): Promise<ScreenPoint> {
    const pane = (await this.page.locator('.react-flow__pane').boundingBox())!;
    const { x, y, zoom } = await this.page.locator('.react-flow__viewport').evaluate((el) => {
      const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
      return { x: m.e, y: m.f, zoom: m.a };
    });
    return { x: pane.x + x + fx * zoom, y: pane.y + y + fy * zoom };
  }

  /** The overview's colour (r, g, b) at a page point, read from the canvas's pixels. */
  async colourAt(point: ScreenPoint): Promise<[number, number, number]> {
    return this.overview.evaluate((canvas: HTMLCanvasElement, p) => {
      const box = canvas.getBoundingClientRect();
      const ratio = canvas.width / box.width;
      const x = Math.round((p.x - box.left) * ratio);
      const y = Math.round((p.y - box.top) * ratio);
      const d = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as [number, number, number];
    }, point);
  }
}
