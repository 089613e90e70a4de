import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { useLive, type LiveConnection } from '../live';
import '../chair/procedure/procedure.css';
import { DisplayElection } from './DisplayElection';
import { DisplayHeader } from './DisplayHeader';
import { DisplayResult } from './DisplayResult';
import { useServerOffset } from '../../../ui-shared/countdown';
import { useConf } from '../conference/useConf';
import { DisplaySpeakers } from './DisplaySpeakers';
import { DisplayVote } from './DisplayVote';
import '../styles/display.css';
import '../styles/display-conference.css';

/** The public screen: no controls, readable from the back of the room and in a livestream. */
export function DisplayApp({ live }: { live: LiveConnection<'display'> }) {
  const { t, pick } = useI18n();
  const { view, conn, refused } = useLive(live);
  const c = useConf();
  const offsetMs = useServerOffset(view?.serverTime);
  const title = view ? `${t('start.display')} – ${view.bodyName}` : t('start.display');
  useEffect(() => {
    document.title = title;
  }, [title]);

  const offline = conn !== 'connected' && view !== null;
  let content;
  let mode: string;
  if (!view) {
    mode = 'waiting';
    content = (
      <div className="d-idle">
        <p className="d-idle__text" role="status">
          {refused ? t('conn.refused', { message: pick(refused.message) }) : t('conn.waiting')}
        </p>
      </div>
    );
  } else if (view.lifecycle.status === 'interrupted' || view.lifecycle.status === 'closed') {
    mode = 'paused';
    const interrupted = view.lifecycle.status === 'interrupted';
    content = (
      <div className="d-idle">
        <h1 className="d-idle__title">{c(interrupted ? 'life.displayInterrupted' : 'life.displayClosed')}</h1>
        {interrupted && !view.nonPublic && view.lifecycle.interruption && <p className="d-idle__text">{view.lifecycle.interruption.reason}</p>}
      </div>
    );
  } else if (view.nonPublic) {
    mode = 'private';
    content = (
      <div className="d-idle">
        <h1 className="d-idle__title">{t('display.nonPublic')}</h1>
        <p className="d-idle__text">{t('display.nonPublicHint')}</p>
      </div>
    );
  } else if (!view.item) {
    mode = 'idle';
    content = (
      <div className="d-idle">
        <h1 className="d-idle__title">{t('display.noItem')}</h1>
        <p className="d-idle__text">{t('display.noItemIdle')}</p>
      </div>
    );
  } else {
    const talk = view.speakers.floor !== null || view.speakers.next.length > 0;
    const busy = view.vote !== null || view.result !== null || talk;
    mode = view.vote ? 'vote' : view.result ? 'result' : talk ? 'speakers' : 'item';
    content = (
      <>
        <div className={`d-item${busy ? ' d-item--small' : ''}`}>
          <p className="d-item__number">{t('display.top', { number: view.item.number })}</p>
          <h1 className="d-item__title">{view.item.title}</h1>
        </div>
        {view.vote ? (
          <DisplayVote
            title={view.vote.summary.title}
            kind={view.vote.summary.kind}
            cast={view.vote.cast}
            eligible={view.vote.eligible}
          />
        ) : view.election && (view.election.election.status !== 'done' || !view.result || (view.election.round?.closedAt ?? '') >= view.result.closedAt) ? (
          <DisplayElection view={view.election} />
        ) : view.result ? (
          <DisplayResult result={view.result} />
        ) : (
          <DisplaySpeakers speakers={view.speakers} offsetMs={offsetMs} />
        )}
      </>
    );
  }

  return (
    <div className={`display display--${mode}`}>
      {view && <DisplayHeader bodyName={view.bodyName} session={view.session} />}
      <main className="display__main">{content}</main>
      {view && (
        <footer className="display__footer">
          <p className="d-quorum">{t('display.quorum', { present: view.quorum.present, legal: view.quorum.legalMembers })}</p>
          {offline && (
            <p className="d-offline" role="status">
              {t('display.offline')}
            </p>
          )}
        </footer>
      )}
    </div>
  );
}
