import './inspect.css';
import { STATUS_COLORS, type TaskStatus, type WorkflowStatus } from '../../../engine/index.ts';

/** A status as a coloured dot and its name (readable in both themes). */
export function StatusChip({
  status,
  label,
}: {
  status: TaskStatus | WorkflowStatus;
  label?: string;
}) {
  return (
    <span className="status-chip" data-status={status} data-testid="status-chip">
      <span
        className="status-chip__dot"
        style={{ background: STATUS_COLORS[status] }}
        aria-hidden="true"
      />
      {label ?? status}
    </span>
  );
}
