// The standalone offline viewer page as a string: pure, never touches I/O, the DOM or mermaid itself.
import { FlowWeaverError } from '../model/errors.ts';
import { parseMermaidViewPayload, type MermaidViewPayload } from './mermaidFragment.ts';
import { MERMAID_STATUS_STYLES } from './mermaidStyles.ts';
import { buildMermaidView } from './mermaidViewPayload.ts';

/** JSON safe inside a `<script>` element: `<`, `>`, `&` and line separators escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A classic script body safe to inline: nothing in it can close the `<script>` element. */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

// Runs in the page. Plain ES2020 on purpose: it is inlined as text, not bundled.
const BOOTSTRAP = `(async () => {
  const { view, styles } = JSON.parse(document.getElementById('fw-data').textContent);
  const title = view.title || 'Workflow';
  document.title = title + ' – FlowWeaver diagram';
  document.getElementById('fw-title').textContent = title;
  const notice = document.getElementById('fw-notice');
  if (view.notices.length) { notice.textContent = view.notices.join(' '); notice.hidden = false; }
  const legend = document.getElementById('fw-legend');
  for (const [status, style] of Object.entries(styles)) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = style.fill;
    swatch.style.borderColor = style.stroke;
    item.append(swatch, document.createTextNode(status));
    legend.append(item);
  }
  const host = document.getElementById('fw-diagram');
  try {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      maxEdges: view.limits.maxEdges,
      maxTextSize: view.limits.maxTextSize,
    });
    const { svg } = await mermaid.render('fw-svg', view.text);
    host.innerHTML = svg;
    const descriptions = view.descriptions;
    for (const node of host.querySelectorAll('g.node')) {
      const match = /(?:^|-)(t\\d+)(?:-\\d+)?$/.exec(node.id || '');
      const text = match && Object.prototype.hasOwnProperty.call(descriptions, match[1]) ? descriptions[match[1]] : '';
      if (!text) continue;
      const tip = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      tip.textContent = text;
      node.prepend(tip);
    }
  } catch (error) {
    host.textContent = 'Could not render the diagram: ' + (error && error.message ? error.message : String(error));
  }
})();`;

const STYLE = `body{margin:0;font:14px/1.4 system-ui,sans-serif;background:#f6f7f9;color:#212529}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #dee2e6}
h1{font-size:18px;margin:0 0 6px}
#fw-legend{display:flex;flex-wrap:wrap;gap:12px;list-style:none;margin:0;padding:0}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;border:2px solid;border-radius:3px;vertical-align:-2px}
#fw-notice{margin:8px 0 0;padding:6px 10px;background:#fff3cd;border:1px solid #ffe69c;border-radius:4px}
main{padding:20px;overflow:auto}
#fw-diagram svg{max-width:none;height:auto}`;

/**
 * A complete, offline HTML page that draws a workflow payload (as `buildMermaidViewPayload`
 * makes it; never Mermaid text) with the given mermaid bundle (`mermaid.min.js`, inlined): the
 * same diagram as the app's viewer (`buildMermaidView`), `securityLevel: 'strict'`, labels as
 * escaped text, limits raised as `checkMermaidLimits` says, a status legend and description
 * tooltips. A Content Security Policy forbids every network request, so nothing can
 * load from a CDN or anywhere else.
 * @throws FlowWeaverError `E_MERMAID_VIEW_PAYLOAD` when the payload fails `parseMermaidViewPayload`.
 */
export function buildMermaidViewerHtml(payload: MermaidViewPayload, mermaidJs: string): string {
  const checked = parseMermaidViewPayload(payload);
  if (!checked.ok) throw new FlowWeaverError('E_MERMAID_VIEW_PAYLOAD', checked.reason);
  const view = buildMermaidView(checked.payload, checked.problems);
  const data = { view, styles: MERMAID_STATUS_STYLES };
  const csp =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FlowWeaver diagram</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="fw-title"></h1><ul id="fw-legend" aria-label="Status colours"></ul><p id="fw-notice" hidden></p></header>
<main><div id="fw-diagram" role="img" aria-label="Workflow diagram"></div></main>
<script type="application/json" id="fw-data">${scriptJson(data)}</script>
<script>${inlineScript(mermaidJs)}</script>
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}
