import { useState } from 'react';
import { formatTime } from '../../../ui-shared/format';
import type { ChairView } from '../../../server/protocol/views';
import { useI18n } from '../i18n';
import { useTx } from '../clerk/shared';

/**
 * Cards refused as not genuine (a copied UID without the card's key): the chair should know
 * at once that someone tried. Hiding them is local to this screen; the log and minutes keep them.
 */
export function CardAlerts({ alerts }: { alerts: ChairView['cardAlerts'] }) {
  const { lang } = useI18n();
  const tx = useTx();
  const [seenUntil, setSeenUntil] = useState('');
  const fresh = (alerts ?? []).filter((a) => a.at > seenUntil);
  if (fresh.length === 0) return null;
  return (
    <div className="banner banner--warning card-alerts" role="alert">
      <ul className="card-alerts__list">
        {fresh.slice(0, 3).map((a) => (
          <li key={`${a.at}-${a.uid}`}>
            {formatTime(a.at, lang)}{' '}
            {a.purpose === 'login'
              ? tx(`Platz ${a.seatLabel ?? '?'}: Karte nicht als echt bestätigt`, `Seat ${a.seatLabel ?? '?'}: card not confirmed as genuine`)
              : tx('Kartenregistrierung: Karte nicht als echt bestätigt', 'Card registration: card not confirmed as genuine')}
            {' – '}
            {a.member ? tx(`Kartennummer von ${a.member.name}`, `card number of ${a.member.name}`) : tx('unbekannte Kartennummer', 'unknown card number')}{' '}
            ({a.uid})
          </li>
        ))}
      </ul>
      {fresh.length > 3 && <p>{tx(`und ${fresh.length - 3} weitere`, `and ${fresh.length - 3} more`)}</p>}
      <button type="button" className="btn btn--secondary" onClick={() => setSeenUntil(fresh[0]?.at ?? '')}>
        {tx('Gesehen', 'Seen')}
      </button>
    </div>
  );
}
