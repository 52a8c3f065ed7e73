// Native SVG tooltips for rendered Mermaid nodes; text only, set through textContent.

const NODE_ID = /(?:^|-)(t\d+)(?:-\d+)?$/;

/**
 * Gives each rendered node whose id (`…-flowchart-t3-3`) has a description an SVG `<title>`,
 * which browsers show as a tooltip. Returns how many tooltips were added.
 */
export function addNodeTooltips(
  root: ParentNode,
  descriptions: Readonly<Record<string, string>>,
): number {
  let added = 0;
  for (const node of root.querySelectorAll('g.node')) {
    const id = NODE_ID.exec(node.id)?.[1];
    if (id === undefined || !Object.hasOwn(descriptions, id)) continue;
    const text = descriptions[id];
    if (!text) continue;
    const tip = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    tip.textContent = text;
    node.prepend(tip);
    added++;
  }
  return added;
}
