import { useSeatSnapshot } from '../live';
import { ConnectingScreen } from './ConnectingScreen';
import { ConnectionBanner } from './ConnectionBanner';
import { Header } from './Header';
import { NoticeStack } from './NoticeStack';
import { RefusedScreen } from './RefusedScreen';
import { SeatScreen } from './SeatScreen';

export function SeatApp({ seatId }: { seatId: number }) {
  const { view, conn, refused, notices } = useSeatSnapshot();
  return (
    <div className="app">
      <Header seatLabel={view?.seat.label ?? String(seatId)} session={view?.session ?? null} conn={conn} />
      <ConnectionBanner lost={refused === null && conn === 'disconnected'} />
      <NoticeStack notices={notices} />
      {refused ? <RefusedScreen error={refused} /> : view ? <SeatScreen view={view} online={conn === 'connected'} /> : <ConnectingScreen />}
    </div>
  );
}
