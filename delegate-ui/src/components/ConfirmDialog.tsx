import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  /** Shown above the title, e.g. the choice in its colour. */
  visual?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal <dialog>: the browser traps focus, Escape cancels, the page behind is inert. */
export function ConfirmDialog({ title, body, confirmLabel, cancelLabel, visual, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {visual}
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <p id={bodyId} className="dialog__body">
        {body}
      </p>
      <div className="dialog__actions">
        <button type="button" className="btn btn--secondary btn--xl" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="btn btn--primary btn--xl" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
