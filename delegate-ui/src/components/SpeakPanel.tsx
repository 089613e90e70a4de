import { useState } from 'react';
import type { RequestKind } from '../../../server/protocol/conference';
import type { SeatView } from '../../../server/protocol/views';
import { confText, type ConfKey } from '../../../ui-shared/conference-texts';
import { formatDuration, secondsLeft, secondsSince, useServerOffset, useTicker } from '../../../ui-shared/countdown';
import type { Params } from '../../../ui-shared/i18n';
import { translate, useT, type Bilingual, type MessageKey } from '../i18n';
import { sendCommand, useSeatLive, type Outcome } from '../live';

function refusal(outcome: Outcome<unknown>): Bilingual | null {
  if (outcome.ok) return null;
  if (outcome.kind === 'refused') return outcome.error.message;
  const key: MessageKey = outcome.kind === 'timeout' ? 'demo.timeout' : 'demo.offline';
  return { de: translate('de', key), en: translate('en', key) };
}

/** Ask for the floor with one big button, see one's position, and the countdown while speaking. */
export function SpeakPanel({ view, online }: { view: SeatView; online: boolean }) {
  const { lang, pick } = useT();
  const c = (key: ConfKey, params?: Params) => confText(lang, key, params);
  const { client } = useSeatLive();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  const offsetMs = useServerOffset(view.serverTime);
  const { speakers, member, mic } = view;
  const floor = speakers.floor;
  const mine = floor !== null && member !== null && floor.member.id === member.id;
  const now = useTicker(floor !== null);
  if (!member || !view.item || view.lifecycle.status === 'closed') return null;

  const run = async (fn: () => Promise<Outcome<unknown>>) => {
    setBusy(true);
    setError(null);
    try {
      setError(refusal(await fn()));
    } finally {
      setBusy(false);
    }
  };
  const request = (kind: RequestKind) => run(() => sendCommand(client, 'requestFloor', { kind }));
  const withdraw = (kind: RequestKind) => run(() => sendCommand(client, 'withdrawFloorRequest', { kind }));
  const ordinary = speakers.mine.find((r) => r.kind === 'ordinary') ?? null;
  const poo = speakers.mine.find((r) => r.kind === 'point-of-order') ?? null;
  const left = floor?.endsAt ? secondsLeft(floor.endsAt, offsetMs, now) : null;

  return (
    <section className={`panel speak${mine ? ' speak--mine' : ''}`} aria-label={c('floor.heading')}>
      {mine && floor ? (
        <div className="speak__floor" role="status">
          <p className="speak__you">{c('seat.youSpeak')}</p>
          <p className={`speak__timer${left !== null && left <= 0 ? ' speak__timer--over' : ''}`} role="timer" aria-label={c('floor.left')}>
            {left === null ? formatDuration(secondsSince(floor.since, offsetMs, now)) : formatDuration(left)}
          </p>
          {left !== null && left <= 0 && <p className="speak__over">{c(floor.atZero === 'mute' ? 'floor.overMuted' : 'floor.over')}</p>}
        </div>
      ) : (
        floor && (
          <p className="speak__other">
            {c('floor.speaking')}: <strong>{floor.member.name}</strong>
            {floor.member.factionShort ? ` (${floor.member.factionShort})` : ''}
          </p>
        )
      )}

      <div className="speak__actions">
        {ordinary ? (
          <>
            <p className="speak__position" role="status">
              {c('seat.position', { position: ordinary.position })}
            </p>
            <button type="button" className="btn btn--secondary speak__btn" disabled={busy || !online} onClick={() => void withdraw('ordinary')}>
              {c('seat.withdraw')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn btn--primary speak__btn speak__btn--main"
            disabled={busy || !online || speakers.closed || mine}
            onClick={() => void request('ordinary')}
          >
            {c('seat.request')}
          </button>
        )}
        {speakers.closed && !ordinary && <p className="speak__closed">{c('floor.closed')}</p>}
        {poo ? (
          <>
            <p className="speak__position" role="status">
              {c('seat.positionPoo', { position: poo.position })}
            </p>
            <button type="button" className="btn btn--secondary speak__btn" disabled={busy || !online} onClick={() => void withdraw('point-of-order')}>
              {c('seat.withdrawPoo')}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn--secondary speak__btn" disabled={busy || !online} onClick={() => void request('point-of-order')}>
            {c('seat.requestPoo')}
          </button>
        )}
      </div>

      {mic && <MicControl mic={mic} online={online} onError={setError} />}
      {error && (
        <p className="speak__error" role="alert">
          {pick(error)}
        </p>
      )}
    </section>
  );
}

function MicControl({ mic, online, onError }: { mic: NonNullable<SeatView['mic']>; online: boolean; onError: (e: Bilingual | null) => void }) {
  const { lang } = useT();
  const { client } = useSeatLive();
  const [busy, setBusy] = useState(false);
  const state = mic.on ? 'on' : mic.lamp === 'waiting' ? 'waiting' : 'off';
  const label = confText(lang, state === 'on' ? 'seat.micOn' : state === 'waiting' ? 'seat.micWaiting' : 'seat.micOff');
  const press = async () => {
    setBusy(true);
    try {
      onError(refusal(await sendCommand(client, 'pressMic', { on: !(mic.on || mic.lamp === 'waiting') })));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`speak__mic speak__mic--${state}`}>
      <p className="speak__mic-state" role="status" data-testid="mic-state">
        <span className="speak__mic-dot" aria-hidden="true" />
        {label}
      </p>
      {mic.mode !== 'chair-controlled' && (
        // no aria-pressed: the label names the action and changes with the state, which the status line above tells
        <button type="button" className="btn btn--secondary speak__btn" disabled={busy || !online} onClick={() => void press()}>
          {confText(lang, state === 'off' ? 'seat.micPress' : 'seat.micRelease')}
        </button>
      )}
    </div>
  );
}
