import { expect, type Locator } from '@playwright/test';
import { contrastRatio } from '../../src/ui/theme/contrast.ts';
import { AppPage } from './AppPage.ts';

type Point = { x: number; y: number };
type HandleType = 'source' | 'target';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** A task as a workflow document holds it. */
export interface TaskDoc {
  name: string;
  code: string;
  dependsOn: string[];
}

/** A file for the Import input: a path, or a name, a type and the bytes. */
type ImportedFile = Parameters<Locator['setInputFiles']>[0];

/** Network access as the review and the header's dialog offer it. */
export type NetworkChoice = 'Off' | 'Only these sites' | 'Any site';

/** Editing journeys on the canvas and in the side panel. */
export class EditorPage extends AppPage {
  /**
   * Whether the open workflow came from a file or a link and has not been reviewed yet: its first
   * run asks for the review ("Review before running") before anything runs.
   */
  reviewDue = false;

  /** The review shown before the first run of a workflow from a file or a link. */
  get review(): Locator {
    return this.page.getByRole('dialog', { name: 'Review before running' });
  }

  /** Confirms the open review with a network choice, and waits until it is gone. */
  async confirmReview(network?: NetworkChoice): Promise<void> {
    await expect(this.review).toBeVisible();
    if (network) await this.review.getByRole('radio', { name: network, exact: true }).check();
    await this.review.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(this.review).toHaveCount(0);
    this.reviewDue = false;
  }

  /**
   * Presses a button that starts a run (Run, Retry failed, Run from here, Run this task) and, when
   * the workflow is still to be reviewed, confirms the review. Fixture tasks report their side
   * effects over the network, so the review allows any site unless told otherwise.
   */
  async pressRun(button: Locator, network: NetworkChoice = 'Any site'): Promise<void> {
    await expect(button).toBeEnabled();
    await button.click();
    if (this.reviewDue) await this.confirmReview(network);
  }
  get inspector(): Locator {
    return this.page.getByTestId('right-panel');
  }

  /** The canvas toolbar's Undo (its title says what it would undo, as Ctrl+Z would). */
  get toolbarUndo(): Locator {
    return this.canvas
      .getByTestId('rf__wrapper')
      .getByRole('button', { name: 'Undo', exact: true });
  }

  get codeEditor(): Locator {
    return this.page.locator('[data-testid="code-editor"] .cm-content');
  }

  async shortcut(keys: string): Promise<void> {
    await this.page.keyboard.press(keys.replace('Mod', mod));
  }

  /** The id of the open workflow (the app remembers it to reopen it after a reload). */
  openWorkflowId(): Promise<string | null> {
    return this.page.evaluate(() => localStorage.getItem('flowweaver.lastWorkflow'));
  }

  /**
   * Imports a workflow document (as a file through the header's Import input) and waits until it
   * is open: an import always opens as a new workflow.
   */
  async importDocument(doc: { name: string }): Promise<void> {
    await this.importFile(
      {
        name: 'imported.flowweaver.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(doc)),
      },
      doc.name,
    );
  }

  /**
   * Imports a file (a path, or a name and its bytes) through the header's Import input and waits
   * until it is open as a new workflow named `name`.
   */
  async importFile(file: ImportedFile, name: string): Promise<void> {
    const before = await this.openWorkflowId();
    await this.page.getByTestId('import-input').setInputFiles(file);
    await expect.poll(() => this.openWorkflowId()).not.toBe(before);
    await expect(this.workflowName).toHaveText(name);
    this.reviewDue = true;
  }

  /** Drops a file with this JSON text on the canvas, as a user dragging it from their desktop. */
  async dropFile(name: string, json: string): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ([fileName, text]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], fileName, { type: 'application/json' }));
        return dt;
      },
      [name, json] as const,
    );
    await this.page.locator('.react-flow__pane').dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** Starts an empty workflow through the Workflows dialog. */
  async newWorkflow(): Promise<void> {
    await this.button('Workflows').click();
    await this.button('New workflow').click();
    await expect(this.taskNodes).toHaveCount(0);
  }

  /** Drags from the output handle of `from` to the input handle of `to`. */
  async connect(from: string, to: string): Promise<void> {
    const source = this.taskNode(from).locator('.react-flow__handle.source');
    const target = this.taskNode(to).locator('.react-flow__handle.target');
    const a = (await source.boundingBox())!;
    const b = (await target.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The centre of a task's output (`source`) or input (`target`) handle, in page pixels. */
  async handleCentre(name: string, type: HandleType): Promise<Point> {
    const box = (await this.taskNode(name).locator(`.react-flow__handle.${type}`).boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Presses the mouse at `from`, drags to `to` in small steps (as a hand would) and releases. */
  async dragLine(from: Point, to: Point): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /**
   * Connects `from` to `to` starting a near miss: `off` pixels beyond the edge of the visible
   * output handle (sideways for `dx`, outward for `dy`), dropping on the input handle.
   */
  async connectFromNearHandle(
    from: string,
    to: string,
    off: { dx: number; dy: number },
  ): Promise<void> {
    const handle = this.taskNode(from).locator('.react-flow__handle.source');
    const box = (await handle.boundingBox())!;
    const c = await this.handleCentre(from, 'source');
    const start = {
      x: c.x + (off.dx ? box.width / 2 + off.dx : 0),
      y: c.y + (off.dy ? box.height / 2 + off.dy : 0),
    };
    await this.dragLine(start, await this.handleCentre(to, 'target'));
  }

  /** Drags from a handle of `from` and drops at a fraction (fx, fy) of the body of task `to`. */
  async connectToBody(
    from: string,
    type: HandleType,
    to: string,
    fx: number,
    fy: number,
  ): Promise<void> {
    const body = (await this.taskNode(to).boundingBox())!;
    const drop = { x: body.x + body.width * fx, y: body.y + body.height * fy };
    await this.dragLine(await this.handleCentre(from, type), drop);
  }

  /** Drags from a handle of `from` and drops on the canvas (dx, dy) pixels away from it. */
  async connectToCanvas(from: string, type: HandleType, dx: number, dy: number): Promise<void> {
    const start = await this.handleCentre(from, type);
    await this.dragLine(start, { x: start.x + dx, y: start.y + dy });
  }

  /** The middle of the edge upstream → downstream, in page pixels. */
  async edgeMiddle(upstream: string, downstream: string): Promise<Point> {
    return this.edge(upstream, downstream)
      .locator('path.react-flow__edge-path')
      .evaluate((path: SVGPathElement) => {
        const p = path.getPointAtLength(path.getTotalLength() / 2);
        const m = path.getScreenCTM()!;
        return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
      });
  }

  async clickEdge(upstream: string, downstream: string): Promise<void> {
    const p = await this.edgeMiddle(upstream, downstream);
    await this.page.mouse.click(p.x, p.y);
  }

  async hoverEdge(upstream: string, downstream: string): Promise<void> {
    const p = await this.edgeMiddle(upstream, downstream);
    await this.page.mouse.move(p.x, p.y);
  }

  /** The drawn stroke of an edge: colour and width as computed. */
  edgeStroke(upstream: string, downstream: string): Promise<string> {
    return this.edge(upstream, downstream)
      .locator('path.react-flow__edge-path')
      .evaluate((path) => {
        const style = getComputedStyle(path);
        return `${style.stroke} ${style.strokeWidth}`;
      });
  }

  /** The contrast ratio of an edge's drawn colour against the canvas background. */
  async edgeContrast(upstream: string, downstream: string): Promise<number> {
    const stroke = await this.edge(upstream, downstream)
      .locator('path.react-flow__edge-path')
      .evaluate((path) => getComputedStyle(path).stroke);
    const background = await this.page
      .locator('.react-flow')
      .evaluate((flow) => getComputedStyle(flow).backgroundColor);
    return contrastRatio(stroke, background);
  }

  /** Double-clicks an empty spot of the canvas at a fraction of its size. */
  async doubleClickCanvas(fx: number, fy: number): Promise<void> {
    const box = (await this.page.locator('.react-flow__pane').boundingBox())!;
    await this.page.mouse.dblclick(box.x + box.width * fx, box.y + box.height * fy);
  }

  async select(...names: string[]): Promise<void> {
    await this.clickTask(names[0]!);
    for (const name of names.slice(1)) {
      await this.clickTask(name, { modifiers: ['Shift'] });
    }
  }

  async tab(name: 'Inspector' | 'Mermaid' | 'Checklist'): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  }

  /** Presses Auto layout and waits until it is done; returns the node positions after it. */
  async autoLayout(): Promise<Record<string, string>> {
    await this.button('Auto layout').click();
    await expect(this.button('Auto layout')).toBeEnabled();
    return this.nodePositions();
  }

  /** The side of its upstream node an edge leaves from, as drawn: "bottom" (TD) or "right" (LR). */
  async edgeLeaves(upstream: string, downstream: string): Promise<string> {
    const box = (await this.taskNode(upstream).boundingBox())!;
    const start = await this.edge(upstream, downstream)
      .locator('path.react-flow__edge-path')
      .evaluate((path: SVGPathElement) => {
        const p = path.getPointAtLength(0).matrixTransform(path.getScreenCTM()!);
        return { x: p.x, y: p.y };
      });
    const near = (a: number, b: number) => Math.abs(a - b) < 12;
    if (near(start.x, box.x + box.width)) return 'right';
    if (near(start.y, box.y + box.height)) return 'bottom';
    return `elsewhere (${Math.round(start.x - box.x)}, ${Math.round(start.y - box.y)})`;
  }

  async nodePositions(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const node of await this.page.locator('.react-flow__node').all()) {
      out[(await node.getAttribute('data-id'))!] = (await node.getAttribute('style')) ?? '';
    }
    return out;
  }

  /** Replaces the selected task's code by typing it. */
  async typeCode(code: string): Promise<void> {
    await this.codeEditor.click();
    await this.shortcut('Mod+A');
    await this.page.keyboard.press('Backspace');
    await this.page.keyboard.type(code);
  }

  /** Adds a task by double-clicking the canvas there; returns the name the app gave it. */
  async addTaskAt(fx: number, fy: number): Promise<string> {
    const before = await this.taskNames();
    await this.doubleClickCanvas(fx, fy);
    await expect(this.taskNodes).toHaveCount(before.length + 1);
    const added = (await this.taskNames()).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    return added[0]!;
  }

  /** The names of the tasks on the canvas. */
  async taskNames(): Promise<string[]> {
    return this.taskNodes.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-task-name') ?? ''),
    );
  }

  /** Selects a task on the canvas and shows it in the Inspector tab. */
  async editTask(name: string): Promise<void> {
    await this.clickTask(name);
    await this.tab('Inspector');
    await expect(this.inspector.getByLabel('Name', { exact: true })).toHaveValue(name);
  }

  /** Renames a task in the Inspector. */
  async renameTask(from: string, to: string): Promise<void> {
    await this.editTask(from);
    await this.inspector.getByLabel('Name', { exact: true }).fill(to);
    await expect(this.taskNode(to)).toBeVisible();
  }

  /** Replaces a task's code by typing it in the Inspector's code editor (one line of code). */
  async setTaskCode(name: string, code: string): Promise<void> {
    await this.editTask(name);
    await this.typeCode(code);
    await expect(this.codeEditor).toHaveText(code);
  }

  /**
   * Asserts that the open workflow holds exactly these tasks: their nodes, one edge per dependency
   * and nothing more, and each task's code (one line each) in the Inspector.
   */
  async expectTasks(tasks: readonly TaskDoc[]): Promise<void> {
    expect((await this.taskNames()).sort()).toEqual(tasks.map((t) => t.name).sort());
    await expect(this.edges).toHaveCount(tasks.reduce((n, t) => n + t.dependsOn.length, 0));
    for (const task of tasks) {
      for (const upstream of task.dependsOn)
        await expect(this.edge(upstream, task.name)).toHaveCount(1);
      await this.editTask(task.name);
      await expect(this.codeEditor).toHaveText(task.code);
    }
    await this.page.keyboard.press('Escape');
  }
}
