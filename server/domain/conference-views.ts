import type { LifecycleView } from '../protocol/conference';
import type { ChairSpeakersView, FloorView, PublicSpeakersView, SeatSpeakersView } from '../protocol/views';
import { floorClock, speakerOrder, speakingTotals } from './rules/speaker-order';
import { listOf, speakingLimit } from './speakers';
import type { CouncilState } from './state';
import { memberRef } from './views';

/** How many upcoming speakers the display and the seats show. */
export const NEXT_SPEAKERS_SHOWN = 5;

/** "now" for views: the server clock when given, else the time of the last event (tests, replays). */
export function viewNow(state: CouncilState, now: string | undefined): string {
  return now ?? state.lastAt ?? new Date(0).toISOString();
}

export function lifecycleView(state: CouncilState): LifecycleView {
  const l = state.lifecycle;
  const last = l.interruptions.at(-1);
  return {
    status: l.status,
    openedAt: l.openedAt,
    closedAt: l.closedAt,
    interruption: l.status === 'interrupted' && last ? { reason: last.reason, since: last.from } : null,
    interruptions: l.interruptions.map((i) => ({ ...i })),
  };
}

function floorView(state: CouncilState, now: string): FloorView | null {
  const f = state.speakers.floor;
  const m = f ? state.members.get(f.memberId) : undefined;
  if (!f || !m) return null;
  const seatId = state.attendance.get(m.id)?.seatId ?? null;
  return {
    itemId: f.itemId,
    member: memberRef(state, m),
    seatId,
    seatLabel: seatId === null ? null : (state.seats.get(seatId)?.label ?? String(seatId)),
    kind: f.kind,
    since: f.since,
    limitS: f.limitS,
    endsAt: floorClock(f, now).endsAt,
    atZero: state.register?.profile.speakingTimeAtZero ?? 'warn',
  };
}

function orderedQueue(state: CouncilState) {
  const itemId = state.currentItemId;
  return itemId === null ? [] : speakerOrder(listOf(state, itemId).requests);
}

export function chairSpeakersView(state: CouncilState, now: string): ChairSpeakersView {
  const itemId = state.currentItemId;
  const list = itemId === null ? null : listOf(state, itemId);
  const speeches = state.speakers.speeches;
  const onItem = speakingTotals(speeches, now, (s) => s.memberId, (s) => s.itemId === itemId);
  const queue = orderedQueue(state).flatMap((r, i) => {
    const m = state.members.get(r.memberId);
    return m
      ? [{ position: i + 1, member: memberRef(state, m), kind: r.kind, byHand: r.byHand, requestedAt: r.at, onItem: onItem.get(m.id) ?? { count: 0, seconds: 0 } }]
      : [];
  });
  const perMember = speakingTotals(speeches, now, (s) => s.memberId);
  const factionKey = (memberId: string) => state.members.get(memberId)?.factionId ?? '';
  const perFaction = speakingTotals(speeches, now, (s) => factionKey(s.memberId));
  const members = [...state.members.values()].flatMap((m) => {
    const t = perMember.get(m.id);
    return t ? [{ member: memberRef(state, m), ...t }] : [];
  });
  const factions = [...state.factions.values(), null].flatMap((f) => {
    const t = perFaction.get(f?.id ?? '');
    if (!t) return [];
    return [
      {
        factionId: f?.id ?? null,
        name: f?.name ?? 'Fraktionslos',
        shortName: f?.shortName ?? 'fraktionslos',
        color: f?.color ?? '#6b7280',
        ...t,
      },
    ];
  });
  return {
    itemId,
    closed: list?.closed ?? false,
    limitS: itemId === null ? (state.register?.profile.speakingTimeSeconds ?? 300) : speakingLimit(state, itemId),
    floor: floorView(state, now),
    queue,
    stats: { members, factions },
  };
}

/** The display's part: nothing of the non-public part. */
export function publicSpeakersView(state: CouncilState, now: string, nonPublic: boolean): PublicSpeakersView {
  if (nonPublic) return { floor: null, next: [], closed: false };
  const itemId = state.currentItemId;
  return {
    floor: floorView(state, now),
    next: orderedQueue(state)
      .slice(0, NEXT_SPEAKERS_SHOWN)
      .flatMap((r, i) => {
        const m = state.members.get(r.memberId);
        return m ? [{ position: i + 1, member: memberRef(state, m), kind: r.kind }] : [];
      }),
    closed: itemId === null ? false : listOf(state, itemId).closed,
  };
}

export function seatSpeakersView(shared: PublicSpeakersView, state: CouncilState, memberId: string | null): SeatSpeakersView {
  const queue = orderedQueue(state);
  const mine =
    memberId === null
      ? []
      : queue.flatMap((r, i) => (r.memberId === memberId ? [{ kind: r.kind, position: i + 1 }] : []));
  return { ...shared, mine, queued: queue.length };
}
