// Pictures of the command palette and the empty canvas (docs/editor.md), light and dark.
import { boot, dismissToasts, run } from './steps.mjs';

/** Opens the palette with Ctrl+K and types `text` into it. */
async function palette(page, text) {
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette').getByRole('combobox').waitFor();
  if (text) await page.keyboard.type(text);
}

/** The ETL example after a run, the palette finding tasks by name and by a word in their code. */
async function paletteTasks(page, ctx) {
  await boot(page, ctx);
  await run(page);
  await palette(page, 'orders');
}

/** The palette with nothing typed: every command and its shortcut. */
async function paletteCommands(page, ctx) {
  await boot(page, ctx);
  await palette(page, '');
}

/** A new, empty workflow: the guidance in the middle of the canvas. */
async function emptyCanvas(page, ctx) {
  await boot(page, ctx);
  await palette(page, 'new workflow');
  await page.keyboard.press('Enter');
  await page.getByTestId('empty-canvas').waitFor();
  await dismissToasts(page);
}

export const PALETTE_SHOTS = [
  { file: 'editor-palette-tasks', take: paletteTasks },
  { file: 'editor-palette-tasks-dark', scheme: 'dark', take: paletteTasks },
  { file: 'editor-palette-commands', take: paletteCommands },
  { file: 'editor-palette-commands-dark', scheme: 'dark', take: paletteCommands },
  { file: 'editor-empty-canvas', take: emptyCanvas },
  { file: 'editor-empty-canvas-dark', scheme: 'dark', take: emptyCanvas },
];
