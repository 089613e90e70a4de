import type { ClerkView } from '../protocol/clerk';
import { PROCEDURE_DEFAULTS } from '../protocol/register';
import { displayName, memberIneligibility, openVote, quorumOf } from './queries';
import { isActiveMember } from './register';
import type { CouncilState, VoteRecord } from './state';
import { memoByVersion } from './view-cache';
import { memberRef, memberRefs, voteHistory, voteSummary } from './views';

const PROFILE_DEFAULTS: ClerkView['profile'] = {
  loginModel: 'card-present',
  showIndividualOpenVotes: false,
  namedVoteRequest: PROCEDURE_DEFAULTS.namedVoteRequest,
  secretVoteRequest: PROCEDURE_DEFAULTS.secretVoteRequest,
  election: PROCEDURE_DEFAULTS.election,
  speakingTimeSeconds: 300,
  speakingTimeAtZero: 'warn',
  cardAuthentication: 'uid',
};

/** What the clerk's view shows besides the log: the card mode lives in the server, not in the record. */
export interface ClerkExtras {
  cardMode: ClerkView['cardMode'];
  lastCardResult: ClerkView['lastCardResult'];
}

/**
 * The clerk sees the register as it stands (including retired members and revoked cards), who
 * is present and how they came in, who has voted in the open vote (never how), and every
 * result with its corrections.
 */
/** The clerk's view of the record; the server adds the device list, which is not part of the record. */
export function clerkView(state: CouncilState, extras: ClerkExtras): Omit<ClerkView, 'devices'> {
  // the register's lists change only with more than a ballot: kept between ballots (so is the history)
  const register = memoByVersion(state, 'clerk.register', () => registerLists(state));
  const r = state.register;
  const vote = openVote(state);
  return {
    body: { name: r?.body.name ?? '', place: r?.body.place ?? '', legalMembers: r?.body.legalMembers ?? 0 },
    session: { id: r?.session.id ?? '', title: r?.session.title ?? '', date: r?.session.date ?? '' },
    // a log recorded before a setting existed holds no value for it: show its default
    profile: { ...PROFILE_DEFAULTS, ...r?.profile },
    ...register,
    quorum: quorumOf(state),
    cardMode: extras.cardMode,
    lastCardResult: extras.lastCardResult,
    // secret votes take no manual ballots, and the clerk sees no more of who took part than the chair
    vote: vote ? { summary: voteSummary(vote), rows: vote.kind === 'secret' ? [] : voteRows(state, vote) } : null,
    history: voteHistory(state),
    agenda: state.agendaOrder.flatMap((id) => {
      const item = state.items.get(id);
      return item ? [{ id, number: item.number, title: item.title }] : [];
    }),
    recordNotes: recordNotes(state),
  };
}

function recordNotes(state: CouncilState): ClerkView['recordNotes'] {
  return [...state.recordNotes.values()].map((n) => {
    const item = n.itemId === null ? undefined : state.items.get(n.itemId);
    const member = n.memberId === null ? undefined : state.members.get(n.memberId);
    return {
      id: n.id,
      itemId: n.itemId,
      itemLabel: n.itemId === null ? null : item ? `TOP ${item.number} – ${item.title}` : n.itemId,
      kind: n.kind,
      member: member ? memberRef(state, member) : null,
      text: n.text,
      at: n.at,
      withdrawn: n.withdrawn,
    };
  });
}

function registerLists(state: CouncilState): Pick<ClerkView, 'factions' | 'members' | 'cards' | 'seats'> {
  const cardsOf = new Map<string, string[]>();
  for (const [uid, memberId] of state.cards) cardsOf.set(memberId, [...(cardsOf.get(memberId) ?? []), uid]);
  const factionSize = new Map<string, number>();
  const members = [...state.members.values()].map((m) => {
    const active = isActiveMember(state, m);
    if (active && m.factionId !== null) factionSize.set(m.factionId, (factionSize.get(m.factionId) ?? 0) + 1);
    const a = state.attendance.get(m.id);
    return {
      member: m,
      name: displayName(m),
      active,
      present: a !== undefined,
      seatId: a?.seatId ?? null,
      seatLabel: a ? (state.seats.get(a.seatId)?.label ?? String(a.seatId)) : null,
      manual: a !== undefined && a.cardUid === null,
      cards: cardsOf.get(m.id) ?? [],
    };
  });
  const nameOf = (id: string) => {
    const m = state.members.get(id);
    return m ? displayName(m) : id;
  };
  const cards: ClerkView['cards'] = [
    ...[...state.cards].map(([uid, memberId]) => ({
      uid,
      memberId,
      memberName: nameOf(memberId),
      status: 'active' as const,
      registeredAt: state.cardRegisteredAt.get(uid) ?? null,
      revokedAt: null,
      reason: null,
    })),
    ...[...state.revokedCards].map(([uid, rev]) => ({
      uid,
      memberId: rev.memberId,
      memberName: nameOf(rev.memberId),
      status: 'revoked' as const,
      registeredAt: state.cardRegisteredAt.get(uid) ?? null,
      revokedAt: rev.at,
      reason: rev.reason,
    })),
  ];
  return {
    factions: [...state.factions.values()].map((f) => ({ ...f, members: factionSize.get(f.id) ?? 0 })),
    members,
    cards,
    seats: [...state.seats.values()].map((s) => {
      const id = state.seatOccupant.get(s.id);
      const m = id === undefined ? undefined : state.members.get(id);
      return { ...s, occupant: m ? memberRef(state, m) : null };
    }),
  };
}

function voteRows(state: CouncilState, vote: VoteRecord): NonNullable<ClerkView['vote']>['rows'] {
  const refs = memberRefs(state);
  return [...state.members.values()]
    .filter((m) => isActiveMember(state, m) && m.votingRight === 'full')
    .map((m) => ({
      member: refs.get(m.id) ?? memberRef(state, m),
      present: state.attendance.has(m.id),
      ineligibleReason: vote.participants.has(m.id) ? null : memberIneligibility(state, m, vote.itemId),
      voted: vote.participants.has(m.id),
      manual: vote.ballots.get(m.id)?.manual !== undefined,
    }));
}
