import type { Choice, MajorityRule, VoteKind } from '../protocol/common';
import { CHOICE_LABELS, majorityLabel, VOTE_KIND_LABELS } from '../protocol/labels';

/** The council meets in Germany: the minutes show Berlin time, whatever the server's zone is. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export interface FormatOptions {
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, kind: 'time' | 'date' | 'weekdayDate' | 'parts'): Intl.DateTimeFormat {
  const key = `${timeZone}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'date'
          ? { day: 'numeric', month: 'long', year: 'numeric' }
          : kind === 'weekdayDate'
            ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
            : { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat('de-DE', { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "18:05" */
export function timeDe(iso: string, o: FormatOptions): string {
  return fmt(o.timeZone, 'time').format(new Date(iso));
}

/** "18:05 Uhr" */
export function clockDe(iso: string, o: FormatOptions): string {
  return `${timeDe(iso, o)} Uhr`;
}

/** "23. November 2026" from an ISO time. */
export function dateDe(iso: string, o: FormatOptions): string {
  return fmt(o.timeZone, 'date').format(new Date(iso));
}

/** "23. November 2026, 18:05 Uhr" */
export function dateTimeDe(iso: string, o: FormatOptions): string {
  return `${dateDe(iso, o)}, ${clockDe(iso, o)}`;
}

/** "Montag, 23. November 2026" from the session's local date "2026-11-23". */
export function sessionDateDe(date: string, withWeekday = true): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  // noon UTC is the same calendar day in Berlin all year round
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return fmt(DEFAULT_TIME_ZONE, withWeekday ? 'weekdayDate' : 'date').format(d);
}

/** Local date and time of an instant: { date: "2026-11-23", time: "18:05" }. */
export function localParts(iso: string, o: FormatOptions): { date: string; time: string } {
  const parts = Object.fromEntries(fmt(o.timeZone, 'parts').formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** "23.11.2026 18:05": the form German spreadsheets read as a date and time. */
export function spreadsheetTime(iso: string, o: FormatOptions): string {
  const p = localParts(iso, o);
  const [y, mo, d] = p.date.split('-');
  return `${d}.${mo}.${y} ${p.time}`;
}

export const choiceDe = (c: Choice): string => CHOICE_LABELS[c].de;
export const voteKindDe = (k: VoteKind): string => VOTE_KIND_LABELS[k].de;
export const majorityDe = (r: MajorityRule): string => majorityLabel(r, 'de');

export const ELECTION_MODE_DE = { persons: 'Wahl von Personen', joint: 'Einheitlicher Wahlvorschlag', lists: 'Verhältniswahl nach Listen' } as const;

/** An option of an election round in words: a candidate's or list's name, "Ja", "Nein" or "Enthaltung". */
export function electionOptionDe(e: { candidates: readonly { id: string; name: string }[] }, id: string): string {
  if (id === 'yes') return 'Ja';
  if (id === 'no') return 'Nein';
  if (id === 'abstain') return 'Enthaltung';
  return e.candidates.find((c) => c.id === id)?.name ?? id;
}

export const VOTING_RIGHT_DE = { full: 'voll', advisory: 'beratend', none: 'ohne Stimmrecht' } as const;
export const ROLE_DE = { mayor: 'Bürgermeister(in)', member: 'Ratsmitglied', officer: 'Verwaltung' } as const;
export const OUT_REASON_DE: Readonly<Record<string, string>> = {
  'card-removed': 'Karte entnommen',
  'card-tapped': 'Karte erneut aufgelegt',
  manual: 'von Hand abgemeldet',
};
