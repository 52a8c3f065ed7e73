// Repeated dependencies are refused by the document validator; documents from outside (files, links)
// are refused beyond DOCUMENT_LIMITS before they are validated. The engine's API has no limits.
import { describe, expect, it } from 'vitest';
import {
  mergeRepeatedDependencies,
  parseWorkflowDocument,
  safeParseWorkflowDocument,
} from './document.ts';
import { checkDocumentLimits, checkDocumentSize, DOCUMENT_LIMITS } from './documentLimits.ts';
import { WorkflowValidationError } from './errors.ts';
import { Workflow } from './Workflow.ts';

const doc = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({
  format: 'flowweaver.workflow',
  version: 1,
  id: 'wf',
  name: 'Limits',
  tasks,
  ...extra,
});
const t = (name: string, dependsOn: string[] = [], code = 'return 1;') => ({
  name,
  code,
  dependsOn,
});
const issuesOf = (input: unknown, limits = false) => {
  const r = safeParseWorkflowDocument(input, limits ? { limits: DOCUMENT_LIMITS } : {});
  return r.ok ? [] : r.issues;
};
const chain = (n: number) =>
  Array.from({ length: n }, (_, i) => t(`t${i}`, i ? [`t${i - 1}`] : []));

describe('repeated dependencies', () => {
  it('are refused, naming the task, the upstream and how many times', () => {
    const issues = issuesOf(doc([t('a'), t('b'), t('c', ['a', 'b', 'a', 'a', 'b'])]));
    expect(issues).toEqual([
      {
        code: 'E_DUPLICATE_DEPENDENCY',
        task: 'c',
        message: 'Task "c" lists "a" 3 times in dependsOn: list each upstream task once',
      },
      {
        code: 'E_DUPLICATE_DEPENDENCY',
        task: 'c',
        message: 'Task "c" lists "b" 2 times in dependsOn: list each upstream task once',
      },
    ]);
    expect(() => parseWorkflowDocument(doc([t('a'), t('b', ['a', 'a'])]))).toThrow(
      WorkflowValidationError,
    );
    expect(() => Workflow.fromDocument(doc([t('a'), t('b', ['a', 'a'])]))).toThrow(
      /lists "a" 2 times/,
    );
  });

  it('a million repeats are one issue; a repeated unknown name is reported once', () => {
    const many = doc([t('a'), t('b', Array<string>(1_000_000).fill('a'))]);
    expect(issuesOf(many).map((i) => i.message)).toEqual([
      'Task "b" lists "a" 1,000,000 times in dependsOn: list each upstream task once',
    ]);
    const ghosts = issuesOf(doc([t('b', Array<string>(1_000).fill('ghost'))]));
    expect(ghosts.map((i) => i.code)).toEqual(['E_DUPLICATE_DEPENDENCY', 'E_UNKNOWN_DEPENDENCY']);
  });

  it('each upstream listed once is fine', () => {
    expect(issuesOf(doc([t('a'), t('b'), t('c', ['a', 'b'])]))).toEqual([]);
  });

  it('merge into one entry each when a saved document is opened', () => {
    const saved = parseWorkflowDocument(doc([t('a'), t('b'), t('c', ['a', 'b'])]));
    expect(mergeRepeatedDependencies(saved)).toEqual({ document: saved, merged: 0 });
    expect(mergeRepeatedDependencies(saved).document).toBe(saved);
    const repeats = { ...saved, tasks: [t('a'), t('b'), t('c', ['b', 'a', 'b', 'b', 'a'])] };
    const { document, merged } = mergeRepeatedDependencies(repeats);
    expect(merged).toBe(3);
    expect(document.tasks.map((x) => x.dependsOn)).toEqual([[], [], ['b', 'a']]);
    expect(document.tasks[0]).toBe(repeats.tasks[0]);
    expect(safeParseWorkflowDocument(document).ok).toBe(true);
  });

  it('the engine API still takes repeats in addTask and keeps one edge', () => {
    const wf = new Workflow('api');
    wf.addTask(() => 1, { name: 'a' });
    wf.addTask(() => 2, { name: 'b', dependsOn: ['a', 'a'] });
    expect(wf.toDocument().tasks[1]!.dependsOn).toEqual(['a']);
  });
});

describe('document limits (files and links)', () => {
  const { maxTasks, maxEdges, maxTaskCodeChars, maxTotalCodeChars, maxBytes } = DOCUMENT_LIMITS;

  it('are explicit', () => {
    expect(DOCUMENT_LIMITS).toEqual({
      maxBytes: 10 * 1024 * 1024,
      maxTasks: 20_000,
      maxEdges: 100_000,
      maxTaskCodeChars: 100_000,
      maxTotalCodeChars: 5_000_000,
    });
    expect(Object.isFrozen(DOCUMENT_LIMITS)).toBe(true);
  });

  it('refuse more tasks than maxTasks; the engine API takes them', () => {
    const big = doc(chain(maxTasks + 1));
    expect(issuesOf(big, true).map((i) => i.message)).toEqual([
      'The workflow has too many tasks: 20,001, and FlowWeaver takes at most 20,000 from a file or a link',
    ]);
    expect(checkDocumentLimits(doc(chain(maxTasks)))).toEqual([]);
    expect(issuesOf(big)).toEqual([]);
  });

  it('refuse more dependencies than maxEdges, repeats counted and named', () => {
    const deps = Array<string>(1_000_000).fill('a');
    const messages = issuesOf(doc([t('a'), t('b', deps)]), true).map((i) => i.message);
    expect(messages).toEqual([
      'The workflow has too many dependencies: 1,000,000 (Task "b" alone lists 1,000,000), and FlowWeaver takes at most 100,000 from a file or a link',
      'Task "b" lists "a" 1,000,000 times in dependsOn: list each upstream task once',
    ]);
    const names = Array.from({ length: 1_001 }, (_, i) => `u${i}`);
    const wide = names.map((n) => t(n));
    const atLimit = Array.from({ length: 100 }, (_, i) =>
      t(`d${i}`, names.slice(0, maxEdges / 100)),
    );
    expect(checkDocumentLimits(doc([...wide, ...atLimit]))).toEqual([]);
    const over = [...atLimit, t('one_more', ['u0'])];
    expect(checkDocumentLimits(doc([...wide, ...over])).map((i) => i.message)).toEqual([
      'The workflow has too many dependencies: 100,001 (Task "d0" alone lists 1,000), and FlowWeaver takes at most 100,000 from a file or a link',
    ]);
  });

  it('refuse a task with more than maxTaskCodeChars of code, naming it', () => {
    const long = `return ${'1'.repeat(maxTaskCodeChars)};`;
    const issues = issuesOf(doc([t('a'), t('big', [], long)]), true);
    expect(issues).toEqual([
      {
        code: 'E_LIMIT',
        task: 'big',
        message: `Task "big" has too much code: ${long.length.toLocaleString('en-US')} characters, and a task may have at most 100,000`,
      },
    ]);
    expect(checkDocumentLimits(doc([t('a', [], 'x'.repeat(maxTaskCodeChars))]))).toEqual([]);
    // Many long tasks: five named, the rest counted.
    const many = Array.from({ length: 8 }, (_, i) => t(`big${i}`, [], long));
    const messages = checkDocumentLimits(doc(many)).map((i) => i.message);
    expect(messages).toHaveLength(6);
    expect(messages[5]).toBe('…and 3 more tasks with more than 100,000 characters of code');
  });

  it('refuse more than maxTotalCodeChars of code in all', () => {
    const each = 'x'.repeat(maxTaskCodeChars);
    const n = maxTotalCodeChars / maxTaskCodeChars;
    const tasks = Array.from({ length: n }, (_, i) => t(`t${i}`, [], each));
    expect(checkDocumentLimits(doc(tasks))).toEqual([]);
    expect(issuesOf(doc([...tasks, t('last', [], 'x')]), true).map((i) => i.message)).toEqual([
      'The workflow has too much code: 5,000,001 characters in all, and FlowWeaver takes at most 5,000,000 from a file or a link',
    ]);
  });

  it('refuse JSON text over maxBytes, counted in UTF-8 bytes', () => {
    expect(checkDocumentSize(maxBytes)).toBeNull();
    expect(checkDocumentSize(maxBytes + 1)?.message).toBe(
      'The workflow is too large: 10.0 MB of JSON, and FlowWeaver takes at most 10.0 MB from a file or a link',
    );
    // 4 million characters, 12 million bytes: over the limit although shorter than it.
    const text = JSON.stringify(doc([t('a')], { description: '€'.repeat(4_000_000) }));
    expect(text.length).toBeLessThan(maxBytes);
    expect(issuesOf(text, true).map((i) => i.code)).toEqual(['E_LIMIT']);
    expect(issuesOf(text)).toEqual([]);
  });
});
