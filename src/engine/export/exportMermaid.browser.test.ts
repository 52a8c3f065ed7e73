// Runs in Chromium (Vitest browser mode): every export must parse with mermaid's own parser,
// and a hostile name must render as text.
// eslint-disable-next-line no-restricted-imports -- a test checks engine output against the real renderer
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { collapseByLayer } from './collapseByLayer.ts';
import { exportMermaid, MERMAID_ORIENTATIONS } from './exportMermaid.ts';
import { decodeMermaidFragment, encodeMermaidFragment } from './mermaidFragment.ts';
import { buildMermaidView, buildMermaidViewPayload } from './mermaidViewPayload.ts';
import { doc, ETL, HOSTILE_NAMES, source } from './mermaidTestFixtures.ts';
import { addNodeTooltips } from '../../mermaidView/tooltips.ts';

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
});

let renders = 0;
async function render(text: string): Promise<HTMLElement> {
  const { svg } = await mermaid.render(`fw-test-${++renders}`, text);
  const host = document.createElement('div');
  host.innerHTML = svg;
  document.body.append(host);
  return host;
}

describe('mermaid parses every export', () => {
  it('rejects what unescaped names would produce (the check has teeth)', async () => {
    await expect(mermaid.parse('graph TD\n    a --> end\n')).rejects.toThrow();
    await expect(mermaid.parse('graph TD\n    t0[a[b]]\n')).rejects.toThrow();
  });

  it.each(MERMAID_ORIENTATIONS)('orientation %s', async (orientation) => {
    await expect(mermaid.parse(exportMermaid(ETL, { orientation }))).resolves.toBeTruthy();
  });

  it.each(HOSTILE_NAMES)('hostile name: %s', async (_case, name) => {
    const text = exportMermaid(
      doc('h', [
        ['before', []],
        [name, ['before']],
        ['after', [name]],
      ]),
    );
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });

  it('parses a title, mixed statuses, an empty workflow and the collapsed view', async () => {
    const wf = source('w', [
      { name: 'a', status: 'completed' },
      { name: 'b', deps: ['a'], status: 'retrying' },
      { name: 'c', deps: ['a'], status: 'cancelled' },
    ]);
    for (const text of [
      exportMermaid(wf, { title: 'Nightly "ETL" <b>run</b>' }),
      exportMermaid(doc('empty', [])),
      collapseByLayer(wf),
    ]) {
      await expect(mermaid.parse(text)).resolves.toBeTruthy();
    }
  });
});

describe('rendering', () => {
  it('shows a hostile name as text, runs no markup, and colours by status', async () => {
    const hostile = '<img src=x onerror=alert(1)> "end" #quot; `x`';
    const wf = source('w', [
      { name: 'end', status: 'completed' },
      { name: hostile, deps: ['end'], status: 'failed', description: 'a <b>tip</b>' },
    ]);
    const host = await render(exportMermaid(wf));
    try {
      expect(host.querySelector('img')).toBeNull();
      expect(host.querySelector('script')).toBeNull();
      const labels = [...host.querySelectorAll('g.node')].map((n) => n.textContent?.trim());
      expect(labels).toEqual(['end', hostile]);
      const failed = host.querySelector('g.node.failed');
      expect(failed?.textContent?.trim()).toBe(hostile);
      expect(addNodeTooltips(host, { t1: 'a <b>tip</b>' })).toBe(1);
      expect(host.querySelector('g.node title')?.textContent).toBe('a <b>tip</b>');
      expect(host.querySelector('b')).toBeNull();
    } finally {
      host.remove();
    }
  });

  it('draws a branch task as a hexagon and the edges not taken dotted', async () => {
    const wf = doc('branching', [
      ['pick', []],
      ['a', ['pick']],
      ['b', ['pick']],
    ]);
    wf.tasks[0]!.branch = true;
    const statuses = { pick: 'completed', a: 'completed', b: 'skipped' } as const;
    const host = await render(exportMermaid(wf, { statuses }));
    try {
      expect(host.querySelector('g.node.completed polygon')?.closest('g.node')?.textContent).toBe(
        'pick',
      );
      const links = [...host.querySelectorAll('path.flowchart-link')];
      const pattern = (id: string) => links.find((l) => l.id.includes(`L_t0_${id}_`))?.classList;
      expect(pattern('t1')?.contains('edge-pattern-dotted')).toBe(false);
      expect(pattern('t2')?.contains('edge-pattern-dotted')).toBe(true);
    } finally {
      host.remove();
    }
  });

  it('shows math, icon and markdown syntax in names and the title as typed', async () => {
    const names = ['$$x^2$$', 'cost $$\\frac{a}{b}$$ $5', 'fa:fa-car', '**bold** _it_', 'a<br>b'];
    const wf = doc(
      '$$t$$',
      names.map((name): [string, string[]] => [name, []]),
    );
    const host = await render(exportMermaid(wf, { title: '$$E=mc^2$$ fa:fa-car' }));
    try {
      expect(host.querySelector('.katex, math, i.fa, strong, em, br')).toBeNull();
      const labels = [...host.querySelectorAll('g.node')].map((n) => n.textContent?.trim());
      expect(labels).toEqual(names);
      expect(host.querySelector('.flowchartTitleText')?.textContent).toBe('$$E=mc^2$$ fa:fa-car');
    } finally {
      host.remove();
    }
  });

  it('round-trips the viewer fragment with the browser CompressionStream', async () => {
    const payload = buildMermaidViewPayload(ETL, { title: 'ETL 🚀' });
    await expect(decodeMermaidFragment(await encodeMermaidFragment(payload))).resolves.toEqual({
      ok: true,
      payload,
      problems: [],
    });
  });

  it('draws hostile and phishing names as text, with no link, form, input or image', async () => {
    const names = HOSTILE_NAMES.map(([, name]) => name).filter((n) => !/[\n\t]/.test(n));
    names.push('<a href="https://evil.example">Sign in</a>', '<form><input type=password></form>');
    const wf = doc(
      'h',
      names.map((name): [string, string[]] => [name, []]),
    );
    const host = await render(buildMermaidView(buildMermaidViewPayload(wf)).text);
    try {
      expect(host.querySelector('a, form, input, img, script, iframe')).toBeNull();
      const labels = [...host.querySelectorAll('g.node')].map((n) => n.textContent?.trim());
      expect(labels).toEqual(names);
    } finally {
      host.remove();
    }
  });
});

describe('a mapped task', () => {
  it('parses and renders once with ×N and its counts, as text', async () => {
    const d = doc('mapped', [
      ['extract', []],
      ['<b>transform</b> $$x^2$$', ['extract']],
      ['load', ['<b>transform</b> $$x^2$$']],
    ]);
    d.tasks[1]!.mapOver = 'extract';
    const counts = {
      pending: 57,
      running: 4,
      retrying: 0,
      completed: 37,
      failed: 2,
      skipped: 0,
      cancelled: 0,
    };
    const statuses = {
      extract: { status: 'completed' as const },
      '<b>transform</b> $$x^2$$': { status: 'running' as const, map: { total: 100, counts } },
    };
    for (const text of [exportMermaid(d), exportMermaid(d, { statuses })])
      await expect(mermaid.parse(text)).resolves.toBeTruthy();
    const host = await render(exportMermaid(d, { statuses }));
    try {
      expect(host.querySelector('b')).toBeNull();
      const label = host.querySelector('g.node.running')?.textContent?.trim();
      expect(label).toBe('<b>transform</b> $$x^2$$ ×100: 37 done · 2 failed · 4 running');
      expect(host.querySelector('.katex, math')).toBeNull();
      expect(host.querySelectorAll('g.node')).toHaveLength(3);
    } finally {
      host.remove();
    }
  });
});
