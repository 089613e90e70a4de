import type { Member } from '../protocol/register';
import type {
  AttendanceRow,
  ChairView,
  DisplayView,
  ItemView,
  MemberRef,
  SeatView,
  VoteResultView,
  VoteSummary,
} from '../protocol/views';
import { chairProcedureView, displayElectionView, seatProcedureShared, seatProcedureView, type SeatProcedureShared } from './procedure-views';
import type { MicsView } from '../protocol/conference';
import type { SeatMicView } from '../protocol/views';
import { chairSpeakersView, lifecycleView, publicSpeakersView, seatSpeakersView, viewNow } from './conference-views';
import { displayName, eligibleMembers, latestClosedVote, memberIneligibility, openVote, quorumOf } from './queries';
import { isActiveMember } from './register';
import type { CouncilState, VoteRecord } from './state';
import { memoByVersion } from './view-cache';

/**
 * Visibility: what each role may see, decided here and nowhere else. No view carries a
 * secret choice, because the state holds none (only the urn's counts).
 */

export function memberRef(state: CouncilState, m: Member): MemberRef {
  const f = m.factionId === null ? undefined : state.factions.get(m.factionId);
  return { id: m.id, name: displayName(m), factionId: m.factionId, factionShort: f?.shortName ?? null, factionColor: f?.color ?? null };
}

/**
 * Every member's reference, built again only when more than a ballot changed (names and factions
 * change with register events): the chair's "not voted" list of up to 1,000 members is made of
 * these ten times a second while ballots come in, and unchanged entries stay the same objects.
 */
export function memberRefs(state: CouncilState): ReadonlyMap<string, MemberRef> {
  return memoByVersion(state, 'memberRefs', () => new Map([...state.members.values()].map((m) => [m.id, memberRef(state, m)])));
}

function itemView(state: CouncilState, itemId: string | null): ItemView | null {
  const item = itemId === null ? undefined : state.items.get(itemId);
  return item ? { ...item } : null;
}

export function voteSummary(v: VoteRecord): VoteSummary {
  return {
    id: v.id,
    itemId: v.itemId,
    title: v.title,
    ...(v.motion === undefined ? {} : { motion: v.motion }),
    kind: v.kind,
    majority: v.majority,
    status: v.status,
    openedAt: v.openedAt,
    closedAt: v.closedAt,
  };
}

export type ResultAudience = 'chair' | 'public';

/**
 * The result of a closed vote for an audience. Named votes list every member; open votes list
 * members only for the chair, or publicly where the council's profile says so (RULES.md §4).
 */
export function resultView(state: CouncilState, v: VoteRecord, audience: ResultAudience): VoteResultView | null {
  const o = v.outcome;
  if (!o || v.closedAt === null) return null;
  const showChoices = v.kind === 'named' || (v.kind === 'open' && (audience === 'chair' || state.register?.profile.showIndividualOpenVotes === true));
  const named =
    showChoices && o.choices
      ? o.choices.flatMap(({ memberId, choice }) => {
          const m = state.members.get(memberId);
          return m ? [{ member: memberRef(state, m), choice }] : [];
        })
      : null;
  return {
    voteId: v.id,
    itemId: v.itemId,
    title: v.title,
    kind: v.kind,
    tally: o.tally,
    participants: o.participants,
    eligible: o.eligible,
    present: o.present,
    legalMembers: o.legalMembers,
    required: o.required,
    passed: o.passed,
    byFaction:
      o.byFaction?.map((row) => {
        const f = row.factionId === null ? undefined : state.factions.get(row.factionId);
        return {
          ...row,
          name: f?.name ?? 'Fraktionslos',
          shortName: f?.shortName ?? 'fraktionslos',
          color: f?.color ?? '#6b7280',
        };
      }) ?? null,
    named,
    closedAt: v.closedAt,
  };
}

function sessionHeader(state: CouncilState) {
  const r = state.register;
  return { bodyName: r?.body.name ?? '', title: r?.session.title ?? '', date: r?.session.date ?? '' };
}

/** The result shown with the current item until the next vote opens. */
function currentResult(state: CouncilState, audience: ResultAudience): VoteResultView | null {
  if (state.currentItemId === null || state.openVoteId !== null) return null;
  const v = latestClosedVote(state, state.currentItemId);
  return v ? resultView(state, v, audience) : null;
}

/** The parts of a seat view that are the same for every seat: computed once per publish. */
export interface SeatViewShared {
  session: SeatView['session'];
  item: ItemView | null;
  vote: VoteRecord | null;
  voteSummary: VoteSummary | null;
  result: VoteResultView | null;
  procedure?: SeatProcedureShared;
  lifecycle: SeatView['lifecycle'];
  speakers: ReturnType<typeof publicSpeakersView>;
  now: string;
}

export function seatViewShared(state: CouncilState, now?: string): SeatViewShared {
  const vote = openVote(state);
  const at = viewNow(state, now);
  return {
    session: sessionHeader(state),
    item: itemView(state, state.currentItemId),
    vote,
    voteSummary: vote ? voteSummary(vote) : null,
    result: currentResult(state, 'public'),
    procedure: seatProcedureShared(state),
    lifecycle: lifecycleView(state),
    // seats sit in the room: they see the list also in the non-public part
    speakers: publicSpeakersView(state, at, false),
    now: at,
  };
}

export function seatView(
  state: CouncilState,
  seatId: number,
  opts: { demo: boolean; reader: SeatView['reader']; mic?: SeatMicView | null; now?: string },
  shared: SeatViewShared = seatViewShared(state, opts.now),
): SeatView | null {
  const seat = state.seats.get(seatId);
  if (!seat) return null;
  const memberId = state.seatOccupant.get(seatId);
  const member = memberId === undefined ? undefined : state.members.get(memberId);
  const { vote, voteSummary: summary } = shared;
  let voteView: SeatView['vote'] = null;
  if (vote && summary) {
    const reason = member ? memberIneligibility(state, member, vote.itemId) : 'not-checked-in';
    const votedAt = member ? vote.participants.get(member.id) : undefined;
    const ballot = member && vote.kind !== 'secret' ? vote.ballots.get(member.id) : undefined;
    voteView = {
      summary,
      eligible: reason === null,
      ineligibleReason: reason,
      myBallot: votedAt === undefined ? null : { choice: ballot?.choice ?? null, at: votedAt },
    };
  }
  return {
    seat: { id: seat.id, label: seat.label },
    member: member ? { ...memberRef(state, member), votingRight: member.votingRight } : null,
    session: shared.session,
    item: shared.item,
    vote: voteView,
    result: shared.result,
    reader: opts.reader,
    demo: opts.demo,
    procedure: seatProcedureView(state, seatId, shared.procedure),
    lifecycle: shared.lifecycle,
    speakers: seatSpeakersView(shared.speakers, state, member?.id ?? null),
    mic: opts.mic ?? null,
    serverTime: shared.now,
  };
}

function attendanceRows(state: CouncilState): AttendanceRow[] {
  const members = [...state.members.values()].filter((m) => isActiveMember(state, m) || state.attendance.has(m.id));
  return members.map((m) => {
    const a = state.attendance.get(m.id);
    return {
      member: { ...memberRef(state, m), votingRight: m.votingRight, role: m.role },
      present: a !== undefined,
      seatId: a?.seatId ?? null,
      seatLabel: a ? (state.seats.get(a.seatId)?.label ?? String(a.seatId)) : null,
      manual: a !== undefined && a.cardUid === null,
      since: a?.since ?? state.lastLeft.get(m.id) ?? null,
      excludedOnCurrentItem: state.currentItemId !== null && (state.bias.get(state.currentItemId)?.has(m.id) ?? false),
    };
  });
}

/**
 * Closed and cancelled votes, newest first, with their corrections: the chair's and the clerk's
 * history, built again only when more than a ballot changed.
 */
export function voteHistory(state: CouncilState): ChairView['history'] {
  return memoByVersion(state, 'history', () => buildVoteHistory(state));
}

function buildVoteHistory(state: CouncilState): ChairView['history'] {
  return state.voteOrder
    .map((id) => state.votes.get(id))
    .filter((v): v is VoteRecord => v !== undefined && v.status !== 'open')
    .reverse()
    .map((v) => ({
      summary: voteSummary(v),
      result: resultView(state, v, 'chair'),
      cancelReason: v.cancelReason,
      corrections: state.corrections.get(v.id) ?? [],
    }));
}

function biasRows(state: CouncilState): ChairView['bias'] {
  const bias: ChairView['bias'] = [];
  for (const [itemId, members] of state.bias) {
    for (const [memberId, reason] of members) {
      const m = state.members.get(memberId);
      if (m) bias.push({ itemId, member: memberRef(state, m), reason });
    }
  }
  return bias;
}

export function chairView(state: CouncilState, opts: { now?: string; mics?: MicsView | null } = {}): ChairView {
  const r = state.register;
  const q = quorumOf(state);
  const vote = openVote(state);
  // the big lists below change only with events other than ballots: built once per change
  const attendance = memoByVersion(state, 'chair.attendance', () => attendanceRows(state));
  let voteView: ChairView['vote'] = null;
  if (vote) {
    const eligible = eligibleMembers(state, vote);
    const refs = memberRefs(state);
    voteView = {
      summary: voteSummary(vote),
      cast: vote.participants.size,
      eligible: eligible.length,
      notVoted:
        vote.kind === 'secret'
          ? null
          : eligible.flatMap((id) => {
              const ref = vote.participants.has(id) ? undefined : refs.get(id);
              return ref ? [ref] : [];
            }),
    };
  }
  const history = voteHistory(state);
  const bias = memoByVersion(state, 'chair.bias', () => biasRows(state));
  return {
    body: { name: r?.body.name ?? '', place: r?.body.place ?? '', legalMembers: q.legalMembers },
    session: { id: r?.session.id ?? '', title: r?.session.title ?? '', date: r?.session.date ?? '', startTime: r?.session.startTime ?? '' },
    agenda: memoByVersion(state, 'chair.agenda', () =>
      state.agendaOrder.flatMap((id) => {
        const i = state.items.get(id);
        return i ? [{ ...i }] : [];
      }),
    ),
    currentItemId: state.currentItemId,
    quorum: q,
    attendance,
    vote: voteView,
    history,
    bias,
    // request thresholds go over every present member: not again for every push while ballots come in
    procedure: memoByVersion(state, 'chair.procedure', () => chairProcedureView(state)),
    lifecycle: lifecycleView(state),
    speakers: chairSpeakersView(state, viewNow(state, opts.now)),
    mics: opts.mics ?? null,
    serverTime: viewNow(state, opts.now),
    cardAlerts: state.cardAuthFailures
      .map((f) => {
        const m = f.memberId === null ? undefined : state.members.get(f.memberId);
        return {
          at: f.at,
          seatId: f.seatId,
          seatLabel: f.seatId === null ? null : (state.seats.get(f.seatId)?.label ?? String(f.seatId)),
          uid: f.uid,
          member: m ? memberRef(state, m) : null,
          purpose: f.purpose,
        };
      })
      .reverse(),
  };
}

export function displayView(state: CouncilState, opts: { now?: string } = {}): DisplayView {
  const header = sessionHeader(state);
  const item = itemView(state, state.currentItemId);
  const nonPublic = item !== null && !item.public;
  const q = quorumOf(state);
  const vote = openVote(state);
  const votePublic = vote !== null && state.items.get(vote.itemId)?.public === true;
  return {
    bodyName: header.bodyName,
    session: { title: header.title, date: header.date },
    // the non-public part: the public display shows that it is, and nothing of it
    item: nonPublic ? null : item,
    nonPublic,
    quorum: { present: q.present, legalMembers: q.legalMembers, quorate: q.quorate },
    vote:
      vote && votePublic && !nonPublic
        ? { summary: voteSummary(vote), cast: vote.participants.size, eligible: eligibleMembers(state, vote).length }
        : null,
    result: nonPublic ? null : currentResult(state, 'public'),
    election: nonPublic ? null : displayElectionView(state),
    lifecycle: lifecycleView(state),
    speakers: publicSpeakersView(state, viewNow(state, opts.now), nonPublic),
    serverTime: viewNow(state, opts.now),
  };
}
