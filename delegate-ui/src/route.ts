/** What the address asks for: a seat, the seat picker, or a path that is not a seat. */
export type Route = { kind: 'seat'; seatId: number } | { kind: 'picker'; invalid: boolean };

export const MAX_SEAT_ID = 9999;

export function parseSeatId(text: string): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= MAX_SEAT_ID ? n : null;
}

/** /seat/12 -> seat 12; /seat/ -> picker; /seat/abc -> picker with a hint. */
export function routeOf(pathname: string): Route {
  const rest = pathname.replace(/^\/seat\/?/, '').replace(/\/+$/, '');
  if (rest === '') return { kind: 'picker', invalid: false };
  const seatId = parseSeatId(decodeURIComponent(rest));
  return seatId === null ? { kind: 'picker', invalid: true } : { kind: 'seat', seatId };
}

export function seatPath(seatId: number): string {
  return `/seat/${seatId}`;
}
