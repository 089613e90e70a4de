import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { IssuedPairingCode } from '../../../../server/protocol/devices';
import { useTx } from '../shared';
import { IssuedCode } from './IssuedCode';

interface Props {
  bodyName: string;
  fromSeat: number;
  toSeat: number;
  codes: readonly IssuedPairingCode[];
  seatLabel: (seatId: number) => string;
  onClose: () => void;
}

/**
 * The printable set-up sheet: one card per seat with its code, QR code and seat label, to lay on
 * each seat's tablet. On paper only the sheet is printed (print CSS hides the clerk screen).
 */
export function PairingSheet({ bodyName, fromSeat, toSeat, codes, seatLabel, onClose }: Props) {
  const tx = useTx();
  const titleId = useId();
  const printButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    printButton.current?.focus();
    document.documentElement.classList.add('printing-sheet');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.documentElement.classList.remove('printing-sheet');
      opener?.focus();
    };
  }, [onClose]);
  return createPortal(
    <div className="pairing-sheet" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="pairing-sheet__tools">
        <button ref={printButton} type="button" className="btn btn--primary btn--lg" onClick={() => window.print()}>
          {tx('Drucken', 'Print')}
        </button>
        <button type="button" className="btn btn--secondary btn--lg" onClick={onClose}>
          {tx('Schließen', 'Close')}
        </button>
      </div>
      <header className="pairing-sheet__header">
        <h1 id={titleId} className="pairing-sheet__title">
          {tx(`Kopplungsblatt: Plätze ${fromSeat}–${toSeat}`, `Pairing sheet: seats ${fromSeat}–${toSeat}`)}
        </h1>
        <p>
          {bodyName} ·{' '}
          {tx(
            `${codes.length} Codes, jeder gilt einmal für seinen Platz. Am Gerät den QR-Code scannen oder die Adresse öffnen und den Code eingeben.`,
            `${codes.length} codes, each valid once for its seat. On the device scan the QR code, or open the address and type the code.`,
          )}
        </p>
      </header>
      <ol className="pairing-sheet__codes">
        {codes.map((c) => (
          <li key={c.id}>
            <IssuedCode issued={c} seatLabel={seatLabel} compact />
          </li>
        ))}
      </ol>
    </div>,
    document.body,
  );
}
