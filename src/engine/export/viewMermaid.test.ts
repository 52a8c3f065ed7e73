import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { viewMermaid } from './viewMermaid.ts';
import { buildMermaidViewerHtml } from './viewerHtml.ts';
import { buildMermaidViewPayload } from './mermaidViewPayload.ts';
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
});

describe('buildMermaidViewPayload', () => {
  it('carries the title and descriptions by node id', () => {
    const wf = source('wf', [{ name: 'a', description: 'first' }, { name: 'b' }]);
    expect(buildMermaidViewPayload(wf, { title: 'T' })).toMatchObject({
      title: 'T',
      descriptions: { t0: 'first' },
      nodeCount: 2,
      edgeCount: 0,
    });
  });

  it('collapses a graph beyond the render thresholds and says why', () => {
    const tasks: [string, string[]][] = [];
    for (let i = 0; i < 2_000; i++) tasks.push([`n${i}`, i ? [`n${i - 1}`] : []]);
    const payload = buildMermaidViewPayload(doc('big', tasks));
    expect(payload.text.startsWith('graph TD\n    L0["Layers')).toBe(true);
    expect(payload.notice).toMatch(/2000 tasks/);
    expect(payload).toMatchObject({ nodeCount: 2_000, edgeCount: 1_999 });
  });
});
