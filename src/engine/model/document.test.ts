import { describe, expect, it } from 'vitest';
import {
  migrateWorkflowDocument,
  parseWorkflowDocument,
  safeParseWorkflowDocument,
} from './document.ts';
import { WorkflowValidationError } from './errors.ts';
import { Task } from './Task.ts';
import type { WorkflowDocument } from './types.ts';
import { Workflow } from '../index.ts';

const doc = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({
  format: 'flowweaver.workflow',
  version: 1,
  id: 'wf-1',
  name: 'Example',
  tasks,
  ...extra,
});
const t = (name: string, dependsOn: string[] = [], more: Record<string, unknown> = {}) => ({
  name,
  code: `return "${name}";`,
  dependsOn,
  ...more,
});
const codes = (input: unknown) => {
  const r = safeParseWorkflowDocument(input);
  return r.ok ? [] : r.issues.map((i) => i.code);
};

describe('workflow documents', () => {
  it('round-trips a workflow through toDocument / fromDocument (JSON text too)', async () => {
    const wf = new Workflow('Example', { id: 'wf-1', description: 'demo' });
    wf.addTask(new Task('a', 'return 2;', { position: { x: 1, y: 2 }, description: 'first' }));
    wf.addTask(
      new Task('b', 'return a * 21;', {
        retries: 2,
        backoff: 'exponential',
        triggerRule: 'all_done',
      }),
      {
        dependsOn: ['a'],
      },
    );
    const document = wf.toDocument();
    expect(document).toEqual({
      format: 'flowweaver.workflow',
      version: 2,
      id: 'wf-1',
      name: 'Example',
      description: 'demo',
      tasks: [
        {
          name: 'a',
          code: 'return 2;',
          dependsOn: [],
          description: 'first',
          position: { x: 1, y: 2 },
        },
        {
          name: 'b',
          code: 'return a * 21;',
          dependsOn: ['a'],
          retries: 2,
          backoff: 'exponential',
          triggerRule: 'all_done',
        },
      ],
    });
    const copy = Workflow.fromDocument(JSON.stringify(document));
    expect(copy.toDocument()).toEqual(document);
    await copy.execute();
    expect(copy.getTaskResult('b')).toBe(42);
  });

  it('turns function tasks into code that calls their source', async () => {
    const wf = new Workflow('fn');
    wf.addTask((inputs, ctx) => `${ctx.taskName}:${Object.keys(inputs).length}`, { name: 'f' });
    const copy = Workflow.fromDocument(wf.toDocument());
    await copy.execute();
    expect(copy.getTaskResult('f')).toBe('f:0');
  });

  it('accepts tasks listed before their dependencies', () => {
    const wf = Workflow.fromDocument(doc([t('b', ['a']), t('a')]));
    expect(wf.getExecutionPlan().map((l) => l.map((x) => x.name))).toEqual([['a'], ['b']]);
  });

  it('reports every problem at once', () => {
    const input = doc([
      t('a'),
      t('a'),
      t('b', ['ghost', 'b']),
      t('c', ['d']),
      t('d', ['c']),
      t('e', [], { retries: -1, retires: 3 }),
      t('f', [], { code: 'return (' }),
      t('', []),
    ]);
    let error: unknown;
    try {
      Workflow.fromDocument(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    const issues = (error as WorkflowValidationError).issues;
    expect(issues.map((i) => i.code).sort()).toEqual(
      [
        'E_BAD_OPTION',
        'E_BAD_OPTION',
        'E_CYCLE',
        'E_DUPLICATE',
        'E_INVALID_NAME',
        'E_SELF_DEPENDENCY',
        'E_SYNTAX',
        'E_UNKNOWN_DEPENDENCY',
      ].sort(),
    );
    const cycle = issues.find((i) => i.code === 'E_CYCLE');
    expect(cycle?.cycle).toEqual(['c', 'd', 'c']);
    expect(cycle?.message).toContain('c → d → c');
    expect(issues.find((i) => i.code === 'E_SYNTAX')?.message).toMatch(/Task "f", line 1/);
    expect(issues.filter((i) => i.code === 'E_BAD_OPTION').every((i) => i.task === 'e')).toBe(true);
    expect((error as Error).message).toContain('problems');
  });

  it.each([
    ['only spaces', '   ', /" {3}": a name cannot be only whitespace/],
    ['only a tab and a no-break space', '\t\u00a0', /a name cannot be only whitespace/],
    ['a leading space', ' extract', /" extract": a name cannot start or end with whitespace/],
    ['a trailing newline', 'load\n', /a name cannot start or end with whitespace/],
  ])('refuses a task name with %s (E_INVALID_NAME)', (_label, name, message) => {
    const result = safeParseWorkflowDocument(
      doc([t('ok'), t(name, ['ok'], { code: 'return 1;' })]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { code: 'E_INVALID_NAME', task: name, message: expect.stringMatching(message) as string },
    ]);
  });

  it('accepts inner whitespace in a name', () => {
    expect(codes(doc([t('extract data'), t('load  it', ['extract data'])]))).toEqual([]);
  });

  it.each([
    ['not JSON', '{oops', 'E_PARSE', /Not valid JSON/],
    ['an array', [], 'E_FORMAT', /expected a JSON object/],
    ['another format', { format: 'other', version: 1 }, 'E_FORMAT', /format is "other"/],
    [
      'a newer version',
      doc([], { version: 3 }),
      'E_VERSION',
      /version 3, newer than this FlowWeaver understands/,
    ],
    ['a bad version', doc([], { version: 'one' }), 'E_VERSION', /Invalid document version/],
    [
      'missing tasks',
      { format: 'flowweaver.workflow', version: 1, id: 'x', name: 'x' },
      'E_SCHEMA',
      /tasks/,
    ],
  ])('refuses %s with a clear message', (_label, input, code, message) => {
    const result = safeParseWorkflowDocument(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]!.code).toBe(code);
      expect(result.issues[0]!.message).toMatch(message);
    }
  });

  it('migrates older versions step by step before validating', () => {
    const migrations = {
      1: (d: Record<string, unknown>) => ({ ...d, version: 2, renamed: true }),
      2: (d: Record<string, unknown>) => ({ ...d, version: 3 }),
    };
    const result = migrateWorkflowDocument(
      { format: 'flowweaver.workflow', version: 1 },
      migrations,
      3,
    );
    expect(result).toEqual({
      ok: true,
      document: { format: 'flowweaver.workflow', version: 3, renamed: true },
    });
    const gap = migrateWorkflowDocument({ format: 'flowweaver.workflow', version: 1 }, {}, 2);
    expect(gap.ok).toBe(false);
  });

  it('parseWorkflowDocument returns the typed document', () => {
    const parsed: WorkflowDocument = parseWorkflowDocument(doc([t('a')]));
    expect(parsed.tasks[0]!.name).toBe('a');
    expect(codes(doc([t('a', [], { position: { x: 'left', y: 0 } })]))).toEqual(['E_SCHEMA']);
  });

  it('keeps an optional layout direction, and refuses one it does not know', () => {
    expect(parseWorkflowDocument(doc([t('a')])).layout).toBeUndefined();
    const lr = parseWorkflowDocument(doc([t('a')], { layout: { direction: 'LR' } }));
    expect(lr.layout).toEqual({ direction: 'LR' });
    expect(codes(doc([t('a')], { layout: { direction: 'RL' } }))).toEqual(['E_SCHEMA']);
    expect(codes(doc([t('a')], { layout: { direction: 'LR', zoom: 2 } }))).toEqual(['E_SCHEMA']);
  });
});

describe('options that rule each other out, in a document', () => {
  const docWith = (extra: Record<string, unknown>) => ({
    format: 'flowweaver.workflow',
    version: 2,
    id: 'x',
    name: 'x',
    tasks: [
      { name: 'list', code: 'return [1, 2];', dependsOn: [] },
      { name: 'each', code: 'return item;', dependsOn: ['list'], ...extra },
    ],
  });

  it.each([
    [{ mapOver: 'list', branch: true }, /a mapped task \(option "mapOver"\) cannot be a branch/],
    [{ mapOver: 'list', shortCircuit: true }, /a mapped task \(option "mapOver"\) cannot be/],
    [{ branch: true, shortCircuit: true }, /"branch" and "shortCircuit" cannot both be set/],
  ])('%o is refused when the document is checked, naming the task', (extra, message) => {
    const result = safeParseWorkflowDocument(docWith(extra));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'E_BAD_OPTION',
        task: 'each',
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('a mapped task alone is fine', () => {
    expect(safeParseWorkflowDocument(docWith({ mapOver: 'list' })).ok).toBe(true);
  });
});
