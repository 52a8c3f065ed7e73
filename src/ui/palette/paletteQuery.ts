// The palette's query language and matching. Pure: no store, no DOM, no React.
import type { TaskStatus } from '../../engine/index.ts';

/** `is:` filters and the task statuses each one takes (`invalid` is a validation problem). */
export const STATUS_FILTERS = {
  failed: ['failed'],
  completed: ['completed'],
  running: ['running', 'retrying'],
  skipped: ['skipped'],
  cancelled: ['cancelled'],
  pending: ['pending'],
} as const satisfies Record<string, readonly TaskStatus[]>;

export type StatusFilter = keyof typeof STATUS_FILTERS;
export type Filter = StatusFilter | 'invalid';
export const FILTERS: readonly Filter[] = [
  ...(Object.keys(STATUS_FILTERS) as StatusFilter[]),
  'invalid',
];

export interface PaletteQuery {
  /** Words to find, lower case; every one must match. */
  terms: string[];
  /** `is:` filters; every one must hold. */
  filters: Filter[];
  /** `is:` words that name no filter, as typed. */
  unknown: string[];
}

const isFilter = (word: string): word is Filter => (FILTERS as readonly string[]).includes(word);

/** Splits what was typed into words and `is:` filters (any case, anywhere in the text). */
export function parseQuery(text: string): PaletteQuery {
  const query: PaletteQuery = { terms: [], filters: [], unknown: [] };
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    const lower = word.toLowerCase();
    if (lower.startsWith('is:')) {
      const filter = lower.slice(3);
      if (isFilter(filter)) {
        if (!query.filters.includes(filter)) query.filters.push(filter);
      } else query.unknown.push(word);
    } else query.terms.push(lower);
  }
  return query;
}

/** What the palette knows of a task to search it. */
export interface SearchableTask {
  name: string;
  description?: string | undefined;
  code: string;
  /** Its status in the run shown (`pending` without one). */
  status: TaskStatus;
  /** Its validation problems (messages). */
  problems: readonly string[];
}

export type MatchField = 'name' | 'description' | 'problem' | 'code';

export interface TaskMatch {
  task: SearchableTask;
  /** Where the first word was found (null for a query of filters only). */
  field: MatchField | null;
  /** A line of the description, problem or code around that word. */
  snippet: string;
}

/** Field order is rank: a word in the name beats one in the description, then problems, then code. */
const FIELD_RANK: Record<MatchField, number> = { name: 1, description: 2, problem: 3, code: 4 };
const SNIPPET = 70;

function fieldsOf(task: SearchableTask): [MatchField, string][] {
  return [
    ['name', task.name],
    ['description', task.description ?? ''],
    ...task.problems.map((p): [MatchField, string] => ['problem', p]),
    ['code', task.code],
  ];
}

function passesFilters(task: SearchableTask, filters: readonly Filter[]): boolean {
  return filters.every((f) =>
    f === 'invalid'
      ? task.problems.length > 0
      : (STATUS_FILTERS[f] as readonly TaskStatus[]).includes(task.status),
  );
}

/** The line holding `index`, cut to about SNIPPET characters around it. */
function snippetAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const endOfLine = text.indexOf('\n', index);
  const line = text.slice(start, endOfLine === -1 ? undefined : endOfLine).trim();
  if (line.length <= SNIPPET) return line;
  const at = Math.max(0, index - start - SNIPPET / 3);
  return `${at > 0 ? '…' : ''}${line.slice(at, at + SNIPPET)}…`;
}

/**
 * The tasks that pass every filter and hold every word (in any searched field), best first: by
 * where the words were found (name, then description, problems, code; a name starting with the
 * first word first of all), then in document order. `limit` caps the list; `total` counts all.
 */
export function matchTasks(
  tasks: readonly SearchableTask[],
  query: PaletteQuery,
  limit = Infinity,
): { matches: TaskMatch[]; total: number } {
  const ranked: { match: TaskMatch; rank: number; order: number }[] = [];
  tasks.forEach((task, order) => {
    if (!passesFilters(task, query.filters)) return;
    const fields = fieldsOf(task);
    let rank = 0;
    let first: { field: MatchField; text: string; index: number } | null = null;
    for (const term of query.terms) {
      let best: { field: MatchField; text: string; index: number } | null = null;
      for (const [field, text] of fields) {
        const index = text.toLowerCase().indexOf(term);
        if (index !== -1) {
          best = { field, text, index };
          break;
        }
      }
      if (!best) return;
      rank += FIELD_RANK[best.field];
      first ??= best;
    }
    if (first?.field === 'name' && first.index === 0) rank -= 0.5;
    const snippet = first && first.field !== 'name' ? snippetAt(first.text, first.index) : '';
    ranked.push({ match: { task, field: first?.field ?? null, snippet }, rank, order });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return { matches: ranked.slice(0, limit).map((r) => r.match), total: ranked.length };
}

/** What the palette searches in a command. */
export interface SearchableCommand {
  title: string;
  group: string;
  keys?: string | undefined;
}

/**
 * Commands holding every word in their title, group or shortcut, in their given order. A query
 * with filters looks for tasks only: no commands.
 */
export function matchCommands<C extends SearchableCommand>(
  commands: readonly C[],
  query: PaletteQuery,
): C[] {
  if (query.filters.length > 0 || query.unknown.length > 0) return [];
  return commands.filter((c) => {
    const text = `${c.title} ${c.group} ${c.keys ?? ''}`.toLowerCase();
    return query.terms.every((t) => text.includes(t));
  });
}
