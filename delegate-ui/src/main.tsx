import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { RoleClient } from '../../server/protocol/client';
import { SeatApp } from './components/SeatApp';
import { SeatPicker } from './components/SeatPicker';
import { I18nContext, useLangState } from './i18n';
import { SeatLive, SeatLiveContext } from './live';
import { routeOf } from './route';
import './styles/base.css';
import './styles/seat.css';

function WithLanguage({ children }: { children: ReactNode }) {
  const i18n = useLangState();
  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing in index.html');

const route = routeOf(window.location.pathname);
let screen: ReactNode;
if (route.kind === 'seat') {
  // the one connection of this device; everything below reaches it through context
  const client = new RoleClient('seat', window.location.origin, { seatId: route.seatId, validate: true });
  const live = new SeatLive(client);
  screen = (
    <SeatLiveContext.Provider value={live}>
      <SeatApp seatId={route.seatId} />
    </SeatLiveContext.Provider>
  );
} else {
  screen = <SeatPicker invalidPath={route.invalid} />;
}

createRoot(container).render(
  <StrictMode>
    <WithLanguage>{screen}</WithLanguage>
  </StrictMode>,
);
