import type { ChairProcedureView, DisplayElectionView, ElectionView, RoundView, SeatElectionView, SeatProcedureView } from '../protocol/procedure';
import type { MemberRef } from '../protocol/views';
import { isInterrupted, type ElectionRecord, type ElectionRound } from './procedure-state';
import { kindRequiredFor, requestThresholds } from './procedure';
import { memberIneligibility } from './queries';
import type { CouncilState } from './state';
import { memoByVersion } from './view-cache';
import { memberRef } from './views';

/**
 * Views of the procedure, per audience. Secret rounds show counts only once closed, and only
 * the urn's counts; no view ever pairs a member with a secret option (the state holds none).
 */

function ref(state: CouncilState, memberId: string): MemberRef[] {
  const m = state.members.get(memberId);
  return m ? [memberRef(state, m)] : [];
}

/** Members who may vote in a round now, or have voted in it and since left. */
function roundEligible(state: CouncilState, e: ElectionRecord, r: ElectionRound): number {
  let n = 0;
  for (const m of state.members.values()) {
    if (r.participants.has(m.id) || memberIneligibility(state, m, e.itemId) === null) n += 1;
  }
  return n;
}

function roundView(state: CouncilState, e: ElectionRecord, r: ElectionRound, audience: 'chair' | 'public'): RoundView {
  const o = r.outcome;
  let counts: Record<string, number> | null = null;
  let valid: number | null = null;
  let needed: number | null = null;
  let decision: RoundView['decision'] = null;
  let seats: Record<string, number> | null = null;
  if (o?.mode === 'persons') {
    counts = o.result.counts;
    valid = o.result.valid;
    needed = o.result.needed;
    decision = o.result.decision.kind;
  } else if (o?.mode === 'joint') {
    counts = { [r.candidates[0] ?? '']: o.yes, no: o.no, ...(r.options.includes('abstain') ? { abstain: o.abstentions } : {}) };
    valid = o.yes + o.no;
    decision = o.accepted ? 'accepted' : 'rejected';
  } else if (o?.mode === 'lists') {
    counts = { ...o.votes, ...(r.options.includes('abstain') ? { abstain: o.abstentions } : {}) };
    valid = Object.values(o.votes).reduce((a, b) => a + b, 0);
    seats = o.apportionment.seats;
    decision = o.apportionment.tie ? 'seats-tied' : 'seats';
  }
  const showNamed = audience === 'chair' && !r.secret && r.status === 'closed';
  return {
    round: r.round,
    runoff: r.runoff,
    secret: r.secret,
    candidates: r.candidates,
    options: r.options,
    status: r.status,
    cast: r.participants.size,
    eligible: roundEligible(state, e, r),
    counts,
    valid,
    needed,
    decision,
    seats,
    lot: r.lot,
    named: showNamed ? [...r.ballots].flatMap(([id, b]) => ref(state, id).map((member) => ({ member, option: b.option }))) : null,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
  };
}

export function electionView(state: CouncilState, e: ElectionRecord, audience: 'chair' | 'public'): ElectionView {
  const result: ElectionView['result'] =
    e.result?.kind === 'elected'
      ? { kind: 'elected', candidateId: e.result.candidateId, name: e.candidates.find((c) => c.id === (e.result as { candidateId: string }).candidateId)?.name ?? '' }
      : e.result;
  return {
    id: e.id,
    itemId: e.itemId,
    title: e.title,
    mode: e.mode,
    seats: e.seats,
    method: e.method,
    candidates: e.candidates.map((c) => ({
      id: c.id,
      name: c.name,
      memberId: c.memberId,
      factionId: c.factionId,
      factionShort: c.factionId === null ? null : (state.factions.get(c.factionId)?.shortName ?? null),
    })),
    status: e.status,
    secret: e.objections.size > 0,
    objections: e.objections.size,
    rounds: e.rounds.map((r) => roundView(state, e, r, audience)),
    pending: e.pending,
    result,
    cancelReason: e.cancelReason,
  };
}

export function chairProcedureView(state: CouncilState): ChairProcedureView {
  const p = state.procedure;
  const requests: ChairProcedureView['requests'] = [];
  for (const [itemId, r] of p.requests) {
    const t = requestThresholds(state, itemId);
    for (const kind of ['named', 'secret'] as const) {
      const decisions = r.decisions.filter((d) => d.kind === kind);
      if (r[kind].size === 0 && decisions.length === 0) continue;
      requests.push({
        itemId,
        kind,
        supporters: [...r[kind].keys()].flatMap((id) => ref(state, id)),
        required: t[kind].required,
        faction: t[kind].faction,
        met: t[kind].met,
        decisions: decisions.map(({ kind: _k, ...d }) => d),
      });
    }
  }
  const open = state.openVoteId;
  const interruption = open !== null && isInterrupted(p, open) ? p.interruptions.get(open)?.at(-1) : undefined;
  return {
    requests,
    requiredKind: state.currentItemId === null ? null : kindRequiredFor(state, state.currentItemId),
    interrupted: open !== null && interruption ? { voteId: open, reason: interruption.reason, since: interruption.at } : null,
    repeats: [...p.repeats].map(([voteId, r]) => ({ voteId, ...r })),
    templates: p.templateOrder.flatMap((id) => {
      const t = p.templates.get(id);
      return t ? [{ id: t.id, itemId: t.itemId, title: t.title, ...(t.motion === undefined ? {} : { motion: t.motion }), kind: t.kind, majority: t.majority }] : [];
    }),
    elections: p.electionOrder.flatMap((id) => {
      const e = p.elections.get(id);
      return e ? [electionView(state, e, 'chair')] : [];
    }),
  };
}

/** The election on the screens: the one with an open round, else the latest of the current item. */
export function currentElection(state: CouncilState): ElectionRecord | null {
  const p = state.procedure;
  if (p.openElectionId !== null) return p.elections.get(p.openElectionId) ?? null;
  for (let i = p.electionOrder.length - 1; i >= 0; i -= 1) {
    const e = p.elections.get(p.electionOrder[i] ?? '');
    if (e && e.itemId === state.currentItemId && e.status !== 'cancelled') return e;
  }
  return null;
}

function publicRound(state: CouncilState, e: ElectionRecord): Omit<RoundView, 'named'> | null {
  const r = e.rounds.at(-1);
  if (!r) return null;
  const { named: _n, ...rest } = roundView(state, e, r, 'public');
  return rest;
}

/** The parts of the seats' procedure view that are the same for every seat: computed once per publish. */
export interface SeatProcedureShared {
  thresholds: ReturnType<typeof requestThresholds> | null;
  election: ElectionRecord | null;
  summary: Omit<ElectionView, 'rounds'> | null;
  round: Omit<RoundView, 'named'> | null;
}

export function seatProcedureShared(state: CouncilState): SeatProcedureShared {
  // the request thresholds go over every present member: built again only when more than a ballot changed
  return memoByVersion(state, 'seat.procedure', () => buildSeatProcedureShared(state));
}

function buildSeatProcedureShared(state: CouncilState): SeatProcedureShared {
  const e = currentElection(state);
  const summary = e ? (({ rounds: _r, ...rest }) => rest)(electionView(state, e, 'public')) : null;
  return {
    thresholds: state.currentItemId === null ? null : requestThresholds(state, state.currentItemId),
    election: e,
    summary,
    round: e ? publicRound(state, e) : null,
  };
}

export function seatProcedureView(state: CouncilState, seatId: number, shared: SeatProcedureShared = seatProcedureShared(state)): SeatProcedureView {
  const memberId = state.seatOccupant.get(seatId);
  const member = memberId === undefined ? undefined : state.members.get(memberId);
  const itemId = state.currentItemId;
  let requests: SeatProcedureView['requests'] = null;
  if (itemId !== null && shared.thresholds) {
    const r = state.procedure.requests.get(itemId);
    const t = shared.thresholds;
    const voteOpenHere = state.openVoteId !== null && state.votes.get(state.openVoteId)?.itemId === itemId;
    requests = {
      itemId,
      canRequest: member !== undefined && memberIneligibility(state, member, itemId) === null && !voteOpenHere,
      named: { mine: member !== undefined && (r?.named.has(member.id) ?? false), supporters: t.named.supporters, met: t.named.met },
      secret: { mine: member !== undefined && (r?.secret.has(member.id) ?? false), supporters: t.secret.supporters, met: t.secret.met },
    };
  }
  const open = state.openVoteId;
  const interruption = open !== null && isInterrupted(state.procedure, open) ? state.procedure.interruptions.get(open)?.at(-1) : undefined;
  let election: SeatElectionView | null = null;
  const e = shared.election;
  if (e && shared.summary) {
    const r = e.rounds.at(-1);
    const eligible = member !== undefined && memberIneligibility(state, member, e.itemId) === null;
    const votedAt = member && r ? r.participants.get(member.id) : undefined;
    election = {
      election: shared.summary,
      objected: member !== undefined && e.objections.has(member.id),
      canObject: eligible && e.status === 'prepared' && !(member !== undefined && e.objections.has(member.id)),
      round: shared.round,
      eligible,
      myBallot: votedAt === undefined || !member || !r ? null : { option: r.secret ? null : (r.ballots.get(member.id)?.option ?? null), at: votedAt },
    };
  }
  return { requests, interrupted: interruption ? { reason: interruption.reason } : null, election };
}

export function displayElectionView(state: CouncilState): DisplayElectionView | null {
  const e = currentElection(state);
  if (!e || state.items.get(e.itemId)?.public !== true) return null;
  const { rounds: _r, ...summary } = electionView(state, e, 'public');
  return { election: summary, round: publicRound(state, e) };
}
