import { describe, expect, it } from 'vitest';
import {
  checkMermaidLimits,
  countMermaidEdges,
  MERMAID_DEFAULT_LIMITS,
  MERMAID_RENDER_THRESHOLDS,
  mermaidRenderPlan,
} from './mermaidLimits.ts';
import { exportMermaid } from './exportMermaid.ts';
import { ETL } from './mermaidTestFixtures.ts';

describe('checkMermaidLimits', () => {
  it('keeps the defaults for a small diagram', () => {
    expect(MERMAID_DEFAULT_LIMITS).toEqual({ maxEdges: 500, maxTextSize: 50_000 });
    expect(checkMermaidLimits('graph TD\n', 0)).toEqual({
      textSize: 9,
      edgeCount: 0,
      withinDefaults: true,
      limits: MERMAID_DEFAULT_LIMITS,
    });
  });

  it('raises each limit just enough', () => {
    const text = 'x'.repeat(60_000);
    expect(checkMermaidLimits(text, 800)).toMatchObject({
      withinDefaults: false,
      limits: { maxEdges: 800, maxTextSize: 60_000 },
    });
    expect(checkMermaidLimits('x', 501).limits).toEqual({ maxEdges: 501, maxTextSize: 50_000 });
    expect(checkMermaidLimits('x', 500).withinDefaults).toBe(true);
  });
});

describe('mermaidRenderPlan', () => {
  it('renders with raised limits up to the thresholds', () => {
    const plan = mermaidRenderPlan('x'.repeat(70_000), 1_200, 1_000, {
      maxNodes: 1_500,
      maxEdges: 3_000,
    });
    expect(plan).toMatchObject({
      action: 'render',
      limits: { maxEdges: 1_200, maxTextSize: 70_000 },
    });
    expect(plan.messages[0]).toMatch(/limits raised/);
  });

  it('says nothing for a small diagram', () => {
    expect(mermaidRenderPlan('graph TD\n', 3, 4)).toMatchObject({ action: 'render', messages: [] });
  });

  it.each([
    [MERMAID_RENDER_THRESHOLDS.maxNodes + 1, 10],
    [10, MERMAID_RENDER_THRESHOLDS.maxEdges + 1],
  ])('collapses %i nodes / %i edges and says why', (nodes, edges) => {
    const plan = mermaidRenderPlan('graph TD\n', edges, nodes);
    expect(plan.action).toBe('collapse');
    expect(plan.messages[0]).toMatch(/one node per layer/);
  });

  it('accepts custom thresholds', () => {
    expect(mermaidRenderPlan('', 1, 3, { maxNodes: 2, maxEdges: 10 }).action).toBe('collapse');
  });
});

describe('countMermaidEdges', () => {
  it('counts the edge lines of an export', () => {
    expect(countMermaidEdges(exportMermaid(ETL))).toBe(4);
    expect(countMermaidEdges('graph TD\n')).toBe(0);
  });
});
