import type { WorkflowDocument } from '../../engine/index.ts';
import type { StateCreator } from 'zustand';
import type { DeletedWorkflowSummary, WorkflowSummary } from '../persistence/workflowRepository.ts';
import type { InterruptedRun } from '../run/resumeGuard.ts';
import type { AppState } from './appStore.ts';
import { readPreferences } from './preferences.ts';
import { withToast } from '../shell/toastQueue.ts';

export type ThemePreference = 'system' | 'light' | 'dark';
export type RightTab = 'inspector' | 'mermaid' | 'checklist' | 'run';
/** Tabs of the lower panel: the tasks table and the run inspection views. */
export type BottomTab = 'tasks' | 'runs' | 'timeline' | 'metrics';
export type LayoutDirection = 'TD' | 'LR';
export type StorageStatus = 'pending' | 'ready' | 'unavailable';
/** The open modal: `palette` searches tasks and commands, `connect` picks a task to connect to. */
export type Dialog = 'none' | 'shortcuts' | 'workflows' | 'examples' | 'palette' | 'connect';

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void };
  /** What the toast is about (e.g. `runSubject(workflowId)`): a newer toast of it replaces this one. */
  subject?: string;
}

/** Appearance, panels, dialogs and transient messages. Never part of undo history. */
export interface UiSlice {
  theme: ThemePreference;
  rightTab: RightTab;
  bottomTab: BottomTab;
  layoutDirection: LayoutDirection;
  layoutBusy: boolean;
  storage: StorageStatus;
  dialog: Dialog;
  toasts: Toast[];
  savedWorkflows: WorkflowSummary[];
  /** Recently deleted workflows, most recently deleted first. */
  deletedWorkflows: DeletedWorkflowSummary[];
  /** An example or a link opened again: open the copy made before, or make another. */
  copyPrompt: CopyPrompt | null;
  /** True once storage has opened and the first workflow is on the canvas. */
  booted: boolean;
  /** Bumped to ask the canvas to fit the view (after opening a workflow). */
  fitRequest: number;
  /** A shared workflow waiting for the user's consent. */
  incomingShare: IncomingShare | null;
  /** Problems of the last refused import. */
  importProblems: { file: string; messages: string[] } | null;
  /** The last share link made, shown for copying. */
  shareLink: string | null;
  /** A run whose automatic resume ended the tab last time: waits for Resume or Discard. */
  interruptedRun: InterruptedRun | null;
  setTheme: (theme: ThemePreference) => void;
  setRightTab: (tab: RightTab) => void;
  setBottomTab: (tab: BottomTab) => void;
  setLayoutDirection: (d: LayoutDirection) => void;
  setDialog: (dialog: Dialog) => void;
  showToast: (toast: Omit<Toast, 'id'>) => void;
  dismissToast: (id: number) => void;
}

export interface CopyPrompt {
  /** What was opened again: the example's or the shared workflow's name. */
  name: string;
  /** The copy made before (the most recently saved one when there are several). */
  copy: WorkflowSummary;
  /** Makes another copy (for a link: through the usual consent). */
  makeAnother: () => void;
}

export interface IncomingShare {
  document: WorkflowDocument | null;
  problems: string[];
}

let nextToastId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  // Theme and tabs as this browser last had them (preferences.ts keeps them).
  ...readPreferences(),
  layoutDirection: 'TD',
  layoutBusy: false,
  storage: 'pending',
  dialog: 'none',
  toasts: [],
  savedWorkflows: [],
  deletedWorkflows: [],
  copyPrompt: null,
  booted: false,
  fitRequest: 0,
  incomingShare: null,
  importProblems: null,
  shareLink: null,
  interruptedRun: null,
  setTheme: (theme) => set({ theme }),
  setRightTab: (rightTab) => set({ rightTab }),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setLayoutDirection: (layoutDirection) => set({ layoutDirection }),
  setDialog: (dialog) => set({ dialog }),
  showToast: (toast) =>
    set((s) => ({ toasts: withToast(s.toasts, { ...toast, id: nextToastId++ }) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
