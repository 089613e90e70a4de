import { useEffect, useRef, useState } from 'react';
import { AgendaEditor } from '../agenda/AgendaEditor';
import { useAgendaText } from '../agenda/texts';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { StorageAlarm } from '../common/StorageAlarm';
import { CardAlerts } from './CardAlerts';
import { useI18n } from '../i18n';
import { useLive, type LiveConnection } from '../live';
import { AgendaList } from './AgendaList';
import { AttendancePanel } from './AttendancePanel';
import { DevicePanel } from './DevicePanel';
import { ChairHeader } from './ChairHeader';
import { ChairClientContext } from './context';
import { ItemPanel } from './ItemPanel';
import { ProcedurePanel } from './procedure/ProcedurePanel';
import { QuorumBox } from './QuorumBox';
import { VoteHistory } from './VoteHistory';
import { LifecycleBar } from '../conference/LifecycleBar';
import { MicPanel } from '../conference/MicPanel';
import { SpeakerPanel } from '../conference/SpeakerPanel';
import { useServerOffset } from '../../../ui-shared/countdown';
import { ExportsPage } from '../exports/ExportsPage';
import '../styles/chair.css';
import '../styles/conference.css';

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
  const offsetMs = useServerOffset(view?.serverTime);
  const a = useAgendaText();
  const [editingAgenda, setEditingAgenda] = useState(false);
  // the exports inside the console: its address is /chair/exports, the browser's back button returns
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    const onPop = () => setExporting(window.location.pathname.replace(/\/+$/, '').endsWith('/exports'));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const openExports = () => {
    window.history.pushState(null, '', '/chair/exports');
    setExporting(true);
  };
  const title = view ? `${t('chair.title')} – ${view.body.name}` : t('chair.title');
  useEffect(() => {
    if (!exporting) document.title = title;
  }, [title, exporting]);

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

  if (exporting) {
    // the chair may look at the files while a vote runs: the page says so, the way back is one button
    return <ExportsPage staff={{ role: 'chair', client: live.client }} onBack={() => window.history.back()} notice={view.vote ? t('chair.exportsVoteOpen') : null} />;
  }

  const currentItem = view.agenda.find((i) => i.id === view.currentItemId) ?? null;
  return (
    <ChairClientContext value={live.client}>
      <div className="chair">
        <ChairHeader body={view.body} session={view.session} conn={snapshot.conn} onExports={openExports} />
        <ConnectionBanner snapshot={snapshot} />
        <StorageAlarm alarm={view.storageAlarm} slow={view.storageSlow} />
        <CardAlerts alerts={view.cardAlerts} />
        <LifecycleBar lifecycle={view.lifecycle} voteOpen={view.vote !== null} />
        <main className="chair__grid" aria-label={t('chair.main')}>
          <div className="chair__col chair__col--left">
            <QuorumBox quorum={view.quorum} voteOpen={view.vote !== null} />
            {view.mics && <MicPanel mics={view.mics} />}
            <AgendaList agenda={view.agenda} currentItemId={view.currentItemId} history={view.history} voteOpen={view.vote !== null} />
            <button
              type="button"
              className="btn btn--secondary btn--block agenda-edit-toggle"
              aria-pressed={editingAgenda}
              onClick={() => setEditingAgenda((e) => !e)}
            >
              {a('edit.open')}
            </button>
          </div>
          <div className="chair__col chair__col--center" ref={center}>
            {editingAgenda ? (
              <AgendaEditor agenda={view.agenda} onDone={() => setEditingAgenda(false)} />
            ) : (
              <>
                <ItemPanel view={view} item={currentItem} />
                <ProcedurePanel view={view} />
                <SpeakerPanel key={view.speakers.itemId ?? '-'} speakers={view.speakers} attendance={view.attendance} offsetMs={offsetMs} />
              </>
            )}
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
