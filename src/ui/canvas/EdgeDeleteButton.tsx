import { EdgeLabelRenderer } from '@xyflow/react';
import { disconnect } from '../commands/editCommands.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';

/** A past run is shown: nothing on the canvas can be deleted. */
const selectReadOnly = (s: AppState) => s.run?.source === 'history';

/** The small × in the middle of a selected edge: removes that dependency (undo brings it back). */
export function EdgeDeleteButton(props: {
  upstream: string;
  downstream: string;
  x: number;
  y: number;
}) {
  const readOnly = useAppStore(selectReadOnly);
  if (readOnly) return null;
  const { upstream, downstream, x, y } = props;
  const label = `Delete dependency ${upstream} → ${downstream}`;
  return (
    <EdgeLabelRenderer>
      <button
        type="button"
        className="edge-delete nodrag nopan"
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
        aria-label={label}
        title={label}
        onClick={() => disconnect(upstream, downstream)}
      >
        ×
      </button>
    </EdgeLabelRenderer>
  );
}
