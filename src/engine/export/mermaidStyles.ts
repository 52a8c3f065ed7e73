// Status colours for Mermaid diagrams, legends and live recolouring: pure data, no I/O or DOM.
import { TASK_STATUSES, type TaskStatus } from '../model/status.ts';

/** Fill, stroke and text colour of one status. */
export interface MermaidStatusStyle {
  readonly fill: string;
  readonly stroke: string;
  readonly color: string;
}

/**
 * The colour of each task status. The first four are the Python seed's, kept exactly;
 * retrying (amber, dark text), skipped (teal) and cancelled (purple) are new and distinct.
 * The Mermaid class name of a status is the status value itself (`completed`, …).
 */
export const MERMAID_STATUS_STYLES: Readonly<Record<TaskStatus, MermaidStatusStyle>> = {
  pending: { fill: '#6c757d', stroke: '#545b62', color: '#fff' },
  running: { fill: '#fd7e14', stroke: '#e8590c', color: '#fff' },
  retrying: { fill: '#ffc107', stroke: '#d39e00', color: '#212529' },
  completed: { fill: '#28a745', stroke: '#1e7e34', color: '#fff' },
  failed: { fill: '#dc3545', stroke: '#bd2130', color: '#fff' },
  skipped: { fill: '#17a2b8', stroke: '#117a8b', color: '#fff' },
  cancelled: { fill: '#6f42c1', stroke: '#59339d', color: '#fff' },
};

/** The `classDef` line of one status, as the seed writes it (`fill:…,stroke:…,color:…`). */
export function mermaidClassDef(status: TaskStatus): string {
  const s = MERMAID_STATUS_STYLES[status];
  return `    classDef ${status} fill:${s.fill},stroke:${s.stroke},color:${s.color}`;
}

/** Every `classDef` line, one per status in `TASK_STATUSES` order. */
export const MERMAID_CLASS_DEFS: readonly string[] = TASK_STATUSES.map(mermaidClassDef);
