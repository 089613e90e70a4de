import { useEffect, useState } from 'react';
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
import { ClerkClientContext, useTx } from './shared';
import { DevicesTab } from './devices/DevicesTab';
import { ExportsPanel } from '../exports/ExportsPage';
import '../styles/exports.css';
import '../styles/chair.css';
import '../styles/clerk.css';

type Tab = 'members' | 'register' | 'import' | 'entries' | 'results' | 'notes' | 'exports' | 'devices';

/** The clerk (Schriftführung): register, cards, manual entries and corrections, the minutes. */
export function ClerkApp({ live }: { live: LiveConnection<'clerk'> }) {
  const snapshot = useLive(live);
  const { t, lang } = useI18n();
  const tx = useTx();
  const [tab, setTab] = useState<Tab>('members');
  const view = snapshot.view;
  const title = tx('Schriftführung', 'Clerk');
  useEffect(() => {
    document.title = view ? `${title} – ${view.body.name}` : title;
  }, [title, view]);

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
  const tabs: { id: Tab; label: string }[] = [
    { id: 'members', label: tx('Mitglieder & Karten', 'Members & cards') },
    { id: 'register', label: tx('Fraktionen & Einstellungen', 'Factions & settings') },
    { id: 'import', label: tx('CSV-Import', 'CSV import') },
    { id: 'entries', label: tx('Anwesenheit & Stimmen', 'Attendance & ballots') },
    { id: 'results', label: tx('Ergebnisse & Korrekturen', 'Results & corrections') },
    { id: 'notes', label: tx('Erklärungen & Vermerke', 'Declarations & notes') },
    { id: 'exports', label: tx('Niederschrift & Export', 'Minutes & export') },
    { id: 'devices', label: tx('Geräte', 'Devices') },
  ];
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
        <nav className="clerk-tabs" role="tablist" aria-label={title}>
          {tabs.map((x) => (
            <button
              key={x.id}
              type="button"
              role="tab"
              id={`tab-${x.id}`}
              aria-selected={tab === x.id}
              aria-controls={`panel-${x.id}`}
              className="clerk-tabs__tab"
              onClick={() => setTab(x.id)}
            >
              {x.label}
              {x.id === 'entries' && view.vote && <span className="tag tag--current">{tx('Abstimmung läuft', 'Vote open')}</span>}
            </button>
          ))}
        </nav>
        <main className="clerk__main" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'members' && <MembersTab view={view} />}
          {tab === 'register' && <RegisterTab view={view} />}
          {tab === 'import' && <ImportTab />}
          {tab === 'entries' && <EntriesTab view={view} />}
          {tab === 'results' && <ResultsTab view={view} />}
          {tab === 'notes' && <NotesTab view={view} />}
          {tab === 'exports' && <ExportsPanel staff={{ role: 'clerk', client: live.client }} level={2} />}
          {tab === 'devices' && <DevicesTab view={view} />}
        </main>
      </div>
    </ClerkClientContext>
  );
}
