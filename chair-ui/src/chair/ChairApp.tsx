import { useEffect, useRef } from 'react';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { useI18n } from '../i18n';
import { useLive, type LiveConnection } from '../live';
import { AgendaList } from './AgendaList';
import { AttendancePanel } from './AttendancePanel';
import { DevicePanel } from './DevicePanel';
import { ChairHeader } from './ChairHeader';
import { ChairClientContext } from './context';
import { ItemPanel } from './ItemPanel';
import { QuorumBox } from './QuorumBox';
import { VoteHistory } from './VoteHistory';
import '../styles/chair.css';

export function ChairApp({ live }: { live: LiveConnection<'chair'> }) {
  const snapshot = useLive(live);
  const { t } = useI18n();
  const view = snapshot.view;
  const center = useRef<HTMLDivElement>(null);
  const currentItemId = view?.currentItemId ?? null;
  const openVoteId = view?.vote?.summary.id ?? null;
  useEffect(() => {
    // a new item, a vote opening or its result: each starts at the top, not where the form was scrolled to
    center.current?.scrollTo({ top: 0 });
  }, [currentItemId, openVoteId]);
  const title = view ? `${t('chair.title')} – ${view.body.name}` : t('chair.title');
  useEffect(() => {
    document.title = title;
  }, [title]);

  if (!view) {
    return (
      <div className="chair chair--waiting">
        <ConnectionBanner snapshot={snapshot} />
        <main className="waiting">
          <div className="waiting__spinner" aria-hidden="true" />
          <p role="status">{t('conn.waiting')}</p>
        </main>
      </div>
    );
  }

  const currentItem = view.agenda.find((i) => i.id === view.currentItemId) ?? null;
  return (
    <ChairClientContext value={live.client}>
      <div className="chair">
        <ChairHeader body={view.body} session={view.session} conn={snapshot.conn} />
        <ConnectionBanner snapshot={snapshot} />
        <main className="chair__grid" aria-label={t('chair.main')}>
          <div className="chair__col chair__col--left">
            <QuorumBox quorum={view.quorum} voteOpen={view.vote !== null} />
            <AgendaList agenda={view.agenda} currentItemId={view.currentItemId} history={view.history} voteOpen={view.vote !== null} />
          </div>
          <div className="chair__col chair__col--center" ref={center}>
            <ItemPanel view={view} item={currentItem} />
            <VoteHistory history={view.history} agenda={view.agenda} />
          </div>
          <div className="chair__col chair__col--right">
            <AttendancePanel attendance={view.attendance} bias={view.bias} currentItem={currentItem} />
            <DevicePanel devices={view.devices} />
          </div>
        </main>
      </div>
    </ChairClientContext>
  );
}
