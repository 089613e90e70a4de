import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ResponseOf } from '../../../server/protocol/commands';
import { translate, useT, type Bilingual, type MessageKey } from '../i18n';
import { sendCommand, useSeatLive, type Outcome } from '../live';

type Card = ResponseOf<'seat', 'demoCards'>['cards'][number];
type Busy = 'tap' | 'clone' | 'factory' | 'remove' | null;

/** A new card's UID: seven bytes, the first 04 as on NXP cards. */
function newCardUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `04${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

function messageOf(outcome: Outcome<unknown>): Bilingual | null {
  if (outcome.ok) return null;
  if (outcome.kind === 'refused') return outcome.error.message;
  const key: MessageKey = outcome.kind === 'timeout' ? 'demo.timeout' : 'demo.offline';
  return { de: translate('de', key), en: translate('en', key) };
}

/** Demo mode only: stands in for the NFC reader of this seat. */
export function DemoPanel({ online }: { online: boolean }) {
  const { t, pick } = useT();
  const { client } = useSeatLive();
  const [open, setOpen] = useState(true);
  const [cards, setCards] = useState<readonly Card[] | null>(null);
  const [uid, setUid] = useState('');
  // the blank card from the stack: the same one until it has been registered
  const [blankUid, setBlankUid] = useState(newCardUid);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const requested = useRef(false);
  const bodyId = useId();
  const selectId = useId();

  const loadCards = useCallback(async () => {
    const outcome = await sendCommand(client, 'demoCards', {});
    if (outcome.ok) {
      setCards(outcome.data.cards);
      // once the blank card is registered, the next one comes from the stack
      setBlankUid((blank) => (outcome.data.cards.some((c) => c.uid === blank) ? newCardUid() : blank));
      setError(null);
    } else {
      requested.current = false;
      setError(messageOf(outcome));
    }
  }, [client]);

  // the list is loaded once, as soon as there is a connection
  useEffect(() => {
    if (!online || requested.current) return;
    requested.current = true;
    void loadCards();
  }, [online, loadCards]);

  const run = async (kind: Exclude<Busy, null>) => {
    setBusy(kind);
    setError(null);
    // a copy carries the UID but not the card's key: refused where the council requires genuine cards
    const outcome =
      kind === 'remove'
        ? await sendCommand(client, 'demoRemove', {})
        : kind === 'factory'
          ? await sendCommand(client, 'demoTap', { uid: blankUid, card: 'factory' })
          : await sendCommand(client, 'demoTap', { uid, card: kind === 'tap' ? 'genuine' : 'clone' });
    setBusy(null);
    setError(messageOf(outcome));
    // a new card taken away may have been registered meanwhile: the list tells
    if (kind === 'remove' && outcome.ok) void loadCards();
  };

  return (
    <aside className="demo" aria-labelledby={`${bodyId}-label`}>
      <h2 className="demo__heading">
        <button
          type="button"
          id={`${bodyId}-label`}
          className="demo__toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="demo__chevron" aria-hidden="true" />
          {t('demo.label')}
        </button>
      </h2>
      <div id={bodyId} className="demo__body" hidden={!open}>
        <p className="demo__hint">{t('demo.hint')}</p>
        <div className="demo__controls">
          <div className="demo__field">
            <label htmlFor={selectId}>{t('demo.card')}</label>
            <select id={selectId} value={uid} onChange={(e) => setUid(e.target.value)} disabled={cards === null}>
              <option value="">{cards === null ? t('demo.loading') : t('demo.placeholder')}</option>
              {(cards ?? []).map((c) => (
                <option key={c.uid} value={c.uid}>
                  {c.faction ? `${c.name} (${c.faction})` : c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn--primary btn--lg" disabled={!online || uid === '' || busy !== null} onClick={() => void run('tap')}>
            {t('demo.tap')}
          </button>
          <button type="button" className="btn btn--secondary btn--lg" disabled={!online || uid === '' || busy !== null} onClick={() => void run('clone')}>
            {t('demo.tapClone')}
          </button>
          <button type="button" className="btn btn--secondary btn--lg" disabled={!online || busy !== null} onClick={() => void run('factory')}>
            {t('demo.tapNew')}
          </button>
          <button type="button" className="btn btn--secondary btn--lg" disabled={!online || busy !== null} onClick={() => void run('remove')}>
            {t('demo.remove')}
          </button>
        </div>
        <div className="demo__error-slot" role="alert">
          {error && (
            <p className="demo__error">
              {pick(error)}
              {cards === null && online && (
                <button type="button" className="btn btn--ghost btn--sm" onClick={() => void loadCards()}>
                  {t('demo.reload')}
                </button>
              )}
            </p>
          )}
        </div>
      </div>
    </aside>
  );
}
