import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { Toasts } from './Toasts.tsx';
import './modal.css';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Extra class of the dialog (a size or layout variant). */
  className?: string;
  /** Actions kept in view below the body, which scrolls on its own. */
  footer?: ReactNode;
  /** What has focus once the dialog opens (by default the first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
}

/** A modal dialog on the native <dialog> element: focus trap, Escape and backdrop for free. */
export function Modal({
  title,
  onClose,
  children,
  testId,
  className,
  footer,
  initialFocus,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    initialFocus?.current?.focus();
  }, [initialFocus]);
  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-label={title}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="modal__header">
        <h2>{title}</h2>
        <button type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="modal__body">{children}</div>
      {footer && <div className="modal__footer">{footer}</div>}
      <Toasts inDialog />
    </dialog>
  );
}

/**
 * A dialog's footer actions: an optional note, Cancel, and the confirming action, which is
 * disabled (its title saying why) while there is a `problem`.
 */
export function ConfirmActions(props: {
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
  problem?: string | undefined;
  note?: ReactNode;
  testId?: string;
}) {
  const { confirm, onConfirm, onCancel, problem, note, testId } = props;
  return (
    <>
      {note && <p className="modal__footer-note">{note}</p>}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button
        type="button"
        className="button--primary"
        data-testid={testId}
        disabled={problem !== undefined}
        title={problem}
        onClick={onConfirm}
      >
        {confirm}
      </button>
    </>
  );
}
