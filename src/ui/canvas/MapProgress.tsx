import { STATUS_COLORS, type MapSummary } from '../../engine/index.ts';
import { mapProgressShort, mapProgressText, SEGMENTS } from './mapProgress.ts';

/**
 * A mapped task's instances: "37 / 100" and a thin bar segmented by status. The bar is one image
 * whose accessible name (and tooltip) says the counts in words.
 */
export function MapProgress({ summary, showText }: { summary: MapSummary; showText: boolean }) {
  const words = mapProgressText(summary);
  return (
    <div className="map-progress" data-testid="map-progress" title={words}>
      {showText && (
        <span className="map-progress__count" data-testid="map-progress-count">
          {mapProgressShort(summary)}
        </span>
      )}
      <div className="map-progress__bar" role="img" aria-label={words}>
        {summary.total > 0 &&
          SEGMENTS.filter((s) => summary.counts[s] > 0).map((s) => (
            <span
              key={s}
              data-status={s}
              style={{
                width: `${(summary.counts[s] / summary.total) * 100}%`,
                background: STATUS_COLORS[s],
              }}
            />
          ))}
      </div>
    </div>
  );
}

/** The "map" badge of a mapped task: what it runs once per item of. */
export function MapBadge({ over }: { over: string }) {
  return (
    <span
      className="task-node__map"
      data-testid="task-map-badge"
      title={`Mapped: runs once per item of the array "${over}" returns`}
    >
      map
    </span>
  );
}
