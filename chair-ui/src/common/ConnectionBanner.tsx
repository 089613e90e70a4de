import { useI18n } from '../i18n';
import type { LiveSnapshot, UiRole } from '../live';

/** A full-width warning while the screen may show stale information. */
export function ConnectionBanner({ snapshot }: { snapshot: LiveSnapshot<UiRole> }) {
  const { t, pick } = useI18n();
  if (snapshot.refused) {
    return (
      <div className="banner banner--error" role="alert">
        {t('conn.refused', { message: pick(snapshot.refused.message) })}
      </div>
    );
  }
  if (snapshot.conn !== 'disconnected' || snapshot.view === null) return null;
  return (
    <div className="banner banner--warning" role="alert">
      {t('conn.lost')}
    </div>
  );
}
