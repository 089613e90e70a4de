import { useState } from 'react';
import type { SeatProcedureView } from '../../../server/protocol/procedure';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useT } from '../i18n';
import { sendCommand, useSeatLive } from '../live';
import { procText, type ProcKey } from './text';

type Requests = NonNullable<SeatProcedureView['requests']>;

/** Request a named or secret vote on the current item, with confirmation (RULES.md §4). */
export function RequestPanel({ requests, online }: { requests: Requests; online: boolean }) {
  const { lang, pick } = useT();
  const { client } = useSeatLive();
  const [confirm, setConfirm] = useState<{ kind: 'named' | 'secret'; support: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const p = (key: ProcKey, params?: Record<string, string | number>) => procText(lang, key, params);

  const send = async () => {
    if (!confirm) return;
    setBusy(true);
    const outcome = await sendCommand(client, 'requestVoteKind', { itemId: requests.itemId, kind: confirm.kind, support: confirm.support });
    setBusy(false);
    setConfirm(null);
    setError(outcome.ok ? null : outcome.kind === 'refused' ? pick(outcome.error.message) : outcome.kind);
  };

  return (
    <section className="panel proc-requests" aria-labelledby="proc-requests-heading">
      <h2 id="proc-requests-heading" className="proc__heading">
        {p('req.heading')}
      </h2>
      {(['named', 'secret'] as const).map((kind) => {
        const r = requests[kind];
        const label = r.mine ? p(kind === 'named' ? 'req.withdrawNamed' : 'req.withdrawSecret') : p(kind === 'named' ? 'req.named' : 'req.secret');
        return (
          <div key={kind} className={`proc-request proc-request--${kind}`}>
            <button
              type="button"
              className={`btn btn--xl ${r.mine ? 'btn--secondary' : 'btn--primary'} proc-request__button`}
              disabled={!online || busy || !requests.canRequest}
              aria-pressed={r.mine}
              onClick={() => setConfirm({ kind, support: !r.mine })}
            >
              {label}
            </button>
            <p className="proc-request__state" aria-live="polite">
              {p('req.supporters', { n: r.supporters })} · {r.met ? p('req.met') : p('req.notMet')}
              {r.mine && <span className="proc-request__mine"> · {p('req.mine')}</span>}
            </p>
          </div>
        );
      })}
      {error && (
        <p role="alert" className="proc__error">
          {error}
        </p>
      )}
      {confirm && (
        <ConfirmDialog
          title={confirm.support ? p(confirm.kind === 'named' ? 'req.confirmTitleNamed' : 'req.confirmTitleSecret') : p('req.confirmWithdrawTitle')}
          body={confirm.support ? p('req.confirmBody') : p('req.confirmWithdrawBody')}
          confirmLabel={p('confirm')}
          cancelLabel={p('back')}
          onConfirm={() => void send()}
          onCancel={() => setConfirm(null)}
        />
      )}
    </section>
  );
}

export function InterruptedBanner({ reason }: { reason: string }) {
  const { lang } = useT();
  return (
    <div className="proc-interrupted" role="status">
      <strong>{procText(lang, 'interrupted')}</strong>
      <span>{procText(lang, 'interruptedHint', { reason })}</span>
    </div>
  );
}
