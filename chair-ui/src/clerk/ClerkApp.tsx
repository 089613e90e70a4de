import { useCallback, useEffect, useRef, useState } from 'react';
import { formatSessionDate } from '../../../ui-shared/format';
import { Clock } from '../common/Clock';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { ConnectionStatus } from '../common/ConnectionStatus';
import { LangToggle } from '../common/LangToggle';
import { LockButton } from '../devices/DeviceGate';
import { useI18n } from '../i18n';
import { useLive, type LiveConnection } from '../live';
import { EntriesTab } from './EntriesTab';
import { ImportTab } from './ImportTab';
import { MembersTab } from './MembersTab';
import { NotesTab } from './NotesTab';
import { RegisterTab } from './RegisterTab';
import { ResultsTab } from './ResultsTab';
import { ClerkNav, clerkPanelId, clerkTabId } from './ClerkNav';
import { ClerkClientContext, useTx } from './shared';
import { StorageAlarm } from '../common/StorageAlarm';
import { tabFromHash, type ClerkTab } from './tabs';
import { DevicesTab } from './devices/DevicesTab';
import { ExportsPanel } from '../exports/ExportsPage';
import '../styles/exports.css';
import '../styles/chair.css';
import '../styles/clerk.css';

/** The selected tab is the address's fragment (`/clerk#notes`), so that a reload keeps it. */
function useTabInAddress(): [ClerkTab, (tab: ClerkTab) => void] {
  const [tab, setTab] = useState<ClerkTab>(() => tabFromHash(window.location.hash));
  useEffect(() => {
    // typed into the address bar or followed from a link
    const onHashChange = () => setTab(tabFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const select = useCallback((next: ClerkTab) => {
    setTab(next);
    // replaced, not pushed: the back button leaves the console instead of walking through its tabs
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}#${next}`);
  }, []);
  return [tab, select];
}

/** The clerk (Schriftführung): register, cards, manual entries and corrections, the minutes. */
export function ClerkApp({ live }: { live: LiveConnection<'clerk'> }) {
  const snapshot = useLive(live);
  const { t, lang } = useI18n();
  const tx = useTx();
  const [tab, selectTab] = useTabInAddress();
  const mainRef = useRef<HTMLElement>(null);
  const view = snapshot.view;
  const title = tx('Schriftführung', 'Clerk');
  useEffect(() => {
    document.title = view ? `${title} – ${view.body.name}` : title;
  }, [title, view]);

  const select = (next: ClerkTab) => {
    selectTab(next);
    // far down a long table: the chosen tab starts at its top, not somewhere in its middle
    if ((mainRef.current?.getBoundingClientRect().top ?? 0) < 0) window.scrollTo({ top: 0 });
  };

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
  return (
    <ClerkClientContext value={live.client}>
      <div className="chair clerk">
        <header className="chair-header">
          <div className="chair-header__brand">
            <span className="brand__mark" aria-hidden="true" />
            <span className="chair-header__role">{title}</span>
          </div>
          <div className="chair-header__session">
            <p className="chair-header__body">{view.body.name}</p>
            <h1 className="chair-header__title">{view.session.title}</h1>
            <p className="chair-header__date">{formatSessionDate(view.session.date, lang, true)}</p>
          </div>
          <div className="chair-header__tools">
            <ConnectionStatus conn={snapshot.conn} />
            <Clock className="chair-header__clock" />
            <LangToggle />
            <LockButton />
          </div>
        </header>
        <ConnectionBanner snapshot={snapshot} />
        <StorageAlarm alarm={view.storageAlarm} slow={view.storageSlow} />
        <div className="clerk__body">
          <ClerkNav label={title} tab={tab} onSelect={select} voteOpen={view.vote !== null} />
          <main className="clerk__main" ref={mainRef}>
            <div className="clerk__panel" role="tabpanel" id={clerkPanelId(tab)} aria-labelledby={clerkTabId(tab)}>
              {tab === 'members' && <MembersTab view={view} />}
              {tab === 'register' && <RegisterTab view={view} />}
              {tab === 'import' && <ImportTab />}
              {tab === 'entries' && <EntriesTab view={view} />}
              {tab === 'results' && <ResultsTab view={view} />}
              {tab === 'notes' && <NotesTab view={view} />}
              {tab === 'exports' && <ExportsPanel staff={{ role: 'clerk', client: live.client }} level={2} />}
              {tab === 'devices' && <DevicesTab view={view} />}
            </div>
          </main>
        </div>
      </div>
    </ClerkClientContext>
  );
}
