import type { SeatView } from '../../../server/protocol/views';
import { DemoPanel } from './DemoPanel';
import { IdlePanel } from './IdlePanel';
import { ItemPanel } from './ItemPanel';
import { LoginPanel } from './LoginPanel';
import { ResultPanel } from './ResultPanel';
import { VotePanel } from './VotePanel';

/** Renders the latest view as it is: the server pushes the whole view after every change. */
export function SeatScreen({ view, online }: { view: SeatView; online: boolean }) {
  const openVote = view.vote?.summary.status === 'open' ? view.vote : null;
  return (
    <>
      <main className={`seat-main${openVote ? ' seat-main--voting' : ''}`}>
        <div className="seat-main__info">
          <LoginPanel member={view.member} reader={view.reader} />
          <ItemPanel item={view.item} />
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
      </main>
      {view.demo && <DemoPanel online={online} />}
    </>
  );
}
