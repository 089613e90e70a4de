import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';

/**
 * For setting up a kiosk device: the council's own certificate authority to install, and its
 * fingerprint to compare with the one the server printed at start (and the clerk has on paper).
 */
export function DeviceSetup() {
  const { t } = useI18n();
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    fetch('/ca-fingerprint')
      .then((r) => (r.ok ? (r.json() as Promise<{ sha256: string }>) : Promise.reject(new Error(String(r.status)))))
      .then((data) => {
        if (!cancelled) setFingerprint(data.sha256);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <section className="start__setup" aria-labelledby="device-setup-title">
      <h2 id="device-setup-title" className="start__setup-title">
        {t('start.setup.title')}
      </h2>
      <p>{t('start.setup.intro')}</p>
      <p>
        <a className="btn btn--secondary btn--lg" href="/ca.crt" download>
          {t('start.setup.download')}
        </a>
      </p>
      <p className="start__setup-fp-label">{t('start.setup.fingerprint')}</p>
      {fingerprint ? (
        <code className="start__setup-fp">
          {/* break lines only between the byte pairs */}
          {fingerprint.split(':').map((pair, i) => (
            <span key={i}>
              {i > 0 && ':'}
              {i > 0 && <wbr />}
              {pair}
            </span>
          ))}
        </code>
      ) : (
        <p role="status">{failed ? t('start.setup.unavailable') : t('conn.waiting')}</p>
      )}
    </section>
  );
}
