// Pure: which toasts are on screen. One per subject (a newer message about the same thing replaces
// the older one), and a few at most. No timers, no store.
import type { Toast } from '../store/uiSlice.ts';

/** Most toasts on screen at once; the oldest goes first. */
export const MAX_TOASTS = 3;

/** How long an information toast stays (errors stay until dismissed or replaced). */
export const INFO_LIFETIME_MS = 6000;

/** The subject of a run's messages (outcome, resume, cancel): one per workflow at a time. */
export const runSubject = (workflowId: string): string => `run:${workflowId}`;

/** `toasts` with `toast` added: a toast of the same subject is replaced, the oldest dropped past MAX_TOASTS. */
export function withToast(toasts: readonly Toast[], toast: Toast): Toast[] {
  const others =
    toast.subject === undefined ? toasts : toasts.filter((t) => t.subject !== toast.subject);
  return [...others, toast].slice(-MAX_TOASTS);
}

/** True when the toast goes away by itself. */
export const dismissesItself = (toast: Toast): boolean => toast.kind === 'info';
