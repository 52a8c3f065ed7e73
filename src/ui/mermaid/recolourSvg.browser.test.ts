// Chromium: a status change recolours the rendered diagram in place, with no new layout.
import { describe, expect, it } from 'vitest';
import {
  bandSummary,
  buildMermaidDiagram,
  collapseByLayer,
  collapsedLayout,
  STATUS_COLORS,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { renderMermaidSvg } from './loadMermaid.ts';
import { indexSvgNodes, setNodeLabels, setNodeStatus } from './recolourSvg.ts';

const doc: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
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

  it("updates a collapsed band's counts in place, growing its box to fit the new text", async () => {
    const layout = collapsedLayout(doc);
    const host = document.createElement('div');
    host.innerHTML = await renderMermaidSvg(
      collapseByLayer(doc),
      { maxEdges: 500, maxTextSize: 50_000 },
      'light',
    );
    document.body.append(host);
    const index = indexSvgNodes(host);
    expect([...index.keys()]).toEqual(['L0', 'L1']);
    const summary = bandSummary(layout.bands[1]!, () => 'running');
    expect(summary).toEqual({ label: 'Layer 2 · 1 task (1 running)', status: 'running' });
    const long =
      'Layer 2 · 1 task <b>(1 completed, 1 running, 1 retrying, 1 pending, 1 failed)</b>';
    const rect = (group: Element) => group.querySelector(':scope > rect')!.getBoundingClientRect();
    const inside = (group: Element) => {
      const content = group.querySelector('foreignObject > *')!.getBoundingClientRect();
      const shape = rect(group);
      return (
        shape.left <= content.left &&
        shape.right >= content.right &&
        shape.top <= content.top &&
        shape.bottom >= content.bottom
      );
    };

    // Wrapping (left-right chains): the box grows in height.
    const wrapped = index.get('L1')!;
    const transform = wrapped.getAttribute('transform');
    const before = rect(wrapped);
    setNodeLabels([[wrapped, long]], false);
    setNodeStatus(wrapped, 'running');
    expect(wrapped.textContent).toBe(long);
    expect(wrapped.querySelector('b')).toBeNull();
    const after = rect(wrapped);
    expect(after.height).toBeGreaterThan(before.height);
    expect(after.width).toBe(before.width);
    expect(inside(wrapped)).toBe(true);
    expect(shapeFill(wrapped)).toBe(hexToRgb(STATUS_COLORS.running));
    expect(wrapped.getAttribute('transform')).toBe(transform);

    // One line (top-down chains): the box grows sideways, about the same centre.
    const line = index.get('L0')!;
    const was = rect(line);
    const centre = (group: Element) => {
      const shape = group.querySelector(':scope > rect')!;
      return Number(shape.getAttribute('x')) + Number(shape.getAttribute('width')) / 2;
    };
    const centreBefore = centre(line);
    setNodeLabels([[line, long]], true);
    expect(centre(line)).toBeCloseTo(centreBefore, 3);
    const now = rect(line);
    expect(now.width).toBeGreaterThan(was.width);
    expect(now.height).toBe(was.height);
    expect(inside(line)).toBe(true);
    const content = line.querySelector('foreignObject > *')!.getBoundingClientRect();
    expect(content.height).toBeLessThan(40); // one line of text
    // The SVG widened with it: the grown node is not clipped.
    const svg = host.querySelector('svg')!.getBoundingClientRect();
    expect(svg.left).toBeLessThanOrEqual(now.left);
    expect(svg.right).toBeGreaterThanOrEqual(now.right);
    host.remove();
  });
});
