import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The impacts the audit refuses: axe's own "serious" and "critical". */
const REFUSED = new Set(['serious', 'critical']);

/**
 * Runs axe-core over the page as it is now and returns its serious and critical violations, one
 * line each (`view: rule (impact) — targets`), so a spec can collect them over several views and
 * assert none at the end.
 */
export async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => REFUSED.has(violation.impact ?? ''))
    .map((violation) => {
      const targets = violation.nodes
        .slice(0, 5)
        .map(
          (node) =>
            `${node.target.join(' ')}${node.failureSummary ? ` [${node.failureSummary.split('\n').slice(1).join(' ').trim()}]` : ''}`,
        )
        .join(' | ');
      return `${view}: ${violation.id} (${violation.impact}, ${violation.nodes.length}) — ${targets}`;
    });
}
