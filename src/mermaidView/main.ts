// Entry of mermaid-view.html: renders the diagram carried in the URL fragment with the bundled mermaid.
import mermaid from 'mermaid';
import { decodeMermaidFragment } from '../engine/export/mermaidFragment.ts';
import { checkMermaidLimits, countMermaidEdges } from '../engine/export/mermaidLimits.ts';
import { MERMAID_STATUS_STYLES } from '../engine/export/mermaidStyles.ts';
import { addNodeTooltips } from './tooltips.ts';
import './view.css';

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`mermaid-view.html lacks #${id}`);
  return el;
};

function renderLegend(): void {
  const legend = byId('fw-legend');
  legend.replaceChildren();
  for (const [status, style] of Object.entries(MERMAID_STATUS_STYLES)) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = style.fill;
    swatch.style.borderColor = style.stroke;
    item.append(swatch, document.createTextNode(status));
    legend.append(item);
  }
}

let renderCount = 0;

async function show(): Promise<void> {
  const host = byId('fw-diagram');
  const notice = byId('fw-notice');
  const payload = await decodeMermaidFragment(location.hash);
  if (!payload) {
    host.textContent =
      'No diagram in this link. Open it from FlowWeaver with “Open standalone view”.';
    return;
  }
  const title = payload.title || 'Workflow';
  document.title = `${title} – FlowWeaver diagram`;
  byId('fw-title').textContent = title;
  notice.hidden = !payload.notice;
  notice.textContent = payload.notice ?? '';
  const { limits } = checkMermaidLimits(payload.text, countMermaidEdges(payload.text));
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    maxEdges: limits.maxEdges,
    maxTextSize: limits.maxTextSize,
  });
  try {
    // A unique id per render: mermaid keys its temporary elements on it.
    const { svg } = await mermaid.render(`fw-svg-${++renderCount}`, payload.text);
    host.innerHTML = svg;
    addNodeTooltips(host, payload.descriptions ?? {});
  } catch (error) {
    host.textContent = `Could not render the diagram: ${error instanceof Error ? error.message : String(error)}`;
  }
}

renderLegend();
void show();
window.addEventListener('hashchange', () => void show());
