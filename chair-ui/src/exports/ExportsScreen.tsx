import { useEffect, useState, type ReactNode } from 'react';
import { RoleClient } from '../../../server/protocol/client';
import { fetchDevice } from '../../../ui-shared/device-api';
import { StaffGate } from '../devices/DeviceGate';
import { useI18n } from '../i18n';
import { LiveConnection, useLive } from '../live';
import { ExportsPage } from './ExportsPage';
import { exportText } from './texts';

type Staff =
  | { role: 'chair'; client: RoleClient<'chair'>; live: LiveConnection<'chair'> }
  | { role: 'clerk'; client: RoleClient<'clerk'>; live: LiveConnection<'clerk'> };

function connect(clerk: boolean): Staff {
  if (clerk) {
    const client = new RoleClient('clerk', window.location.origin, { validate: true });
    return { role: 'clerk', client, live: new LiveConnection(client) };
  }
  const client = new RoleClient('chair', window.location.origin, { validate: true });
  return { role: 'chair', client, live: new LiveConnection(client) };
}

/** The page only once the server let the device in: not shown first and then replaced by the PIN screen. */
function OnceConnected<R extends 'chair' | 'clerk'>({ live, children }: { live: LiveConnection<R>; children: ReactNode }) {
  const { lang } = useI18n();
  const { conn } = useLive(live);
  const [seen, setSeen] = useState(false);
  if (conn === 'connected' && !seen) setSeen(true);
  if (!seen && conn !== 'connected') return <p role="status">{exportText(lang, 'loading')}</p>;
  return children;
}

/**
 * The exports page behind the device's own connection: a clerk device connects as the clerk,
 * every other browser as the chair (the server then refuses a stranger with the usual screen).
 * The PIN is asked as on the console: a download ticket comes only over an unlocked connection.
 */
export function ExportsScreen() {
  const { lang } = useI18n();
  const [staff, setStaff] = useState<Staff | null>(null);

  useEffect(() => {
    let current = true;
    let made: Staff | null = null;
    void fetchDevice().then((state) => {
      if (!current) return;
      made = connect(state.kind === 'known' && state.device?.target.role === 'clerk');
      setStaff(made);
    });
    return () => {
      current = false;
      made?.client.socket.close();
    };
  }, []);

  if (!staff) return <p role="status">{exportText(lang, 'loading')}</p>;
  const name = exportText(lang, 'title');
  return (
    <StaffGate live={staff.live} screenName={name}>
      <OnceConnected live={staff.live}>
        <ExportsPage staff={staff} />
      </OnceConnected>
    </StaffGate>
  );
}
