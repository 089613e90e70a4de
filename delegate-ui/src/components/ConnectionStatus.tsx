import { useT, type MessageKey } from '../i18n';
import type { ConnState } from '../live';

const TEXT: Readonly<Record<ConnState, MessageKey>> = {
  connected: 'conn.connected',
  connecting: 'conn.connecting',
  disconnected: 'conn.disconnected',
};

export function ConnectionStatus({ conn }: { conn: ConnState }) {
  const { t } = useT();
  return (
    <span className={`conn conn--${conn}`}>
      <span className="conn__dot" aria-hidden="true" />
      <span className="conn__text">
        <span className="visually-hidden">{t('conn.label')}: </span>
        {t(TEXT[conn])}
      </span>
    </span>
  );
}
