import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../../engine/index.ts';
import { graphSvg, xmlText, type GraphSvgInput } from './graphSvg.ts';

const colors = {
  background: '#f6f7f9',
  surface: '#ffffff',
  border: '#d9dde3',
  text: '#1d2330',
  muted: '#5b6475',
  edge: '#747d8f',
};

const box = { width: 190, height: 50 };
const input: GraphSvgInput = {
  title: 'A & B <demo>',
  direction: 'TD',
  colors,
  tasks: [
    { name: 'extract', x: 0, y: 0, ...box, status: 'completed' },
    { name: '<img src=x onerror=alert(1)>', x: 0, y: 130, ...box, status: 'failed' },
    { name: 'skip "me"', x: 240, y: 130, ...box, status: 'skipped' },
  ],
  edges: [
    { upstream: 'extract', downstream: '<img src=x onerror=alert(1)>' },
    { upstream: 'extract', downstream: 'skip "me"', notTaken: true },
  ],
};

describe('graphSvg', () => {
  const svg = graphSvg(input);

  it('draws a group per task with its status colour, a path per edge with the arrow marker', () => {
    expect(svg.match(/<g class="task">/g)).toHaveLength(3);
    expect(svg.match(/<path class="edge[^"]*"/g)).toHaveLength(2);
    expect(svg.match(/marker-end="url\(#arrow\)"/g)).toHaveLength(2);
    expect(svg).toContain(`stroke="${STATUS_COLORS.failed}"`);
    expect(svg).toContain(`fill="${STATUS_COLORS.completed}"`);
    expect(svg).toContain(`fill="${STATUS_COLORS.skipped}"`);
  });

  it('dashes only the edge not taken', () => {
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toMatch(/<path class="edge edge--not-taken"[^>]*stroke-dasharray="6 5"/);
  });

  it('writes names as text, never markup', () => {
    expect(svg).not.toContain('<img');
    expect(svg).toContain('<title>&lt;img src=x onerror=alert(1)&gt;</title>');
    expect(svg).toContain('<title>skip &quot;me&quot;</title>');
    expect(svg).toContain('<title>A &amp; B &lt;demo&gt;</title>');
  });

  it('uses plain SVG 1.1 only: no foreignObject, no style, no CSS', () => {
    expect(svg).not.toMatch(/foreignObject|<style|style=|class="[^"]*"\s*style/);
    const elements = new Set([...svg.matchAll(/<([a-zA-Z]+)[\s>/]/g)].map((m) => m[1]));
    expect([...elements].sort()).toEqual([
      'defs',
      'g',
      'marker',
      'path',
      'rect',
      'svg',
      'text',
      'title',
    ]);
  });

  it('frames the graph with a padding, TD edges from bottom centre to top centre', () => {
    expect(svg).toContain('viewBox="-24 -24 478 228"');
    expect(svg).toContain('d="M95,50 C95,90 95,90 95,130"');
  });

  it('runs LR edges from the right side to the left side', () => {
    const lr = graphSvg({
      ...input,
      direction: 'LR',
      tasks: [
        { name: 'a', x: 0, y: 0, ...box, status: 'pending' },
        { name: 'b', x: 300, y: 0, ...box, status: 'pending' },
      ],
      edges: [{ upstream: 'a', downstream: 'b' }],
    });
    expect(lr).toContain('d="M190,25 C245,25 245,25 300,25"');
  });

  it('marks branch and short-circuit tasks as the canvas does', () => {
    const marked = graphSvg({
      ...input,
      tasks: [
        { name: 'pick', x: 0, y: 0, ...box, status: 'pending', decides: 'branch' },
        { name: 'gate', x: 0, y: 100, ...box, status: 'pending', decides: 'short circuit' },
        { name: 'plain', x: 0, y: 200, ...box, status: 'pending' },
      ],
      edges: [],
    });
    expect(marked.match(/<path class="task__decides"/g)).toHaveLength(2);
    expect(marked).toContain(
      'd="M4 1v14M4 10c0-4 8-3 8-9" transform="translate(170,5) scale(0.875)"',
    );
  });

  it('draws a mapped task as a stack of boxes with map and its progress on the state line', () => {
    const mapped = graphSvg({
      ...input,
      tasks: [
        { name: 'each', x: 0, y: 0, ...box, status: 'running', mapped: { progress: '37 / 100' } },
        { name: 'plain', x: 0, y: 100, ...box, status: 'pending' },
      ],
      edges: [],
    });
    expect(mapped.match(/<rect class="task__stack"/g)).toHaveLength(2);
    expect(mapped).toContain('>running · map · 37 / 100</text>');
    expect(mapped).toContain('>pending</text>');
  });

  it('cuts a long name to its box with an ellipsis, keeping the whole name in the title', () => {
    const long = 'a_really_long_task_name_that_does_not_fit';
    const cut = graphSvg({
      ...input,
      tasks: [{ name: long, x: 0, y: 0, ...box, status: 'pending' }],
      edges: [],
    });
    expect(cut).toContain(`<title>${long}</title>`);
    expect(cut).toMatch(/<text class="task__name"[^>]*>a_really_long_task_nam…<\/text>/);
  });
});

describe('xmlText', () => {
  it('replaces the characters XML 1.0 forbids, and lone surrogates', () => {
    expect(xmlText('a\u0000b\u001fc\ud800d')).toBe('a\ufffdb\ufffdc\ufffdd');
    expect(xmlText('rocket 🚀 tab\tline\n')).toBe('rocket 🚀 tab\tline\n');
  });
});
