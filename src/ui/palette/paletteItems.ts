// What the palette lists for a query: tasks (found or to connect to) and commands, with why an
// item cannot be chosen now.
import type { WorkflowDocument } from '../../engine/index.ts';
import { diagnose } from '../checklist/diagnostics.ts';
import { cycleMessage } from '../commands/cycleMessage.ts';
import { COMMANDS, type AppCommand } from '../keyboard/commandRegistry.ts';
import type { AppState } from '../store/appStore.ts';
import { taskRunStateOf } from '../store/runSlice.ts';
import { selectSingleSelected } from '../store/selectors.ts';
import {
  matchCommands,
  matchTasks,
  parseQuery,
  type PaletteQuery,
  type SearchableTask,
  type TaskMatch,
} from './paletteQuery.ts';

/** At most this many tasks are listed; the rest are counted ("refine the search"). */
export const TASK_LIMIT = 50;

export type PaletteMode = 'search' | 'connect';

export type PaletteItem =
  | { kind: 'task'; match: TaskMatch; disabled: string | null }
  | { kind: 'command'; command: AppCommand; disabled: string | null };

export interface PaletteList {
  /** What was typed, trimmed. */
  text: string;
  query: PaletteQuery;
  tasks: PaletteItem[];
  /** Tasks found beyond TASK_LIMIT. */
  moreTasks: number;
  commands: PaletteItem[];
  /** In connect mode, the task to connect from. */
  source: string | null;
}

/** The palette's own command (it is open already) is left out of its list. */
const LISTED = COMMANDS.filter((c) => c.id !== 'palette');

const problemCache = new WeakMap<WorkflowDocument, Map<string, string[]>>();

/** Each task's validation problems, by name. */
function problemsByTask(doc: WorkflowDocument): Map<string, string[]> {
  let byTask = problemCache.get(doc);
  if (!byTask) {
    byTask = new Map();
    for (const issue of diagnose(doc)) {
      if (issue.task === undefined) continue;
      const list = byTask.get(issue.task) ?? [];
      list.push(issue.message);
      byTask.set(issue.task, list);
    }
    problemCache.set(doc, byTask);
  }
  return byTask;
}

function searchableTasks(s: AppState): SearchableTask[] {
  const problems = problemsByTask(s.document);
  return s.document.tasks.map((t) => ({
    name: t.name,
    description: t.description,
    code: t.code,
    status: taskRunStateOf(s, t.name)?.status ?? 'pending',
    problems: problems.get(t.name) ?? [],
  }));
}

/** Why `source → target` cannot be drawn, or null. */
function connectProblem(doc: WorkflowDocument, source: string, target: string): string | null {
  const downstream = doc.tasks.find((t) => t.name === target);
  if (downstream?.dependsOn.includes(source)) return `Already connected: ${source} → ${target}`;
  return cycleMessage(doc, source, target);
}

/** The palette's lists for `text` in `mode`, against the state now. */
export function paletteList(s: AppState, mode: PaletteMode, text: string): PaletteList {
  const query = parseQuery(text);
  const source = mode === 'connect' ? selectSingleSelected(s) : null;
  const candidates = searchableTasks(s).filter((t) => t.name !== source);
  const { matches, total } = matchTasks(candidates, query, TASK_LIMIT);
  const tasks = matches.map((match): PaletteItem => ({
    kind: 'task',
    match,
    disabled: source === null ? null : connectProblem(s.document, source, match.task.name),
  }));
  // Connecting: the tasks it can connect to first (a stable sort keeps the match order).
  if (source !== null)
    tasks.sort((a, b) => Number(a.disabled !== null) - Number(b.disabled !== null));
  const commands =
    mode === 'connect'
      ? []
      : matchCommands(LISTED, query).map((command): PaletteItem => ({
          kind: 'command',
          command,
          disabled: command.disabled?.(s) ?? null,
        }));
  return { text: text.trim(), query, tasks, moreTasks: total - matches.length, commands, source };
}
