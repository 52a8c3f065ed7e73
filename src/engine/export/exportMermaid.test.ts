import { describe, expect, it } from 'vitest';
import { FlowWeaverError } from '../model/errors.ts';
import {
  buildMermaidDiagram,
  exportMermaid,
  MERMAID_ORIENTATIONS,
  mermaidNodeIds,
} from './exportMermaid.ts';
import { collapseByLayer } from './collapseByLayer.ts';
import { MERMAID_CLASS_DEFS } from './mermaidStyles.ts';
import { doc, ETL, HOSTILE_NAMES, source } from './mermaidTestFixtures.ts';

const CLASS_DEFS = [
  '    classDef completed fill:#28a745,stroke:#1e7e34,color:#fff',
  '    classDef failed fill:#dc3545,stroke:#bd2130,color:#fff',
  '    classDef running fill:#fd7e14,stroke:#e8590c,color:#fff',
  '    classDef pending fill:#6c757d,stroke:#545b62,color:#fff',
  '    classDef retrying fill:#ffc107,stroke:#d39e00,color:#212529',
  '    classDef skipped fill:#17a2b8,stroke:#117a8b,color:#fff',
  '    classDef cancelled fill:#6f42c1,stroke:#59339d,color:#fff',
].join('\n');

const etlText = (orientation: string) => `graph ${orientation}
    t0["extract"]
    t1["transform"]
    t2["validate"]
    t3["load"]
    t0 --> t1
    t0 --> t2
    t1 --> t3
    t2 --> t3

${CLASS_DEFS}
    class t0,t1,t2,t3 pending
`;

describe('exportMermaid', () => {
  it.each(MERMAID_ORIENTATIONS)('writes the exact text for orientation %s', (orientation) => {
    expect(exportMermaid(ETL, { orientation })).toBe(etlText(orientation));
  });

  it('defaults to TD and accepts any case', () => {
    expect(exportMermaid(ETL)).toBe(etlText('TD'));
    expect(exportMermaid(ETL, { orientation: 'lr' })).toBe(etlText('LR'));
    expect(exportMermaid(ETL, { orientation: 'Bt' })).toBe(etlText('BT'));
  });

  it.each(['', 'XY', 'left', 'T D'])(
    'rejects orientation %j with the valid list',
    (orientation) => {
      const run = () => exportMermaid(ETL, { orientation });
      expect(run).toThrow(FlowWeaverError);
      expect(run).toThrow(/must be one of TD, TB, BT, LR, RL/);
    },
  );

  it('draws branch and short-circuit tasks as hexagons and edges with a skipped end dotted', () => {
    const wf = doc('b', [
      ['pick', []],
      ['a', ['pick']],
      ['b', ['pick']],
      ['check', ['a', 'b']],
    ]);
    wf.tasks[0]!.branch = true;
    wf.tasks[3]!.shortCircuit = true;
    const statuses = {
      pick: 'completed',
      a: 'completed',
      b: 'skipped',
      check: 'completed',
    } as const;
    const lines = exportMermaid(wf, { statuses }).split('\n');
    expect(lines.slice(1, 9)).toEqual([
      '    t0{{"pick"}}',
      '    t1["a"]',
      '    t2["b"]',
      '    t3{{"check"}}',
      '    t0 --> t1',
      '    t0 -.-> t2',
      '    t1 --> t3',
      '    t2 -.-> t3',
    ]);
  });

  it('gives `graph TD\\n` for an empty workflow', () => {
    expect(exportMermaid(doc('empty', []))).toBe('graph TD\n');
    expect(exportMermaid(source('empty', []), { orientation: 'lr' })).toBe('graph LR\n');
  });

  it('keeps the seed colours and one classDef per status', () => {
    expect(MERMAID_CLASS_DEFS.join('\n')).toBe(CLASS_DEFS);
    const fills = MERMAID_CLASS_DEFS.map((line) => /fill:(#\w+)/.exec(line)?.[1]);
    expect(new Set(fills).size).toBe(7);
  });

  it('colours a live source by its own statuses, grouped in order of first appearance', () => {
    const wf = source('mixed', [
      { name: 'a', status: 'completed' },
      { name: 'b', deps: ['a'], status: 'failed' },
      { name: 'c', deps: ['a'], status: 'completed' },
      { name: 'd', deps: ['b', 'c'], status: 'skipped' },
      { name: 'e', status: 'running' },
      { name: 'f', status: 'retrying' },
      { name: 'g', status: 'cancelled' },
      { name: 'h' },
    ]);
    const text = exportMermaid(wf);
    expect(text.split('\n').filter((l) => l.startsWith('    class '))).toEqual([
      '    class t0,t2 completed',
      '    class t1 failed',
      '    class t3 skipped',
      '    class t4 running',
      '    class t5 retrying',
      '    class t6 cancelled',
      '    class t7 pending',
    ]);
  });

  it('lets `statuses` override the tasks, missing names being pending', () => {
    const wf = source('s', [
      { name: 'a', status: 'completed' },
      { name: 'b', status: 'completed' },
      { name: 'constructor', status: 'completed' },
    ]);
    const asRecord = exportMermaid(wf, { statuses: { a: 'failed' } });
    expect(asRecord).toContain('    class t0 failed\n    class t1,t2 pending\n');
    const asMap = exportMermaid(wf, { statuses: new Map([['b', { status: 'running' as const }]]) });
    expect(asMap).toContain('    class t0,t2 pending\n    class t1 running\n');
  });

  it('treats unknown status values as pending, as the seed did', () => {
    const wf = source('s', [{ name: 'a' }]);
    const statuses = { a: 'weird' } as unknown as Record<string, 'pending'>;
    expect(exportMermaid(wf, { statuses })).toContain('    class t0 pending\n');
  });

  it('orders nodes by insertion and edges by task then declared dependency order', () => {
    const d = doc('order', [
      ['z', []],
      ['y', []],
      ['x', ['y', 'z']],
      ['w', ['x', 'missing', 'z']],
    ]);
    const lines = exportMermaid(d).split('\n');
    expect(lines.slice(1, 5)).toEqual(['    t0["z"]', '    t1["y"]', '    t2["x"]', '    t3["w"]']);
    expect(lines.slice(5, 9)).toEqual([
      '    t1 --> t2',
      '    t0 --> t2',
      '    t2 --> t3',
      '    t0 --> t3',
    ]);
    expect(lines[9]).toBe('');
  });

  it('never merges names that a sanitiser would collide (a-b, a_b, a b)', () => {
    const d = doc('ids', [
      ['a-b', []],
      ['a_b', ['a-b']],
      ['a b', ['a_b']],
      ['end', ['a b']],
    ]);
    const diagram = buildMermaidDiagram(d);
    expect([...mermaidNodeIds(d)]).toEqual([
      ['a-b', 't0'],
      ['a_b', 't1'],
      ['a b', 't2'],
      ['end', 't3'],
    ]);
    expect([...diagram.ids]).toEqual([...mermaidNodeIds(d)]);
    expect(diagram.text).toContain('    t0 --> t1\n    t1 --> t2\n    t2 --> t3\n');
    expect(diagram).toMatchObject({ nodeCount: 4, edgeCount: 3 });
  });

  it.each(HOSTILE_NAMES)('quotes and escapes the name: %s', (_case, name, label) => {
    const text = exportMermaid(doc('h', [[name, []]]));
    expect(text.split('\n')[1]).toBe(`    t0["${label}"]`);
  });

  it('writes only its own statements: no click, link, directive or HTML whatever the names', () => {
    const names = [
      ...HOSTILE_NAMES.map(([, name]) => name),
      'click',
      'x"]\n    click t0 "https://evil.example/login" "Sign in"\n    t9["y',
      '[Session expired: sign in again](https://evil.example/login)',
      '<a href="https://evil.example">Sign in</a>',
      '<form action="https://evil.example"><input type="password"></form>',
      '`[link](https://evil.example)`',
      'a\u2028click t0 call alert(1)',
      // Every ASCII character, alone and all together.
      ...Array.from({ length: 128 }, (_, c) => `n${String.fromCharCode(c)}`),
      String.fromCharCode(...Array.from({ length: 128 }, (_, c) => c)),
    ];
    const tasks = names.map((name, i): [string, string[]] => [name, i ? [names[i - 1]!] : []]);
    const statements = [
      /^graph (TD|TB|BT|LR|RL)$/,
      // A label: letters, digits, a few punctuation marks, entity codes and non-ASCII text.
      /^ {4}(t|L)\d+\["(?:[A-Za-z0-9 _\-.,!?()+*/=@$^|~\u{80}-\u{10ffff}]|#(?:\d+|quot|lt|gt|amp);)*"\]$/u,
      /^ {4}(t|L)\d+ --> (t|L)\d+$/,
      /^ {4}classDef [a-z]+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{3,6}$/,
      /^ {4}class (t|L)\d+(,(t|L)\d+)* [a-z]+$/,
      /^$/,
    ];
    for (const text of [
      exportMermaid(doc('hostile', tasks), { orientation: 'LR' }),
      collapseByLayer(doc('hostile', tasks)),
    ]) {
      for (const line of text.split('\n')) {
        expect(
          statements.some((re) => re.test(line)),
          line,
        ).toBe(true);
        expect(line).not.toMatch(/^\s*click\b|https?:/);
      }
    }
  });

  it('writes a title as frontmatter before the graph line', () => {
    const text = exportMermaid(doc('t', [['a', []]]), { title: 'Nightly "ETL"\nrun' });
    expect(
      text.startsWith('---\ntitle: "Nightly \\"ETL\\" run"\n---\ngraph TD\n    t0["a"]\n'),
    ).toBe(true);
  });

  it('reads descriptions but keeps them out of the text', () => {
    const wf = source('d', [{ name: 'a', description: 'hello "x"' }]);
    expect(exportMermaid(wf)).not.toContain('hello');
  });

  it('scales linearly: 50,000 chained tasks export with one line per task and edge', () => {
    const tasks: [string, string[]][] = [];
    for (let i = 0; i < 50_000; i++) tasks.push([`task_${i}`, i ? [`task_${i - 1}`] : []]);
    const diagram = buildMermaidDiagram(doc('big', tasks));
    expect(diagram).toMatchObject({ nodeCount: 50_000, edgeCount: 49_999 });
    expect(diagram.text.split('\n')).toHaveLength(1 + 50_000 + 49_999 + 1 + 7 + 1 + 1);
  });
});
