import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { viewMermaid } from './viewMermaid.ts';
import { buildMermaidViewerHtml } from './viewerHtml.ts';
import { exportMermaid } from './exportMermaid.ts';
import { parseMermaidViewPayload, type MermaidViewPayload } from './mermaidFragment.ts';
import { buildMermaidView, buildMermaidViewPayload } from './mermaidViewPayload.ts';
import { doc, ETL, source } from './mermaidTestFixtures.ts';

describe('viewMermaid (Node)', () => {
  it('writes an offline HTML page with mermaid inlined and returns its path', async () => {
    const file = await viewMermaid(ETL);
    try {
      expect(file.startsWith(tmpdir())).toBe(true);
      expect(file.endsWith('etl.html')).toBe(true);
      const html = await readFile(file, 'utf8');
      expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
      expect(html).not.toMatch(/https?:\/\/cdn|jsdelivr|unpkg/i);
      expect(html.length).toBeGreaterThan(1_000_000); // the mermaid bundle itself
      expect(html).toContain("securityLevel: 'strict'");
      expect(html).toContain("default-src 'none'");
      expect(html).toContain('t0[\\"extract\\"]');
    } finally {
      await rm(dirname(file), { recursive: true, force: true });
    }
  });

  it('writes to outFile with a given bundle', async () => {
    const out = join(tmpdir(), `fw-view-${process.pid}.html`);
    const bundle = join(tmpdir(), `fw-fake-mermaid-${process.pid}.js`);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(bundle, 'window.mermaid = {}; // "</script><script>alert(1)</script>"');
    try {
      await expect(viewMermaid(ETL, { outFile: out, mermaidScriptPath: bundle })).resolves.toBe(
        out,
      );
      const html = await readFile(out, 'utf8');
      expect(html).toContain('window.mermaid = {};');
      expect(html.match(/<\/script>/g)).toHaveLength(3);
    } finally {
      await rm(out, { force: true });
      await rm(bundle, { force: true });
    }
  });
});

describe('buildMermaidViewerHtml', () => {
  it('keeps hostile payload text inside its JSON script element', () => {
    const payload = buildMermaidViewPayload(
      doc('</script><img src=x onerror=alert(1)>', [['a', []]]),
    );
    const html = buildMermaidViewerHtml(payload, '');
    expect(html).not.toContain('<img');
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('draws only workflows: a payload of Mermaid text is refused', () => {
    const text = 'graph TD\n    a["x"]\n    click a "https://evil.example"\n';
    expect(() => buildMermaidViewerHtml({ text } as unknown as MermaidViewPayload, '')).toThrow(
      /does not hold a FlowWeaver workflow/,
    );
  });
});

describe('buildMermaidViewPayload', () => {
  it('carries the structure, descriptions, statuses and options, never code or Mermaid text', () => {
    const wf = source('wf', [
      { name: 'a', description: 'first', status: 'completed' },
      { name: 'b', deps: ['a'] },
    ]);
    expect(buildMermaidViewPayload(wf, { title: 'T', orientation: 'lr' })).toEqual({
      format: 'flowweaver.mermaid-view',
      version: 1,
      document: {
        format: 'flowweaver.workflow',
        version: 2,
        id: 'view',
        name: 'wf',
        tasks: [
          { name: 'a', code: '', dependsOn: [], description: 'first' },
          { name: 'b', code: '', dependsOn: ['a'] },
        ],
      },
      statuses: ['completed', 'pending'],
      orientation: 'LR',
      title: 'T',
    });
  });

  it('leaves out code, positions and options of a document, and all-pending statuses', () => {
    const withCode = {
      ...ETL,
      tasks: ETL.tasks.map((t) => ({
        ...t,
        code: 'return secret;',
        retries: 2,
        position: { x: 1, y: 2 },
      })),
    };
    const payload = buildMermaidViewPayload(withCode);
    expect(JSON.stringify(payload)).not.toMatch(/secret|retries|position/);
    expect(payload.statuses).toBeUndefined();
    expect(payload.orientation).toBeUndefined();
    expect(parseMermaidViewPayload(payload)).toEqual({ ok: true, payload, problems: [] });
  });

  it('refuses an unknown orientation', () => {
    expect(() => buildMermaidViewPayload(ETL, { orientation: 'sideways' })).toThrow(/orientation/);
  });
});

describe('buildMermaidView', () => {
  it('generates the exportMermaid text with statuses, tooltips and the title', () => {
    const wf = source('wf', [
      { name: 'a', description: 'first', status: 'completed' },
      { name: 'b', deps: ['a'], status: 'failed' },
    ]);
    const view = buildMermaidView(buildMermaidViewPayload(wf, { title: 'T', orientation: 'LR' }));
    expect(view).toMatchObject({
      title: 'T',
      text: exportMermaid(wf, { orientation: 'LR' }),
      descriptions: { t0: 'first' },
      notices: [],
      nodeCount: 2,
      edgeCount: 1,
    });
  });

  it('collapses a graph beyond the render thresholds and says why', () => {
    const tasks: [string, string[]][] = [];
    for (let i = 0; i < 2_000; i++) tasks.push([`n${i}`, i ? [`n${i - 1}`] : []]);
    const view = buildMermaidView(buildMermaidViewPayload(doc('big', tasks)));
    expect(view.text.startsWith('graph TD\n    L0["Layers')).toBe(true);
    expect(view.notices[0]).toMatch(/2000 tasks/);
    expect(view).toMatchObject({ title: 'big', nodeCount: 2_000, edgeCount: 1_999 });
  });

  it('shows the problems of a well-formed workflow as a notice', () => {
    const view = buildMermaidView(buildMermaidViewPayload(ETL), ['Duplicate task name "a"']);
    expect(view.notices).toEqual(['This workflow has problems: Duplicate task name "a"']);
  });
});
