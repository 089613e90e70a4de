import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ErrorPayload } from '../../../server/protocol/errors';
import { deviceRefusalOf, pinRefusalOf } from '../../../ui-shared/devices';
import { useLive, type LiveConnection, type UiRole } from '../live';
import { DeviceRefusedScreen } from './DeviceRefusedScreen';
import { PinScreen } from './PinScreen';
import { useDeviceText } from './texts';

/** "Sperren": forgets the PIN and returns to the PIN screen; null while no PIN is in use. */
export const StaffLockContext = createContext<(() => void) | null>(null);

/** The lock button of the chair console and the clerk screen (shown only while a PIN unlocked them). */
export function LockButton() {
  const lock = useContext(StaffLockContext);
  const d = useDeviceText();
  if (!lock) return null;
  return (
    <button type="button" className="btn btn--secondary btn--sm lock-button" title={d('pin.lockHint')} onClick={lock}>
      <span aria-hidden="true" className="lock-button__icon" />
      {d('pin.lock')}
    </button>
  );
}

/** A screen without a PIN (the display): the full-screen explanation when the device is refused. */
export function DeviceGate<R extends UiRole>({ live, screenName, children }: { live: LiveConnection<R>; screenName: string; children: ReactNode }) {
  const { refused } = useLive(live);
  const refusal = deviceRefusalOf(refused);
  if (refusal && refused) return <DeviceRefusedScreen refusal={refusal} error={refused} screenName={screenName} />;
  return children;
}

/**
 * Chair and clerk: the device refusals, then the PIN screen whenever the server asks for the PIN
 * (or after "Sperren"), else the screen itself. The PIN lives in the connection's handshake only:
 * a reconnect after a network drop reuses it, a reload asks again.
 */
export function StaffGate<R extends 'chair' | 'clerk'>({ live, screenName, children }: { live: LiveConnection<R>; screenName: string; children: ReactNode }) {
  const { refused, conn } = useLive(live);
  const [locked, setLocked] = useState(false);
  const [pinInUse, setPinInUse] = useState(false);
  // the refusal on screen when a PIN was sent: until the answer differs, the PIN is being checked
  const [sentAt, setSentAt] = useState<{ refused: ErrorPayload | null } | null>(null);
  // answered (let in, or refused anew): a later network drop is not a PIN check
  if (sentAt && (conn === 'connected' || refused !== sentAt.refused)) setSentAt(null);

  const deviceRefusal = deviceRefusalOf(refused);
  if (deviceRefusal && refused) return <DeviceRefusedScreen refusal={deviceRefusal} error={refused} screenName={screenName} />;

  const pinRefusal = pinRefusalOf(refused);
  const checking = sentAt !== null && sentAt.refused === refused && conn !== 'connected';
  if (locked || pinRefusal || checking) {
    return (
      <PinScreen
        screenName={screenName}
        refusal={checking ? null : pinRefusal}
        checking={checking}
        onSubmit={(pin) => {
          setSentAt({ refused });
          setLocked(false);
          setPinInUse(true);
          live.client.setPin(pin);
        }}
      />
    );
  }
  const lock = () => {
    live.client.setPin(null);
    setSentAt(null);
    setPinInUse(false);
    setLocked(true);
  };
  return <StaffLockContext value={pinInUse ? lock : null}>{children}</StaffLockContext>;
}
