// The app's commands: one registry for the command palette, the "?" sheet, the key handler and the
// toolbars' tooltips, so a command listed in one is listed in the others with the same shortcut.
import {
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  pasteFragmentText,
  redo,
  undo,
} from '../commands/editCommands.ts';
import { clearSelection, extendSelection, selectAll } from '../commands/selectionCommands.ts';
import { exportImage } from '../io/exportImage.ts';
import { exportJson } from '../io/importCommands.ts';
import { autoLayout } from '../layout/layoutCommands.ts';
import { createWorkflow, setLayoutDirection } from '../persistence/workflowCommands.ts';
import { cancelRun } from '../run/cancelRun.ts';
import { retryFailed, runPartial } from '../run/runAgain.ts';
import { runWorkflow } from '../run/runController.ts';
import {
  selectCanCancel,
  selectCanRetry,
  selectPartialRunReason,
  selectRunDisabledReason,
} from '../run/runReasons.ts';
import { createShareLink } from '../share/shareCommands.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { ExecutorKind } from '../store/runSlice.ts';
import type { BottomTab, RightTab, ThemePreference } from '../store/uiSlice.ts';
import { selectSingleSelected } from '../store/selectors.ts';
import { focusTaskName } from '../inspector/nameFocus.ts';

/** What a command needs from the canvas (React Flow's view) to run. */
export interface CommandContext {
  /** Adds a task beside the selection, or in the middle of the view. */
  addTask: () => void;
  /** Adds a task after the one selected task, already connected to it. */
  addDownstreamTask: () => void;
  fitView: () => void;
  /** Opens the palette listing the tasks the selected one can be connected to. */
  pickConnectTarget: () => void;
  /** Opens the palette (tasks and commands). */
  openPalette: () => void;
}

export type CommandGroup = 'Edit' | 'Select' | 'Layout' | 'Run' | 'Workflow' | 'View' | 'Help';

export interface AppCommand {
  id: string;
  title: string;
  group: CommandGroup;
  /** The shortcut as people read it ("Ctrl" stands for Cmd on macOS). */
  keys?: string;
  /** Why the command cannot run now, or null when it can. */
  disabled?: (s: AppState) => string | null;
  run: (ctx: CommandContext) => void;
}

const NEED_ONE_TASK = 'Select one task on the canvas first';
const NEED_SELECTION = 'Select tasks on the canvas first';

const oneTask = (s: AppState) => (selectSingleSelected(s) === null ? NEED_ONE_TASK : null);
const anySelected = (s: AppState) => (s.nodes.some((n) => n.selected) ? null : NEED_SELECTION);
const ui = () => useAppStore.getState();
/** Runs `action` with the one selected task, if there is one. */
const withSingle = (action: (name: string) => void) => () => {
  const name = selectSingleSelected(ui());
  if (name !== null) action(name);
};
const toggleDirection = () => {
  void setLayoutDirection(ui().layoutDirection === 'TD' ? 'LR' : 'TD');
  void autoLayout();
};
const clickImport = () =>
  document.querySelector<HTMLInputElement>('[data-testid="import-input"]')?.click();

type Extra = Partial<Pick<AppCommand, 'keys' | 'disabled'>>;
/** A maker of one group's commands: id, title, what it does, and its shortcut or condition. */
const group =
  (name: CommandGroup) =>
  (id: string, title: string, run: AppCommand['run'], extra: Extra = {}): AppCommand => ({
    id,
    title,
    group: name,
    run,
    ...extra,
  });
const edit = group('Edit');
const select = group('Select');
const layout = group('Layout');
const runs = group('Run');
const workflow = group('Workflow');
const view = group('View');
const help = group('Help');

const RIGHT_TABS = [
  ['inspector', 'Inspector'],
  ['mermaid', 'Mermaid'],
  ['checklist', 'Checklist'],
] as const satisfies readonly (readonly [RightTab, string])[];
const BOTTOM_TABS = [
  ['tasks', 'Tasks table'],
  ['runs', 'Runs (history)'],
  ['timeline', 'Timeline'],
  ['metrics', 'Metrics'],
] as const satisfies readonly (readonly [BottomTab, string])[];
const THEMES = ['light', 'dark', 'system'] as const satisfies readonly ThemePreference[];
const EXECUTORS = [
  ['threaded', 'Threaded (a pool of workers)'],
  ['async', 'Async (one worker)'],
  ['sequential', 'Sequential (one worker)'],
] as const satisfies readonly (readonly [ExecutorKind, string])[];

/** Every command of the app, in the order the palette and the "?" sheet list them. */
export const COMMANDS: readonly AppCommand[] = [
  help('palette', 'Search tasks and commands', (c) => c.openPalette(), { keys: 'Ctrl+K' }),
  edit('add-task', 'Add task', (c) => c.addTask(), { keys: 'N / double-click canvas' }),
  edit('add-downstream', 'Add downstream task', (c) => c.addDownstreamTask(), {
    disabled: oneTask,
  }),
  edit('connect', 'Connect selected task to…', (c) => c.pickConnectTarget(), { disabled: oneTask }),
  edit('rename', 'Rename selected task', withSingle(focusTaskName), {
    keys: 'F2',
    disabled: oneTask,
  }),
  edit('delete', 'Delete selection', deleteSelection, {
    keys: 'Delete / Backspace',
    disabled: (s) =>
      s.nodes.some((n) => n.selected) || s.edges.some((e) => e.selected)
        ? null
        : 'Select tasks or edges on the canvas first',
  }),
  edit('copy', 'Copy', () => void copySelection(), { keys: 'Ctrl+C', disabled: anySelected }),
  edit('cut', 'Cut', () => void cutSelection(), { keys: 'Ctrl+X', disabled: anySelected }),
  edit('paste', 'Paste', () => pasteFragmentText(null), { keys: 'Ctrl+V' }),
  edit('duplicate', 'Duplicate', duplicateSelection, { keys: 'Ctrl+D', disabled: anySelected }),
  edit('undo', 'Undo', undo, { keys: 'Ctrl+Z' }),
  edit('redo', 'Redo', redo, { keys: 'Ctrl+Shift+Z / Ctrl+Y' }),
  select('select-all', 'Select all', selectAll, { keys: 'Ctrl+A' }),
  select('select-upstream', 'Select upstream', () => extendSelection('upstream'), {
    keys: 'U',
    disabled: anySelected,
  }),
  select('select-downstream', 'Select downstream', () => extendSelection('downstream'), {
    keys: 'D',
    disabled: anySelected,
  }),
  select('select-none', 'Clear selection', clearSelection, { keys: 'Escape' }),
  layout('layout', 'Auto layout (selection, or whole graph)', () => void autoLayout(), {
    keys: 'Shift+Alt+L',
  }),
  layout('direction', 'Toggle layout direction (top-down / left-right)', toggleDirection),
  layout('fit', 'Fit view', (c) => c.fitView(), { keys: 'F' }),
  runs('run', 'Run workflow', () => void runWorkflow(), { disabled: selectRunDisabledReason }),
  runs('cancel', 'Cancel run', cancelRun, {
    disabled: (s) => (selectCanCancel(s) ? null : 'No run of this tab is in progress'),
  }),
  runs('retry', 'Retry failed', () => void retryFailed(), {
    disabled: (s) => (selectCanRetry(s) ? null : 'Nothing to retry'),
  }),
  runs(
    'run-from-here',
    'Run from here (selected task and downstream)',
    withSingle((name) => void runPartial(name, 'from-here')),
    { disabled: selectPartialRunReason },
  ),
  runs(
    'run-this-task',
    'Run this task (on its upstream results)',
    withSingle((name) => void runPartial(name, 'this-task')),
    { disabled: selectPartialRunReason },
  ),
  ...EXECUTORS.map(([executor, title]) =>
    runs(`executor-${executor}`, `Executor: ${title}`, () => ui().setRunSettings({ executor })),
  ),
  workflow('workflows', 'Open Workflows…', () => ui().setDialog('workflows')),
  workflow('new-workflow', 'New workflow', () => void createWorkflow()),
  workflow('examples', 'Open Examples…', () => ui().setDialog('examples')),
  workflow('import', 'Import a workflow file…', clickImport),
  workflow('export-json', 'Export JSON', exportJson),
  workflow('export-png', 'Export PNG', () => void exportImage('png')),
  workflow('export-svg', 'Export SVG', () => void exportImage('svg')),
  workflow('share', 'Share link', () => void createShareLink()),
  ...RIGHT_TABS.map(([tab, title]) =>
    view(`tab-${tab}`, `Show ${title}`, () => ui().setRightTab(tab)),
  ),
  ...BOTTOM_TABS.map(([tab, title]) =>
    view(`tab-${tab}`, `Show ${title}`, () => ui().setBottomTab(tab)),
  ),
  ...THEMES.map((theme) => view(`theme-${theme}`, `Theme: ${theme}`, () => ui().setTheme(theme))),
  help('shortcuts', 'Keyboard shortcuts', () => ui().setDialog('shortcuts'), { keys: '?' }),
];

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

/** A button's tooltip: its label and the command's shortcut, as the sheet lists it. */
export function withShortcut(label: string, id: string): string {
  const keys = BY_ID.get(id)?.keys;
  return keys ? `${label} (${keys})` : label;
}

/** Runs the command `id` (whatever its `disabled` says: a key press does what it always did). */
export function runCommand(id: string, context: CommandContext): void {
  BY_ID.get(id)?.run(context);
}
