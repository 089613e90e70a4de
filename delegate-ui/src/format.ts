/** ISO time -> "17:42" in the device's time zone (the town hall's). */
export function formatClock(iso: string, locale: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(t);
}
