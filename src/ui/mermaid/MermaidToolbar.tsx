import { useState } from 'react';
import { useAppStore } from '../store/appStore.ts';
import { downloadBlob, downloadFileName } from '../io/download.ts';
import { svgFileText, svgToPng } from './mermaidDownloads.ts';

const ORIENTATIONS = ['TD', 'LR', 'BT', 'RL'] as const;

interface Props {
  name: string;
  orientation: string;
  onOrientation: (o: string) => void;
  /** True: the diagram is scaled to the panel's width; false: actual size, scrollable. */
  fit: boolean;
  onFit: (fit: boolean) => void;
  getText: () => string;
  getSvg: () => SVGSVGElement | null;
  background: string;
  onOpenView: () => void;
}

function reportFailure(what: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  useAppStore.getState().showToast({ kind: 'error', message: `${what} failed: ${reason}` });
}

/** Orientation, copy and download actions of the Mermaid panel. */
export function MermaidToolbar({
  name,
  orientation,
  onOrientation,
  fit,
  onFit,
  getText,
  getSvg,
  background,
  onOpenView,
}: Props) {
  const [copied, setCopied] = useState(false);
  const withSvg = (what: string, fn: (svg: SVGSVGElement) => void | Promise<void>) => () => {
    const svg = getSvg();
    if (!svg) return reportFailure(what, new Error('the diagram is not drawn yet'));
    Promise.resolve()
      .then(() => fn(svg))
      .catch((error: unknown) => reportFailure(what, error));
  };
  return (
    <div className="toolbar" role="toolbar" aria-label="Mermaid actions">
      <label className="field-inline">
        <span>Direction</span>
        <select
          aria-label="Diagram direction"
          value={orientation}
          onChange={(e) => onOrientation(e.target.value)}
        >
          {ORIENTATIONS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-pressed={fit}
        onClick={() => onFit(!fit)}
        title={fit ? 'Show the diagram at actual size' : 'Scale the diagram to the panel'}
      >
        {fit ? 'Fit' : '100%'}
      </button>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard.writeText(getText()).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            },
            (error: unknown) => reportFailure('Copy', error),
          )
        }
      >
        {copied ? 'Copied' : 'Copy Mermaid'}
      </button>
      <button
        type="button"
        onClick={() =>
          downloadBlob(new Blob([getText()], { type: 'text/plain' }), downloadFileName(name, 'mmd'))
        }
      >
        Download .mmd
      </button>
      <button
        type="button"
        onClick={withSvg('SVG download', (svg) =>
          downloadBlob(
            new Blob([svgFileText(svg, background)], { type: 'image/svg+xml' }),
            downloadFileName(name, 'svg'),
          ),
        )}
      >
        Download SVG
      </button>
      <button
        type="button"
        onClick={withSvg('PNG download', async (svg) =>
          downloadBlob(await svgToPng(svg, background), downloadFileName(name, 'png')),
        )}
      >
        Download PNG
      </button>
      <button type="button" onClick={onOpenView}>
        Open view
      </button>
    </div>
  );
}
