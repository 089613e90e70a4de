import { useState } from 'react';
import { formatTime } from '../../../ui-shared/format';
import type { ChairView } from '../../../server/protocol/views';
import { useChairAction } from '../chair/context';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ErrorAlert } from '../common/ErrorAlert';
import { ReasonDialog } from '../common/ReasonDialog';
import { useI18n } from '../i18n';
import { useConf } from './useConf';

/** Opened, interrupted (with reason), resumed, closed: the times come from the server. */
export function LifecycleBar({ lifecycle, voteOpen }: { lifecycle: ChairView['lifecycle']; voteOpen: boolean }) {
  const { lang } = useI18n();
  const c = useConf();
  const action = useChairAction();
  const interrupt = useChairAction();
  const close = useChairAction();
  const [dialog, setDialog] = useState<'interrupt' | 'close' | null>(null);
  const time = (iso: string | null) => (iso ? formatTime(iso, lang) : '');
  const status =
    lifecycle.status === 'planned'
      ? c('life.planned')
      : lifecycle.status === 'open'
        ? c('life.open', { time: time(lifecycle.openedAt) })
        : lifecycle.status === 'interrupted'
          ? c('life.interrupted', { time: time(lifecycle.interruption?.since ?? null), reason: lifecycle.interruption?.reason ?? '' })
          : c('life.closed', { time: time(lifecycle.closedAt) });
  return (
    <section className={`lifecycle lifecycle--${lifecycle.status}`} aria-label={c('life.heading')}>
      <p className="lifecycle__status" role="status">
        <span className="lifecycle__dot" aria-hidden="true" />
        {status}
      </p>
      <div className="lifecycle__actions">
        {lifecycle.status === 'planned' && (
          <button type="button" className="btn btn--primary" disabled={action.busy} onClick={() => void action.run('openSession', {})}>
            {c('life.openAction')}
          </button>
        )}
        {lifecycle.status === 'open' && (
          <button type="button" className="btn btn--secondary" disabled={voteOpen} onClick={() => setDialog('interrupt')}>
            {c('life.interruptAction')}
          </button>
        )}
        {lifecycle.status === 'interrupted' && (
          <button type="button" className="btn btn--primary" disabled={action.busy} onClick={() => void action.run('resumeSession', {})}>
            {c('life.resumeAction')}
          </button>
        )}
        {(lifecycle.status === 'open' || lifecycle.status === 'interrupted') && (
          <button type="button" className="btn btn--danger-outline" disabled={voteOpen} onClick={() => setDialog('close')}>
            {c('life.closeAction')}
          </button>
        )}
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <ReasonDialog
        open={dialog === 'interrupt'}
        title={c('life.interruptTitle')}
        fieldLabel={c('life.reason')}
        required
        confirmLabel={c('life.interruptAction')}
        busy={interrupt.busy}
        error={interrupt.error}
        onConfirm={(reason) =>
          void interrupt.run('interruptSession', { reason }).then((r) => {
            if (r) setDialog(null);
          })
        }
        onClose={() => {
          setDialog(null);
          interrupt.clearError();
        }}
      >
        <p>{c('life.interruptBody')}</p>
      </ReasonDialog>
      <ConfirmDialog
        open={dialog === 'close'}
        title={c('life.closeTitle')}
        confirmLabel={c('life.closeAction')}
        tone="danger"
        busy={close.busy}
        error={close.error}
        onConfirm={() =>
          void close.run('closeSession', {}).then((r) => {
            if (r) setDialog(null);
          })
        }
        onClose={() => {
          setDialog(null);
          close.clearError();
        }}
      >
        <p>{c('life.closeBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
