import { useCallback, useEffect, useState } from 'react';
import { fetchDevice, forgetDevice, type DeviceState } from '../../../ui-shared/device-api';
import { deviceText } from '../../../ui-shared/device-texts';
import { targetName } from '../../../ui-shared/devices';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useI18n } from '../i18n';
import { PairForm } from './PairForm';
import { useDeviceText } from './texts';

/**
 * "Dieses Gerät": what this browser is enrolled as, with a big way to its screen and "Gerät
 * abmelden"; the pairing form when it is not enrolled (or always, on the pairing page).
 */
export function ThisDevice({ initialCode, alwaysOfferPairing }: { initialCode: string; alwaysOfferPairing: boolean }) {
  const { pick } = useI18n();
  const d = useDeviceText();
  const [state, setState] = useState<DeviceState>({ kind: 'loading' });
  const [forgetting, setForgetting] = useState(false);
  const [forgetBusy, setForgetBusy] = useState(false);
  const [forgetFailed, setForgetFailed] = useState(false);

  const load = useCallback(async () => {
    setState(await fetchDevice());
  }, []);
  useEffect(() => {
    let current = true;
    void fetchDevice().then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, []);

  const forget = async () => {
    setForgetBusy(true);
    setForgetFailed(false);
    const done = await forgetDevice();
    setForgetBusy(false);
    if (!done) {
      setForgetFailed(true);
      return;
    }
    setForgetting(false);
    await load();
  };

  const device = state.kind === 'known' ? state.device : null;
  return (
    <section className="this-device" aria-labelledby="this-device-title">
      <h2 id="this-device-title" className="this-device__title">
        {d('device.title')}
      </h2>
      {state.kind === 'loading' && <p role="status">{d('device.loading')}</p>}
      {state.kind === 'unreachable' && (
        <p className="alert" role="alert">
          <span className="alert__icon" aria-hidden="true">
            !
          </span>
          <span className="alert__text">{d('device.unreachable')}</span>
        </p>
      )}
      {device && (
        <div className="this-device__enrolled">
          <dl className="this-device__facts">
            <dt>{d('device.enrolledAs')}</dt>
            <dd className="this-device__target">{pick(targetName(device.target))}</dd>
            <dt>{d('device.label')}</dt>
            <dd>{device.label}</dd>
          </dl>
          <div className="this-device__actions">
            {device.home ? (
              <a className="btn btn--primary btn--xl this-device__open" href={device.home}>
                {d('device.open', { target: pick(targetName(device.target)) })}
              </a>
            ) : (
              <p>{d('device.agent')}</p>
            )}
            <button type="button" className="btn btn--danger-outline btn--lg" onClick={() => setForgetting(true)}>
              {d('device.forget')}
            </button>
          </div>
        </div>
      )}
      {state.kind === 'known' && !device && <p className="this-device__none">{d('device.none')}</p>}
      {state.kind !== 'loading' && (alwaysOfferPairing || !device) && (
        <PairForm initialCode={initialCode} autoFocus={alwaysOfferPairing} onPaired={(paired) => setState({ kind: 'known', device: paired })} />
      )}
      <ConfirmDialog
        open={forgetting}
        title={d('device.forgetTitle')}
        confirmLabel={d('device.forgetConfirm')}
        tone="danger"
        busy={forgetBusy}
        error={forgetFailed ? { de: deviceText('de', 'device.forgetFailed'), en: deviceText('en', 'device.forgetFailed') } : null}
        onConfirm={() => void forget()}
        onClose={() => setForgetting(false)}
      >
        <p>{d('device.forgetBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
