import type { ReactNode } from 'react';
import { useI18n, type Bilingual } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { Modal } from './Modal';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  busy: boolean;
  error: Bilingual | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Really?" for consequential steps; the safe choice has the focus. */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = 'primary', busy, error, onConfirm, onClose }: Props) {
  const { t } = useI18n();
  return (
    <Modal open={open} title={title} onClose={onClose} tone={tone === 'danger' ? 'danger' : 'default'}>
      <div className="modal__body">{children}</div>
      <ErrorAlert error={error} />
      <div className="modal__actions">
        <button type="button" className="btn btn--secondary btn--lg" onClick={onClose} data-autofocus>
          {t('dialog.back')}
        </button>
        <button type="button" className={`btn btn--${tone} btn--lg`} onClick={onConfirm} disabled={busy} aria-busy={busy}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
