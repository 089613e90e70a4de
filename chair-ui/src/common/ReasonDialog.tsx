import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, type Bilingual } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { Modal } from './Modal';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  fieldLabel: string;
  required: boolean;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  busy: boolean;
  error: Bilingual | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** A confirmation that asks for a short text (a reason for the minutes). */
export function ReasonDialog(props: Props) {
  return (
    <Modal open={props.open} title={props.title} onClose={props.onClose} tone={props.tone === 'danger' ? 'danger' : 'default'}>
      <ReasonForm {...props} />
    </Modal>
  );
}

function ReasonForm({ children, fieldLabel, required, confirmLabel, tone = 'primary', busy, error, onConfirm, onClose }: Props) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const fieldId = useId();
  const hintId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = reason.trim();
    if (required && text === '') {
      setMissing(true);
      return;
    }
    onConfirm(text);
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="modal__body">{children}</div>
      <div className="field">
        <label htmlFor={fieldId}>{fieldLabel}</label>
        <textarea
          id={fieldId}
          rows={3}
          maxLength={500}
          value={reason}
          required={required}
          aria-invalid={missing}
          aria-describedby={missing ? hintId : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
          data-autofocus
        />
        {missing && (
          <p id={hintId} className="field__error">
            {t('vote.reasonRequired')}
          </p>
        )}
      </div>
      <ErrorAlert error={error} />
      <div className="modal__actions">
        <button type="button" className="btn btn--secondary btn--lg" onClick={onClose}>
          {t('dialog.back')}
        </button>
        <button type="submit" className={`btn btn--${tone} btn--lg`} disabled={busy} aria-busy={busy}>
          {confirmLabel}
        </button>
      </div>
    </form>
  );
}
