// Chromium: a status change recolours the rendered diagram in place, with no new layout.
import { describe, expect, it } from 'vitest';
import { buildMermaidDiagram, STATUS_COLORS, type WorkflowDocument } from '../../engine/index.ts';
import { renderMermaidSvg } from './loadMermaid.ts';
import { indexSvgNodes, setNodeStatus } from './recolourSvg.ts';

const doc: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 1,
  id: 'w',
  name: 'w',
  tasks: [
    { name: 'extract', code: '', dependsOn: [] },
    { name: 'load <b>', code: '', dependsOn: ['extract'] },
  ],
};

function shapeFill(group: Element): string {
  const shape = group.querySelector('rect, path, polygon');
  if (!shape) throw new Error('node has no shape');
  return getComputedStyle(shape).fill;
}

function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('live recolour', () => {
  it('flips a node to its new status colour without touching the layout', async () => {
    const diagram = buildMermaidDiagram(doc, { orientation: 'TD' });
    const host = document.createElement('div');
    host.innerHTML = await renderMermaidSvg(
      diagram.text,
      { maxEdges: 500, maxTextSize: 50_000 },
      'light',
    );
    document.body.append(host);
    const index = indexSvgNodes(host);
    expect(index.size).toBe(2);
    const group = index.get(diagram.ids.get('load <b>')!)!;
    expect(shapeFill(group)).toBe(hexToRgb(STATUS_COLORS.pending));
    const transform = group.getAttribute('transform');

    setNodeStatus(group, 'completed');
    expect(shapeFill(group)).toBe(hexToRgb(STATUS_COLORS.completed));
    setNodeStatus(group, 'failed');
    expect(shapeFill(group)).toBe(hexToRgb(STATUS_COLORS.failed));
    expect(group.getAttribute('transform')).toBe(transform);
    expect(host.textContent).toContain('load <b>');
    expect(host.querySelector('b')).toBeNull();
    host.remove();
  });
});
