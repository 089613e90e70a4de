import { useCallback } from 'react';
import type { SeatView } from '../../../server/protocol/views';
import { sendCommand, useSeatLive } from '../live';
import { useKeyboardWedge } from '../wedge';
import { DemoPanel } from './DemoPanel';
import { IdlePanel } from './IdlePanel';
import { ItemPanel } from './ItemPanel';
import { LoginPanel } from './LoginPanel';
import { ResultPanel } from './ResultPanel';
import { VotePanel } from './VotePanel';

/** Vote or result comes before the item text: it is what the member acts on. Renders the latest view as it is: the server pushes the whole view after every change. */
export function SeatScreen({ view, online }: { view: SeatView; online: boolean }) {
  const openVote = view.vote?.summary.status === 'open' ? view.vote : null;
  const mode = openVote ? 'voting' : view.result ? 'result' : 'idle';
  const { client } = useSeatLive();
  // a refused card comes back as a notice, like a tap on any other reader
  const onWedgeUid = useCallback((uid: string) => void sendCommand(client, 'wedgeTap', { uid }), [client]);
  useKeyboardWedge(view.keyboardWedge === true && online, onWedgeUid);
  return (
    <>
      <main className={`seat-main seat-main--${mode}`}>
        <div className="seat-main__login">
          <LoginPanel member={view.member} reader={view.reader} />
        </div>
        <div className="seat-main__action">
          {openVote ? (
            <VotePanel
              key={`${openVote.summary.id}:${view.member?.id ?? '-'}`}
              vote={openVote}
              itemMotion={view.item?.motion}
              online={online}
            />
          ) : view.result ? (
            <ResultPanel result={view.result} />
          ) : (
            <IdlePanel />
          )}
        </div>
        <div className="seat-main__item">
          <ItemPanel item={view.item} />
        </div>
      </main>
      {view.demo && <DemoPanel online={online} />}
    </>
  );
}
