import { useId, useState } from 'react';
import type { QuorumView } from '../../../server/protocol/views';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useChairAction } from './context';

type QuorumState = 'ok' | 'warn' | 'lack';

function stateOf(q: QuorumView): QuorumState {
  if (q.lackRecorded) return 'lack';
  return q.quorate ? 'ok' : 'warn';
}

const STATE_TEXT = { ok: 'quorum.ok', warn: 'quorum.warn', lack: 'quorum.lack' } as const;
const STATE_ICON = { ok: '✓', warn: '!', lack: '✕' } as const;

export function QuorumBox({ quorum, voteOpen }: { quorum: QuorumView; voteOpen: boolean }) {
  const { t } = useI18n();
  const headingId = useId();
  const clearHintId = useId();
  const record = useChairAction();
  const clear = useChairAction();
  const [confirming, setConfirming] = useState(false);
  const state = stateOf(quorum);
  const share = quorum.legalMembers > 0 ? Math.min(1, quorum.present / quorum.legalMembers) : 0;
  const mark = quorum.legalMembers > 0 ? quorum.threshold / quorum.legalMembers : 0;

  const doRecord = async () => {
    if (await record.run('recordQuorumLack', {})) setConfirming(false);
  };

  return (
    <section className={`panel quorum quorum--${state}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {t('quorum.heading')}
      </h2>
      <p className="quorum__count">
        <span className="quorum__label">{t('quorum.presentLabel')}:</span>{' '}
        <span className="quorum__value">{t('quorum.presentValue', { present: quorum.present, legal: quorum.legalMembers })}</span>
      </p>
      <div className="quorum__meter" aria-hidden="true">
        <div className="quorum__fill" style={{ width: `${share * 100}%` }} />
        <div className="quorum__mark" style={{ left: `${mark * 100}%` }} />
      </div>
      <p className="quorum__threshold">{t('quorum.threshold', { threshold: quorum.threshold })}</p>
      <p className="quorum__state" role="status">
        <span className="quorum__icon" aria-hidden="true">
          {STATE_ICON[state]}
        </span>
        {t(STATE_TEXT[state])}
      </p>
      {state === 'warn' && <p className="quorum__hint">{t('quorum.warnHint', { threshold: quorum.threshold })}</p>}
      {state === 'lack' && <p className="quorum__hint">{t('quorum.lackHint')}</p>}

      {quorum.lackRecorded ? (
        <>
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={!quorum.quorate || clear.busy}
            aria-describedby={quorum.quorate ? undefined : clearHintId}
            onClick={() => void clear.run('clearQuorumLack', {})}
          >
            {t('quorum.clear')}
          </button>
          {!quorum.quorate && (
            <p id={clearHintId} className="quorum__hint quorum__hint--small">
              {t('quorum.clearHint', { threshold: quorum.threshold })}
            </p>
          )}
          <ErrorAlert error={clear.error} onDismiss={clear.clearError} />
        </>
      ) : (
        <>
          <button type="button" className="btn btn--danger-outline btn--block" onClick={() => setConfirming(true)}>
            {t('quorum.record')}
          </button>
          <ErrorAlert error={confirming ? null : record.error} onDismiss={record.clearError} />
        </>
      )}

      <ConfirmDialog
        open={confirming}
        title={t('quorum.record.title')}
        confirmLabel={t('quorum.record.confirm')}
        tone="danger"
        busy={record.busy}
        error={record.error}
        onConfirm={() => void doRecord()}
        onClose={() => {
          setConfirming(false);
          record.clearError();
        }}
      >
        <p>{t('quorum.record.body', { present: quorum.present, legal: quorum.legalMembers, threshold: quorum.threshold })}</p>
        {voteOpen && <p className="notice notice--danger">{t('quorum.record.cancelsVote')}</p>}
      </ConfirmDialog>
    </section>
  );
}
