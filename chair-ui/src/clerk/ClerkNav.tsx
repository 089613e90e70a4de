import { useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTx } from './shared';
import { CLERK_TAB_GROUPS, tabAfterKey, type ClerkTab, type ClerkTabGroup } from './tabs';

/** From this width on the tabs are a column at the left (the same breakpoint as in clerk.css). */
const WIDE = '(min-width: 1280px)';

function subscribeWide(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function isWide(): boolean {
  return window.matchMedia(WIDE).matches;
}

export function clerkTabId(tab: ClerkTab): string {
  return `tab-${tab}`;
}

export function clerkPanelId(tab: ClerkTab): string {
  return `panel-${tab}`;
}

/**
 * The clerk console's navigation: eight tabs in the groups "Sitzung" and "Register".
 *
 * ARIA pattern: one tablist, so that the arrow keys run through both groups and only the
 * selected tab is in the Tab order (roving tabindex). A tablist may own only tabs, so the group
 * wrappers (and their rows of tabs) are role="presentation" and the visible group headings are aria-hidden; each tab
 * carries its group's heading as its description (aria-describedby), which a screen reader reads
 * after the tab's name. aria-orientation follows the layout: vertical at the left on wide
 * screens, horizontal rows on narrow ones; all four arrow keys work in both.
 */
export function ClerkNav({ label, tab, onSelect, voteOpen }: { label: string; tab: ClerkTab; onSelect: (tab: ClerkTab) => void; voteOpen: boolean }) {
  const tx = useTx();
  const vertical = useSyncExternalStore(subscribeWide, isWide);
  const labels: Record<ClerkTab, string> = {
    entries: tx('Anwesenheit & Stimmen', 'Attendance & ballots'),
    results: tx('Ergebnisse & Korrekturen', 'Results & corrections'),
    notes: tx('Erklärungen & Vermerke', 'Declarations & notes'),
    exports: tx('Niederschrift & Export', 'Minutes & export'),
    members: tx('Mitglieder & Karten', 'Members & cards'),
    register: tx('Fraktionen & Einstellungen', 'Factions & settings'),
    import: tx('CSV-Import', 'CSV import'),
    devices: tx('Geräte', 'Devices'),
  };
  const headings: Record<ClerkTabGroup, string> = {
    session: tx('Sitzung', 'Session'),
    register: tx('Register', 'Register'),
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const next = tabAfterKey(tab, e.key);
    if (!next) return;
    e.preventDefault();
    onSelect(next);
    document.getElementById(clerkTabId(next))?.focus();
  };
  return (
    <div className="clerk-nav">
      <div className="clerk-nav__list" role="tablist" aria-label={label} aria-orientation={vertical ? 'vertical' : 'horizontal'}>
        {(Object.keys(CLERK_TAB_GROUPS) as ClerkTabGroup[]).map((group) => (
          <div key={group} className="clerk-nav__group" role="presentation">
            <span className="clerk-nav__heading" id={`tabgroup-${group}`} aria-hidden="true">
              {headings[group]}
            </span>
            <div className="clerk-nav__tabs" role="presentation">
              {CLERK_TAB_GROUPS[group].map((id) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={clerkTabId(id)}
                  aria-selected={tab === id}
                  aria-controls={tab === id ? clerkPanelId(id) : undefined}
                  aria-describedby={`tabgroup-${group}`}
                  tabIndex={tab === id ? 0 : -1}
                  className="clerk-nav__tab"
                  onClick={() => onSelect(id)}
                  onKeyDown={onKeyDown}
                >
                  <span className="clerk-nav__label">{labels[id]}</span>
                  {id === 'entries' && voteOpen && <span className="tag tag--current">{tx('Abstimmung läuft', 'Vote open')}</span>}
                </button>
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
