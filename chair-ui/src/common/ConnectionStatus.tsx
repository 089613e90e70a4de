import { useI18n } from '../i18n';
import type { ConnState } from '../live';

const KEYS = { connected: 'conn.connected', connecting: 'conn.connecting', disconnected: 'conn.disconnected' } as const;

export function ConnectionStatus({ conn }: { conn: ConnState }) {
  const { t } = useI18n();
  return (
    <span className={`conn conn--${conn}`} role="status" aria-label={`${t('conn.label')}: ${t(KEYS[conn])}`}>
      <span className="conn__dot" aria-hidden="true" />
      <span aria-hidden="true">{t(KEYS[conn])}</span>
    </span>
  );
}
