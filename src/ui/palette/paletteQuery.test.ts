import { describe, expect, it } from 'vitest';
import {
  matchCommands,
  matchTasks,
  parseQuery,
  type PaletteQuery,
  type SearchableTask,
} from './paletteQuery.ts';

const task = (name: string, more: Partial<SearchableTask> = {}): SearchableTask => ({
  name,
  code: 'return null;',
  status: 'pending',
  problems: [],
  ...more,
});

const TASKS: SearchableTask[] = [
  task('extract', { status: 'completed', description: 'Reads the orders' }),
  task('transform', {
    status: 'failed',
    code: 'const rows = input.extract;\nreturn rows.map(fix);',
  }),
  task('load_orders', { status: 'skipped' }),
  task('report', { status: 'running', problems: ['Code: Unexpected token (1:7)'] }),
  task('notify', { status: 'retrying' }),
];

const names = (q: string) => matchTasks(TASKS, parseQuery(q)).matches.map((m) => m.task.name);

describe('parseQuery', () => {
  it.each<[string, PaletteQuery]>([
    ['', { terms: [], filters: [], unknown: [] }],
    ['  Load  ', { terms: ['load'], filters: [], unknown: [] }],
    ['is:failed', { terms: [], filters: ['failed'], unknown: [] }],
    ['IS:Invalid code', { terms: ['code'], filters: ['invalid'], unknown: [] }],
    ['x is:failed is:failed', { terms: ['x'], filters: ['failed'], unknown: [] }],
    ['is:broken rows', { terms: ['rows'], filters: [], unknown: ['is:broken'] }],
    ['is:running is:invalid', { terms: [], filters: ['running', 'invalid'], unknown: [] }],
  ])('%j', (text, expected) => {
    expect(parseQuery(text)).toEqual(expected);
  });
});

describe('matchTasks', () => {
  it.each<[string, string[]]>([
    ['', ['extract', 'transform', 'load_orders', 'report', 'notify']],
    ['is:failed', ['transform']],
    ['is:completed', ['extract']],
    ['is:skipped', ['load_orders']],
    // Running takes a task waiting for its next attempt too.
    ['is:running', ['report', 'notify']],
    ['is:invalid', ['report']],
    ['is:running is:invalid', ['report']],
    ['is:failed is:completed', []],
    // Name before description before code; a name starting with the word first.
    ['orders', ['load_orders', 'extract']],
    ['rows', ['transform']],
    ['unexpected', ['report']],
    ['is:failed rows', ['transform']],
    ['is:completed rows', []],
    ['rep', ['report']],
    ['t', ['transform', 'extract', 'report', 'notify', 'load_orders']],
    ['rows fix', ['transform']],
    ['rows nothing', []],
  ])('%j finds %j', (q, expected) => {
    expect(names(q)).toEqual(expected);
  });

  it('says where a word was found, with the line around it', () => {
    const [code] = matchTasks(TASKS, parseQuery('fix')).matches;
    expect(code).toMatchObject({ field: 'code', snippet: 'return rows.map(fix);' });
    const [description] = matchTasks(TASKS, parseQuery('reads')).matches;
    expect(description).toMatchObject({ field: 'description', snippet: 'Reads the orders' });
    const [name] = matchTasks(TASKS, parseQuery('notify')).matches;
    expect(name).toMatchObject({ field: 'name', snippet: '' });
  });

  it('cuts a long line around the word', () => {
    const long = task('long', { code: `${'a'.repeat(200)} needle ${'b'.repeat(200)}` });
    const [match] = matchTasks([long], parseQuery('needle')).matches;
    expect(match!.snippet).toContain('needle');
    expect(match!.snippet.length).toBeLessThanOrEqual(72);
    expect(match!.snippet.startsWith('…') && match!.snippet.endsWith('…')).toBe(true);
  });

  it('caps the list and counts every match', () => {
    const many = Array.from({ length: 120 }, (_, i) => task(`task_${i}`));
    const { matches, total } = matchTasks(many, parseQuery('task'), 50);
    expect(matches).toHaveLength(50);
    expect(total).toBe(120);
  });
});

describe('matchCommands', () => {
  const commands = [
    { title: 'Add task', group: 'Edit', keys: 'N' },
    { title: 'Run workflow', group: 'Run' },
    { title: 'Fit view', group: 'Layout', keys: 'F' },
  ];
  it.each<[string, string[]]>([
    ['', ['Add task', 'Run workflow', 'Fit view']],
    ['run', ['Run workflow']],
    ['layout', ['Fit view']],
    ['add TASK', ['Add task']],
    ['is:failed', []],
    ['is:nothing', []],
  ])('%j finds %j', (q, expected) => {
    expect(matchCommands(commands, parseQuery(q)).map((c) => c.title)).toEqual(expected);
  });
});
