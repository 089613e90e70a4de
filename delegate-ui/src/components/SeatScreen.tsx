import { useCallback } from 'react';
import type { SeatView } from '../../../server/protocol/views';
import { sendCommand, useSeatLive } from '../live';
import { useKeyboardWedge } from '../wedge';
import { DemoPanel } from './DemoPanel';
import { IdlePanel } from './IdlePanel';
import { ItemPanel } from './ItemPanel';
import { LoginPanel } from './LoginPanel';
import { ResultPanel } from './ResultPanel';
import { SpeakPanel } from './SpeakPanel';
import '../styles/speak.css';
import { VotePanel } from './VotePanel';
import { ElectionPanel } from '../procedure/ElectionPanel';
import { InterruptedBanner, RequestPanel } from '../procedure/RequestPanel';

/** Vote or result comes before the item text: it is what the member acts on. Renders the latest view as it is: the server pushes the whole view after every change. */
export function SeatScreen({ view, online }: { view: SeatView; online: boolean }) {
  const openVote = view.vote?.summary.status === 'open' ? view.vote : null;
  const shownElection = view.procedure?.election ?? null;
  // a finished election gives way to the result of a later vote on the item
  const finishedAt = shownElection?.round?.lot?.at ?? shownElection?.round?.closedAt ?? '';
  const election =
    shownElection && (shownElection.election.status !== 'done' || !view.result || finishedAt >= view.result.closedAt) ? shownElection : null;
  const requests = view.procedure?.requests ?? null;
  const interrupted = view.procedure?.interrupted ?? null;
  const mode = openVote || election?.election.status === 'voting' ? 'voting' : view.result ? 'result' : 'idle';
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
          {openVote && interrupted && <InterruptedBanner reason={interrupted.reason} />}
          {openVote ? (
            <VotePanel
              key={`${openVote.summary.id}:${view.member?.id ?? '-'}`}
              vote={openVote}
              itemMotion={view.item?.motion}
              online={online}
              interrupted={interrupted !== null}
            />
          ) : election ? (
            <ElectionPanel key={`${election.election.id}:${view.member?.id ?? '-'}`} view={election} online={online} />
          ) : view.result ? (
            <ResultPanel result={view.result} />
          ) : (
            <IdlePanel />
          )}
          {!openVote && election?.election.status !== 'voting' && requests && view.member && <RequestPanel requests={requests} online={online} />}
          {!openVote && <SpeakPanel view={view} online={online} />}
        </div>
        <div className="seat-main__item">
          <ItemPanel item={view.item} />
        </div>
      </main>
      {view.demo && <DemoPanel online={online} />}
    </>
  );
}
