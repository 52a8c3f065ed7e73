import { useState } from 'react';
import { downloadBlob, fileNameFor, svgFileText, svgToPng } from './mermaidDownloads.ts';

const ORIENTATIONS = ['TD', 'LR', 'BT', 'RL'] as const;

interface Props {
  name: string;
  orientation: string;
  onOrientation: (o: string) => void;
  getText: () => string;
  getSvg: () => SVGSVGElement | null;
  background: string;
  onOpenView: () => void;
}

/** Orientation, copy and download actions of the Mermaid panel. */
export function MermaidToolbar({
  name,
  orientation,
  onOrientation,
  getText,
  getSvg,
  background,
  onOpenView,
}: Props) {
  const [copied, setCopied] = useState(false);
  const withSvg = (fn: (svg: SVGSVGElement) => void | Promise<void>) => () => {
    const svg = getSvg();
    if (svg) void fn(svg);
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
        onClick={() =>
          void navigator.clipboard.writeText(getText()).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          })
        }
      >
        {copied ? 'Copied' : 'Copy Mermaid'}
      </button>
      <button
        type="button"
        onClick={() =>
          downloadBlob(new Blob([getText()], { type: 'text/plain' }), fileNameFor(name, 'mmd'))
        }
      >
        Download .mmd
      </button>
      <button
        type="button"
        onClick={withSvg((svg) =>
          downloadBlob(
            new Blob([svgFileText(svg, background)], { type: 'image/svg+xml' }),
            fileNameFor(name, 'svg'),
          ),
        )}
      >
        Download SVG
      </button>
      <button
        type="button"
        onClick={withSvg(async (svg) =>
          downloadBlob(await svgToPng(svg, background), fileNameFor(name, 'png')),
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
