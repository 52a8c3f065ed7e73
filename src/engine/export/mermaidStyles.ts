// Status colours for Mermaid diagrams, legends and live recolouring: pure data, no I/O or DOM.
import { STATUS_COLORS, TaskStatus } from '../model/status.ts';

/** Fill, stroke and text colour of one status. */
export interface MermaidStatusStyle {
  readonly fill: string;
  readonly stroke: string;
  readonly color: string;
}

/**
 * The colour of each task status (fills from `STATUS_COLORS`, shared with the canvas). The first four are the Python seed's, kept exactly;
 * retrying (amber, dark text), skipped (teal) and cancelled (purple) are new and distinct.
 * The Mermaid class name of a status is the status value itself (`completed`, …).
 */
export const MERMAID_STATUS_STYLES: Readonly<Record<TaskStatus, MermaidStatusStyle>> = {
  pending: { fill: STATUS_COLORS.pending, stroke: '#545b62', color: '#fff' },
  running: { fill: STATUS_COLORS.running, stroke: '#e8590c', color: '#fff' },
  retrying: { fill: STATUS_COLORS.retrying, stroke: '#d39e00', color: '#212529' },
  completed: { fill: STATUS_COLORS.completed, stroke: '#1e7e34', color: '#fff' },
  failed: { fill: STATUS_COLORS.failed, stroke: '#bd2130', color: '#fff' },
  skipped: { fill: STATUS_COLORS.skipped, stroke: '#117a8b', color: '#fff' },
  cancelled: { fill: STATUS_COLORS.cancelled, stroke: '#59339d', color: '#fff' },
};

/** The `classDef` line of one status, as the seed writes it (`fill:…,stroke:…,color:…`). */
export function mermaidClassDef(status: TaskStatus): string {
  const s = MERMAID_STATUS_STYLES[status];
  return `    classDef ${status} fill:${s.fill},stroke:${s.stroke},color:${s.color}`;
}

/** `classDef` order: the seed's four as it wrote them, then the new statuses. */
export const MERMAID_CLASS_ORDER: readonly TaskStatus[] = [
  TaskStatus.Completed,
  TaskStatus.Failed,
  TaskStatus.Running,
  TaskStatus.Pending,
  TaskStatus.Retrying,
  TaskStatus.Skipped,
  TaskStatus.Cancelled,
];

/** Every `classDef` line, one per status in `MERMAID_CLASS_ORDER`. */
export const MERMAID_CLASS_DEFS: readonly string[] = MERMAID_CLASS_ORDER.map(mermaidClassDef);
