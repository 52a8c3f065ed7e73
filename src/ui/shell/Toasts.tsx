import { useEffect } from 'react';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { Toast } from '../store/uiSlice.ts';

const selectToasts = (s: AppState) => s.toasts;
const LIFETIME_MS = 8000;
const selectModalOpen = (s: AppState) =>
  s.dialog !== 'none' ||
  s.importProblems !== null ||
  s.incomingShare !== null ||
  s.copyPrompt !== null ||
  s.shareLink !== null;

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = setTimeout(() => useAppStore.getState().dismissToast(toast.id), LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [toast.id]);
  const dismiss = () => useAppStore.getState().dismissToast(toast.id);
  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
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

/** Short messages (refused edges, saves, imports) with an optional action such as Undo. */
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
