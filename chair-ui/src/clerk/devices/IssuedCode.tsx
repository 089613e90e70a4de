import type { IssuedPairingCode } from '../../../../server/protocol/devices';
import { formatTime } from '../../../../ui-shared/format';
import { targetName } from '../../../../ui-shared/devices';
import { QrCode } from '../../devices/QrCode';
import { useI18n } from '../../i18n';
import { useTx } from '../shared';

/** One pairing code as the device's user needs it: the code big, the QR code, the address and until when. */
export function IssuedCode({ issued, seatLabel, compact = false }: { issued: IssuedPairingCode; seatLabel: (seatId: number) => string; compact?: boolean }) {
  const tx = useTx();
  const { lang, pick } = useI18n();
  const name = pick(targetName(issued.target, seatLabel));
  return (
    <article className={compact ? 'issued issued--compact' : 'issued'} aria-label={tx(`Kopplungscode für ${name}`, `Pairing code for ${name}`)}>
      <div className="issued__text">
        <p className="issued__target">{name}</p>
        {!compact && <p className="issued__label">{issued.label}</p>}
        <p className="issued__code-label">{tx('Kopplungscode', 'Pairing code')}</p>
        <p className="issued__code" data-testid="pairing-code">
          {issued.code}
        </p>
        <p className="issued__url">
          {tx('Oder im Browser des Geräts öffnen:', "Or open in the device's browser:")} <span className="issued__url-text">{issued.url}</span>
        </p>
        <p className="issued__expiry">
          {tx(`Gültig bis ${formatTime(issued.expiresAt, lang)} Uhr, einmal.`, `Valid once, until ${formatTime(issued.expiresAt, lang)}.`)}
        </p>
      </div>
      <div className="issued__qr">
        <QrCode qr={issued.qr} label={tx(`QR-Code zum Koppeln: ${issued.url}`, `QR code for pairing: ${issued.url}`)} />
      </div>
    </article>
  );
}
