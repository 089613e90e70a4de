import { useState } from 'react';
import { RoleClient } from '../../server/protocol/client';
import { ChairApp } from './chair/ChairApp';
import { ClerkApp } from './clerk/ClerkApp';
import { DeviceGate, StaffGate } from './devices/DeviceGate';
import { PairPage } from './devices/PairPage';
import { DisplayApp } from './display/DisplayApp';
import { ExportsScreen } from './exports/ExportsScreen';
import { I18nContext, useI18n, useLangState } from './i18n';
import { LiveConnection } from './live';
import { OverlayApp } from './overlay/OverlayApp';
import type { Route } from './routes';
import { StartPage } from './start/StartPage';

/** The composition root of the page: one connection for the chosen screen, made once. */
export function App({ route }: { route: Route }) {
  const i18n = useLangState();
  return (
    <I18nContext value={i18n}>
      {route === 'chair' ? (
        <ChairScreen />
      ) : route === 'display' ? (
        <DisplayScreen />
      ) : route === 'overlay' ? (
        <OverlayScreen />
      ) : route === 'clerk' ? (
        <ClerkScreen />
      ) : route === 'exports' ? (
        <ExportsScreen />
      ) : route === 'pair' ? (
        <PairPage />
      ) : (
        <StartPage />
      )}
    </I18nContext>
  );
}

function ChairScreen() {
  const [live] = useState(() => new LiveConnection(new RoleClient('chair', window.location.origin, { validate: true })));
  const { t } = useI18n();
  return (
    <StaffGate live={live} screenName={t('chair.title')}>
      <ChairApp live={live} />
    </StaffGate>
  );
}

function ClerkScreen() {
  const [live] = useState(() => new LiveConnection(new RoleClient('clerk', window.location.origin, { validate: true })));
  const { lang } = useI18n();
  return (
    <StaffGate live={live} screenName={lang === 'de' ? 'Schriftführung' : 'Clerk'}>
      <ClerkApp live={live} />
    </StaffGate>
  );
}

function DisplayScreen() {
  const [live] = useState(() => new LiveConnection(new RoleClient('display', window.location.origin, { validate: true })));
  const { t } = useI18n();
  return (
    <DeviceGate live={live} screenName={t('start.display')}>
      <DisplayApp live={live} />
    </DeviceGate>
  );
}

function OverlayScreen() {
  const [live] = useState(() => new LiveConnection(new RoleClient('display', window.location.origin, { validate: true })));
  const { t } = useI18n();
  return (
    <DeviceGate live={live} screenName={t('start.display')}>
      <OverlayApp live={live} />
    </DeviceGate>
  );
}
