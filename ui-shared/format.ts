import type { Lang } from '../server/protocol/labels';

/** The council meets in Germany: times are shown in Berlin time whatever the device says. */
const ZONE = 'Europe/Berlin';
const LOCALE: Readonly<Record<Lang, string>> = { de: 'de-DE', en: 'en-GB' };

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, kind: 'time' | 'clock' | 'date' | 'weekdayDate'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hour12: false }
        : kind === 'clock'
          ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
          : kind === 'date'
            ? { day: 'numeric', month: 'long', year: 'numeric' }
            : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
    f = new Intl.DateTimeFormat(LOCALE[lang], { ...options, timeZone: ZONE });
    cache.set(key, f);
  }
  return f;
}

/** "17:04" from an ISO time (the caller adds "Uhr" through i18n). */
export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatter(lang, 'time').format(d);
}

/** "17:04:32" for the live clock. */
export function formatClock(d: Date, lang: Lang): string {
  return formatter(lang, 'clock').format(d);
}

/** "3. Dezember 2026" (or with weekday) from the session's local date "2026-12-03". */
export function formatSessionDate(date: string, lang: Lang, withWeekday = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  // noon UTC is the same calendar day in Berlin all year round
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return formatter(lang, withWeekday ? 'weekdayDate' : 'date').format(d);
}
