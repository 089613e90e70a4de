import { useEffect, useMemo, useState } from 'react';

/**
 * Speaking-time countdowns on every screen tick from the server's clock: the offset between the
 * server time stamped on the view and this device's clock when the view arrived, never from
 * the device clock alone (a kiosk's clock may be minutes off).
 */

/** Milliseconds to add to Date.now() to get the server's time. */
export function serverOffset(serverTime: string, receivedAtMs: number): number {
  const t = Date.parse(serverTime);
  return Number.isNaN(t) ? 0 : t - receivedAtMs;
}

/** Whole seconds left until endsAt (negative: over time), at the device time nowMs. */
export function secondsLeft(endsAt: string, offsetMs: number, nowMs: number): number {
  const ms = Date.parse(endsAt) - (nowMs + offsetMs);
  return ms >= 0 ? Math.ceil(ms / 1000) : -Math.floor(-ms / 1000);
}

/** Whole seconds since an ISO time, on the server's clock. */
export function secondsSince(since: string, offsetMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs + offsetMs - Date.parse(since)) / 1000));
}

/** "4:05", "0:00", "−1:12" (a true minus sign), "1:02:03" beyond an hour. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${r}` : `${sign}${m}:${r}`;
}

/** The server offset of the latest view: recomputed whenever a view with a new serverTime arrives. */
export function useServerOffset(serverTime: string | undefined): number {
  // eslint-disable-next-line react-hooks/purity -- the arrival time of this view is the point of the measurement
  return useMemo(() => (serverTime ? serverOffset(serverTime, Date.now()) : 0), [serverTime]);
}

/** Device time in ms, renewed every 250 ms while active (a countdown must not skip a second). */
export function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
