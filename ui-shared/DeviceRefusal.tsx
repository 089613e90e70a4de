import type { ErrorPayload } from '../server/protocol/errors';
import { useDeviceSelf } from './device-api';
import { deviceText, type DeviceTextKey } from './device-texts';
import { targetName, wrongPlaceText, type DeviceRefusal } from './devices';
import type { Bilingual, Lang, Params } from './i18n';

export interface DeviceRefusalProps {
  refusal: DeviceRefusal;
  error: ErrorPayload;
  lang: Lang;
  pick: (text: Bilingual) => string;
}

/** The words every refused screen (seat, chair, clerk, display) shows: title, why, whom to ask. */
export function deviceRefusalTexts({ refusal, error, lang, pick }: DeviceRefusalProps): { title: string; body: string; contact: string | null } {
  const d = (key: DeviceTextKey, params?: Params) => deviceText(lang, key, params);
  const body =
    refusal === 'not-enrolled'
      ? d('refused.not-enrolled.body')
      : refusal === 'revoked'
        ? d('refused.revoked.body')
        : `${pick(wrongPlaceText(error) ?? error.message)} ${d('refused.other')}`;
  return { title: d(`refused.${refusal}.title`), body, contact: refusal === 'revoked' ? null : d('refused.contact') };
}

/**
 * The way forward for a refused device: pair it, go to the screen it is enrolled for (looked up
 * when it is enrolled elsewhere), or try again.
 */
export function DeviceRefusalActions({ refusal, lang, pick, className }: Omit<DeviceRefusalProps, 'error'> & { className: string }) {
  const d = (key: DeviceTextKey, params?: Params) => deviceText(lang, key, params);
  const elsewhere = refusal === 'wrong-role' || refusal === 'wrong-seat';
  const home = useDeviceSelf(elsewhere);
  return (
    <div className={className}>
      {elsewhere && home?.home ? (
        <a className="btn btn--primary btn--xl" href={home.home}>
          {d('refused.home', { target: pick(targetName(home.target)) })}
        </a>
      ) : elsewhere ? (
        <a className="btn btn--primary btn--xl" href="/">
          {d('refused.start')}
        </a>
      ) : (
        <a className={`btn ${refusal === 'not-enrolled' ? 'btn--primary' : 'btn--secondary'} btn--xl`} href="/pair">
          {d('refused.pair')}
        </a>
      )}
      <button type="button" className="btn btn--secondary btn--xl" onClick={() => window.location.reload()}>
        {d('refused.retry')}
      </button>
    </div>
  );
}
