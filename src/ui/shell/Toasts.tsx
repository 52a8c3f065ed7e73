import { useEffect, useState } from 'react';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { Toast } from '../store/uiSlice.ts';
import { dismissesItself, INFO_LIFETIME_MS } from './toastQueue.ts';

const selectToasts = (s: AppState) => s.toasts;
const selectModalOpen = (s: AppState) =>
  s.dialog !== 'none' ||
  s.importProblems !== null ||
  s.incomingShare !== null ||
  s.copyPrompt !== null ||
  s.shareLink !== null;

/**
 * One message. Information goes by itself after INFO_LIFETIME_MS, counted while the pointer or the
 * focus is not on it (so its action can still be read and pressed); an error stays until it is
 * dismissed or a newer message about the same subject replaces it.
 */
function ToastItem({ toast }: { toast: Toast }) {
  const [held, setHeld] = useState(false);
  const selfDismiss = dismissesItself(toast);
  useEffect(() => {
    if (!selfDismiss || held) return;
    const timer = setTimeout(() => useAppStore.getState().dismissToast(toast.id), INFO_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [toast.id, selfDismiss, held]);
  const dismiss = () => useAppStore.getState().dismissToast(toast.id);
  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-subject={toast.subject}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="toast__message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          onClick={() => {
            toast.action!.run();
            dismiss();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" aria-label="Dismiss message" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}

/**
 * Short messages (refused edges, saves, imports, run outcomes) with an optional action such as
 * Undo. The page's toasts sit at the foot of the canvas, so they never cover the lower panel or the
 * side panel the user works in; a modal dialog shows them itself.
 */
export function Toasts({ inDialog = false }: { inDialog?: boolean }) {
  const toasts = useAppStore(selectToasts);
  const modalOpen = useAppStore(selectModalOpen);
  // A modal dialog makes the page behind it inert, so it shows the toasts itself.
  if (modalOpen !== inDialog) return null;
  return (
    <div className="toasts" data-testid="toasts">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
