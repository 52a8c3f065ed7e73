import { expect, type Locator, type Page } from '@playwright/test';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The command palette (Ctrl+K), driven by the keyboard alone. */
export class PalettePage {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly options: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('palette');
    this.input = this.dialog.getByRole('combobox');
    this.options = this.dialog.getByRole('option');
  }

  /** Presses Ctrl+K (or `key` with Ctrl, e.g. F on the canvas) and waits for the palette. */
  async open(key: 'K' | 'F' = 'K'): Promise<void> {
    await this.page.keyboard.press(`${mod}+${key}`);
    await expect(this.dialog).toBeVisible();
    await expect(this.input).toBeFocused();
  }

  /** The option highlighted for Enter. */
  get active(): Locator {
    return this.dialog.locator('[role="option"][aria-selected="true"]');
  }

  /** The text of every listed option of a kind (task names or command titles). */
  titles(kind: 'task' | 'command'): Promise<string[]> {
    return this.dialog
      .locator(`[role="option"][data-kind="${kind}"] .palette__title`)
      .allTextContents();
  }

  /** Types `text` into the (already open) palette, replacing what was there. */
  async type(text: string): Promise<void> {
    await this.input.press(`${mod}+A`);
    await this.input.press('Backspace');
    await this.page.keyboard.type(text);
  }

  /** Types `text`, moves with the arrow keys to the option titled `title` and presses Enter. */
  async choose(text: string, title: string): Promise<void> {
    await this.type(text);
    const option = this.options.filter({
      has: this.page.locator('.palette__title', { hasText: new RegExp(`^${escape(title)}$`) }),
    });
    await expect(option).toHaveCount(1);
    for (let i = 0; i < 60 && (await option.getAttribute('aria-selected')) !== 'true'; i++) {
      await this.input.press('ArrowDown');
    }
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await this.input.press('Enter');
  }

  /** Opens the palette and runs the command titled `title`, found by typing `text`. */
  async run(text: string, title: string): Promise<void> {
    await this.open();
    await this.choose(text, title);
    await expect(this.dialog).toHaveCount(0);
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
