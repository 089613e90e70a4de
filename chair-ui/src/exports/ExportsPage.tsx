import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoleClient } from '../../../server/protocol/client';
import { ExportFormatName } from '../../../server/protocol/export-tickets';
import type { Bilingual } from '../../../server/protocol/labels';
import { sendCommand, type CommandOutcome } from '../../../ui-shared/live';
import { LangToggle } from '../common/LangToggle';
import { translate, useI18n } from '../i18n';
import { exportText, type ExportTextKey } from './texts';
import '../styles/exports.css';

/** What GET /api/export says about the recorded session. */
interface ExportListing {
  formats: string[];
  session: { id: string; title: string; date: string };
  log: { events: number; finalHash: string };
}

/** A failure's text in both languages (from the server's typed error), or null when unreachable. */
type Failure = { de: string; en: string } | null;
type State = { kind: 'loading' } | { kind: 'ready'; listing: ExportListing } | { kind: 'failed'; message: Failure };

/** The formats in the order the page offers them: the protocol's list. */
const FORMATS = ExportFormatName.options;
type Format = ExportFormatName;

/** The unlocked connection of this device: chair or clerk (both may ask for a download ticket). */
export type StaffClient = { role: 'chair'; client: RoleClient<'chair'> } | { role: 'clerk'; client: RoleClient<'clerk'> };

type Ticket = CommandOutcome<{ url: string; expiresAt: string }>;

function askTicket(staff: StaffClient, format: Format): Promise<Ticket> {
  return staff.role === 'chair' ? sendCommand(staff.client, 'exportTicket', { format }) : sendCommand(staff.client, 'exportTicket', { format });
}

function ticketProblem(outcome: Exclude<Ticket, { ok: true }>): Bilingual {
  if (outcome.kind === 'refused') return outcome.error.message;
  const key = outcome.kind === 'timeout' ? 'error.timeout' : 'error.offline';
  return { de: translate('de', key), en: translate('en', key) };
}

/** Starts the browser's download of a ticket's URL (the cookie goes with it: same origin). */
function startDownload(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

function isListing(v: unknown): v is ExportListing {
  if (!v || typeof v !== 'object') return false;
  const o = v as Partial<ExportListing>;
  return Array.isArray(o.formats) && typeof o.session?.title === 'string' && typeof o.log?.finalHash === 'string';
}

function failureOf(v: unknown, status: number): Failure {
  const m = v && typeof v === 'object' && 'message' in v ? v.message : null;
  if (m && typeof m === 'object' && 'de' in m && 'en' in m) return { de: String(m.de), en: String(m.en) };
  return { de: `HTTP ${status}`, en: `HTTP ${status}` };
}

/**
 * The downloads of the minutes and data: the session's facts, one button per format. Each
 * download first asks the device's unlocked connection for a one-time ticket. The body of the
 * exports page (headings from level 1) and of the clerk console's tab (from level 2).
 */
export function ExportsPanel({ staff, level, focusTitle = false }: { staff: StaffClient; level: 1 | 2; focusTitle?: boolean }) {
  const { lang } = useI18n();
  const tx = (key: ExportTextKey, params?: Readonly<Record<string, string>>) => exportText(lang, key, params);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState<Format | null>(null);
  const [problem, setProblem] = useState<{ format: Format; message: Bilingual } | null>(null);
  const Title = level === 1 ? 'h1' : 'h2';
  const FormatTitle = level === 1 ? 'h2' : 'h3';
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // shown in place of the console: a keyboard or screen reader starts here, not on a vanished link
    if (focusTitle) title.current?.focus();
  }, [focusTitle]);

  const download = useCallback(
    async (format: Format) => {
      setBusy(format);
      setProblem(null);
      try {
        const outcome = await askTicket(staff, format);
        if (outcome.ok) startDownload(outcome.data.url);
        else setProblem({ format, message: ticketProblem(outcome) });
      } finally {
        setBusy(null);
      }
    },
    [staff],
  );

  useEffect(() => {
    let current = true;
    const load = async (): Promise<State> => {
      try {
        const res = await fetch('/api/export', { cache: 'no-store' });
        const body: unknown = await res.json();
        return res.ok && isListing(body) ? { kind: 'ready', listing: body } : { kind: 'failed', message: failureOf(body, res.status) };
      } catch {
        return { kind: 'failed', message: null };
      }
    };
    void load().then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return (
    <>
      <Title ref={title} tabIndex={-1}>
        {tx('title')}
      </Title>
      <p className="exports__intro">{tx('intro')}</p>
      {state.kind === 'loading' && <p role="status">{tx('loading')}</p>}
      {state.kind === 'failed' && (
        <div className="exports__error" role="alert">
          <p>{state.message ? tx('failed', { message: state.message[lang] }) : tx('unreachable')}</p>
          <button type="button" className="btn btn--secondary" onClick={retry}>
            {tx('retry')}
          </button>
        </div>
      )}
      {state.kind === 'ready' && (
        <>
          <dl className="exports__facts">
            <dt>{tx('session')}</dt>
            <dd>{state.listing.session.title}</dd>
            <dt>{tx('events')}</dt>
            <dd>{state.listing.log.events}</dd>
            <dt>{tx('hash')}</dt>
            <dd className="exports__hash">{state.listing.log.finalHash}</dd>
          </dl>
          <ul className="exports__list">
            {FORMATS.filter((f) => state.listing.formats.includes(f)).map((f) => (
              <li key={f} className="exports__item">
                <FormatTitle id={`export-${f}`}>{tx(`${f}.title`)}</FormatTitle>
                <p>{tx(`${f}.desc`)}</p>
                <button
                  type="button"
                  className="btn btn--primary btn--lg"
                  aria-describedby={`export-${f}`}
                  disabled={busy !== null}
                  onClick={() => void download(f)}
                >
                  {busy === f ? tx('preparing') : tx('download')}
                </button>
                {problem?.format === f && (
                  <p className="exports__error" role="alert">
                    {tx('ticketFailed', { message: problem.message[lang] })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * The exports page: /chair/exports opened on its own (it asks for the PIN like the consoles), or
 * shown inside the chair console on its connection (`onBack` then returns to the console).
 */
export function ExportsPage({ staff, onBack, notice }: { staff: StaffClient; onBack?: () => void; notice?: string | null }) {
  const { lang } = useI18n();
  const back = `← ${exportText(lang, staff.role === 'clerk' ? 'backClerk' : 'back')}`;

  useEffect(() => {
    document.title = `${exportText(lang, 'title')} – Ratssaal`;
  }, [lang]);

  return (
    <div className="exports">
      <header className="exports__header">
        {onBack ? (
          <button type="button" className="btn btn--ghost" onClick={onBack}>
            {back}
          </button>
        ) : (
          <a className="btn btn--ghost" href={staff.role === 'clerk' ? '/clerk' : '/chair'}>
            {back}
          </a>
        )}
        <LangToggle />
      </header>
      <main className="exports__main">
        {notice && (
          <p className="exports__notice" role="status">
            {notice}
          </p>
        )}
        <ExportsPanel staff={staff} level={1} focusTitle={onBack !== undefined} />
      </main>
    </div>
  );
}
