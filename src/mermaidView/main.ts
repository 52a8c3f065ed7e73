// Entry of mermaid-view.html: draws the workflow carried in the URL fragment with the bundled
// mermaid. The fragment holds a workflow, never Mermaid text: the page generates the text itself
// with the engine's exportMermaid, so a link can show nothing but a FlowWeaver diagram.
import mermaid from 'mermaid';
import { decodeMermaidFragment } from '../engine/export/mermaidFragment.ts';
import { MERMAID_STATUS_STYLES } from '../engine/export/mermaidStyles.ts';
import { buildMermaidView } from '../engine/export/mermaidViewPayload.ts';
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

/** Shows why nothing is drawn; the diagram, legend and notice are cleared. */
function refuse(reason: string): void {
  document.title = 'Diagram refused – FlowWeaver';
  byId('fw-title').textContent = 'No diagram shown';
  byId('fw-legend').hidden = true;
  byId('fw-notice').hidden = true;
  byId('fw-diagram').replaceChildren();
  const refusal = byId('fw-refusal');
  refusal.textContent = reason;
  refusal.hidden = false;
}

let renderCount = 0;
let latest = 0;

async function show(): Promise<void> {
  // The fragment can change while a render is under way: only the latest call writes the page.
  const call = ++latest;
  const host = byId('fw-diagram');
  const notice = byId('fw-notice');
  const decoded = await decodeMermaidFragment(location.hash);
  if (call !== latest) return;
  if (!decoded.ok) return refuse(decoded.reason);
  byId('fw-refusal').hidden = true;
  byId('fw-legend').hidden = false;
  const view = buildMermaidView(decoded.payload, decoded.problems);
  document.title = `${view.title} – FlowWeaver diagram`;
  byId('fw-title').textContent = view.title;
  notice.hidden = view.notices.length === 0;
  notice.textContent = view.notices.join(' ');
  mermaid.initialize({
    startOnLoad: false,
    // Strict: no click handlers or links, and mermaid sanitises its SVG (DOMPurify). Labels stay
    // HTML labels: with `htmlLabels: false` mermaid shows exportMermaid's entity codes (`#quot;`,
    // `#91;` …) literally instead of the characters, and the text is escaped either way.
    securityLevel: 'strict',
    maxEdges: view.limits.maxEdges,
    maxTextSize: view.limits.maxTextSize,
  });
  try {
    // A unique id per render: mermaid keys its temporary elements on it.
    const { svg } = await mermaid.render(`fw-svg-${++renderCount}`, view.text);
    if (call !== latest) return;
    host.innerHTML = svg;
    addNodeTooltips(host, view.descriptions);
  } catch (error) {
    if (call === latest)
      host.textContent = `Could not render the diagram: ${error instanceof Error ? error.message : String(error)}`;
  }
}

renderLegend();
void show();
window.addEventListener('hashchange', () => void show());
