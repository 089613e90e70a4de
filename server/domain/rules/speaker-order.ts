/**
 * Speaker list rules (RULES.md §10), pure functions of plain data: the order of requests,
 * moving a request, speaking-time clocks (the caller passes "now") and speaking statistics.
 */

export type RequestKind = 'ordinary' | 'point-of-order';

export interface QueuedRequest {
  memberId: string;
  kind: RequestKind;
}

/**
 * The order in which requests get the floor: points of order ahead of the ordinary list, each
 * group in its recorded order (which includes the chair's moves).
 */
export function speakerOrder<T extends QueuedRequest>(requests: readonly T[]): T[] {
  return [...requests.filter((r) => r.kind === 'point-of-order'), ...requests.filter((r) => r.kind === 'ordinary')];
}

/**
 * Moves one request to a 0-based position within its own group (a point of order cannot be
 * moved behind the ordinary list, nor an ordinary request ahead of a point of order).
 * Positions beyond the end clamp to the end. Returns a new array; null when the request is not there.
 */
export function moveRequest<T extends QueuedRequest>(requests: readonly T[], memberId: string, kind: RequestKind, position: number): T[] | null {
  const moving = requests.find((r) => r.memberId === memberId && r.kind === kind);
  if (!moving) return null;
  const group = requests.filter((r) => r.kind === kind && r !== moving);
  const at = Math.max(0, Math.min(position, group.length));
  group.splice(at, 0, moving);
  const other = requests.filter((r) => r.kind !== kind);
  return kind === 'point-of-order' ? [...group, ...other] : [...other, ...group];
}

/** Position (1-based) of a member's request in the order; null when not queued. */
export function positionOf(requests: readonly QueuedRequest[], memberId: string, kind: RequestKind): number | null {
  const i = speakerOrder(requests).findIndex((r) => r.memberId === memberId && r.kind === kind);
  return i < 0 ? null : i + 1;
}

export interface FloorTiming {
  /** ISO time the floor was given (server time of the event). */
  since: string;
  /** Speaking time limit in seconds; 0: no limit. */
  limitS: number;
}

export interface FloorClock {
  elapsedS: number;
  /** Seconds left; negative when over time; null without a limit. */
  remainingS: number | null;
  overTime: boolean;
  /** When the time runs out (ISO); null without a limit. */
  endsAt: string | null;
}

/** The speaking clock at a given moment. Whole seconds, rounded down for elapsed time. */
export function floorClock(t: FloorTiming, now: string): FloorClock {
  const start = Date.parse(t.since);
  const elapsedMs = Math.max(0, Date.parse(now) - start);
  const elapsedS = Math.floor(elapsedMs / 1000);
  if (t.limitS <= 0) return { elapsedS, remainingS: null, overTime: false, endsAt: null };
  const endsMs = start + t.limitS * 1000;
  const remainingMs = endsMs - Math.max(start, Date.parse(now));
  return {
    elapsedS,
    remainingS: remainingMs >= 0 ? Math.ceil(remainingMs / 1000) : -Math.floor(-remainingMs / 1000),
    overTime: remainingMs <= 0,
    endsAt: new Date(endsMs).toISOString(),
  };
}

export interface Speech {
  memberId: string;
  itemId: string;
  kind: RequestKind;
  from: string;
  /** null: still speaking. */
  to: string | null;
}

export interface SpeakingTotals {
  count: number;
  seconds: number;
}

/** Length of a speech in whole seconds; a speech still running counts up to now. */
export function speechSeconds(s: Speech, now: string): number {
  const end = s.to ?? now;
  return Math.max(0, Math.floor((Date.parse(end) - Date.parse(s.from)) / 1000));
}

/**
 * Count and total time per key (member, faction ...). keyOf returns the group of a speech;
 * filter restricts to e.g. one item. Points of order count like any speech.
 */
export function speakingTotals(
  speeches: readonly Speech[],
  now: string,
  keyOf: (s: Speech) => string,
  filter: (s: Speech) => boolean = () => true,
): Map<string, SpeakingTotals> {
  const totals = new Map<string, SpeakingTotals>();
  for (const s of speeches) {
    if (!filter(s)) continue;
    const key = keyOf(s);
    const t = totals.get(key) ?? { count: 0, seconds: 0 };
    t.count += 1;
    t.seconds += speechSeconds(s, now);
    totals.set(key, t);
  }
  return totals;
}
