import type { MajorityRule, VoteKind } from '../protocol/common';
import { PROCEDURE_DEFAULTS, type ElectionRules, type NamedVoteRequestRule, type SecretVoteRequestRule } from '../protocol/register';
import { refuse } from './errors';
import type { DomainEvent } from './events';
import type { ElectionMode, RequestedKind, RoundOutcome } from './procedure-events';
import { isInterrupted, type ElectionRecord, type ElectionRound } from './procedure-state';
import { displayName, legalMembers, memberIneligibility, presentWithVote } from './queries';
import { apportion, drawLot, settleTie, type ApportionmentMethod } from './rules/apportionment';
import { ABSTAIN_OPTION, evaluateRound, jointListAccepted, NO_OPTION } from './rules/election';
import { namedRequest, requiredKind, secretRequest, type RequestThreshold } from './rules/vote-requests';
import type { CouncilState } from './state';

/** Commands of the voting procedure beyond a plain vote (RULES.md §§4–7, 11). */
export type ProcedureCommand =
  | { type: 'requestVoteKind'; itemId: string; kind: RequestedKind; seatId: number; support: boolean }
  | { type: 'decideVoteKindRequest'; itemId: string; kind: RequestedKind }
  | { type: 'interruptVote'; voteId: string; reason: string }
  | { type: 'resumeVote'; voteId: string }
  | { type: 'repeatVote'; voteId: string; newVoteId: string; reason: string }
  | { type: 'prepareVoteTemplate'; templateId: string; itemId: string; title: string; motion?: string; kind: VoteKind; majority: MajorityRule }
  | { type: 'removeVoteTemplate'; templateId: string }
  | { type: 'openVoteFromTemplate'; templateId: string; voteId: string }
  | {
      type: 'prepareElection';
      electionId: string;
      itemId: string;
      title: string;
      mode: ElectionMode;
      seats: number;
      method: ApportionmentMethod | null;
      candidates: { name?: string; memberId?: string; factionId?: string }[];
    }
  | { type: 'objectToElection'; electionId: string; seatId: number }
  | { type: 'openElectionRound'; electionId: string }
  | { type: 'castElectionBallot'; electionId: string; round: number; seatId: number; option: string; key: string }
  | { type: 'closeElectionRound'; electionId: string }
  | { type: 'drawLot'; electionId: string; draw: { method: 'system'; randomValue: string } | { method: 'physical'; winners: string[] } }
  | { type: 'cancelElection'; electionId: string; reason: string };

const PROCEDURE_COMMANDS: ReadonlySet<string> = new Set<ProcedureCommand['type']>([
  'requestVoteKind',
  'decideVoteKindRequest',
  'interruptVote',
  'resumeVote',
  'repeatVote',
  'prepareVoteTemplate',
  'removeVoteTemplate',
  'openVoteFromTemplate',
  'prepareElection',
  'objectToElection',
  'openElectionRound',
  'castElectionBallot',
  'closeElectionRound',
  'drawLot',
  'cancelElection',
]);

export function isProcedureCommand(c: { type: string }): c is ProcedureCommand {
  return PROCEDURE_COMMANDS.has(c.type);
}

type OpenVote = { type: 'openVote'; voteId: string; itemId: string; title: string; motion?: string; kind: VoteKind; majority: MajorityRule };

export function profileRules(state: CouncilState): { named: NamedVoteRequestRule; secret: SecretVoteRequestRule; election: ElectionRules } {
  const p = state.register?.profile;
  return {
    named: p?.namedVoteRequest ?? PROCEDURE_DEFAULTS.namedVoteRequest,
    secret: p?.secretVoteRequest ?? PROCEDURE_DEFAULTS.secretVoteRequest,
    election: p?.election ?? PROCEDURE_DEFAULTS.election,
  };
}

/** Where each request on an item stands now, by the profile's thresholds. */
export function requestThresholds(state: CouncilState, itemId: string): Record<RequestedKind, RequestThreshold> {
  const r = state.procedure.requests.get(itemId);
  const rules = profileRules(state);
  const factions = new Map<string, string[]>();
  for (const f of state.factions.keys()) factions.set(f, []);
  for (const a of state.attendance.values()) {
    const m = state.members.get(a.memberId);
    if (!m || m.factionId === null || memberIneligibility(state, m, itemId) !== null) continue;
    factions.get(m.factionId)?.push(m.id);
  }
  return {
    named: namedRequest(rules.named, new Set(r?.named.keys() ?? []), factions),
    secret: secretRequest(rules.secret, r?.secret.size ?? 0, { legalMembers: legalMembers(state), present: presentWithVote(state) }),
  };
}

/** The kind a vote on the item must have because of requests (secret beats named), or null. */
export function kindRequiredFor(state: CouncilState, itemId: string): 'named' | 'secret' | null {
  const t = requestThresholds(state, itemId);
  return requiredKind(t.named.met, t.secret.met);
}

function decisionEvent(state: CouncilState, itemId: string, kind: RequestedKind): DomainEvent {
  const t = requestThresholds(state, itemId)[kind];
  return { type: 'VoteKindRequestDecided', itemId, kind, supporters: t.supporters, required: t.required, faction: t.faction, met: t.met };
}

/**
 * Checks before a vote opens on an item: no election round open, and the kind the requests
 * demand. Returns the findings on the item's requests, which go into the log before the vote.
 */
export function beforeOpenVote(state: CouncilState, itemId: string, kind: VoteKind): DomainEvent[] {
  if (state.procedure.openElectionId !== null) refuse('election-busy');
  const required = kindRequiredFor(state, itemId);
  if (required !== null && kind !== required) refuse('vote-kind-required', { kind: required });
  const r = state.procedure.requests.get(itemId);
  const events: DomainEvent[] = [];
  for (const k of ['named', 'secret'] as const) {
    if ((r?.[k].size ?? 0) > 0) events.push(decisionEvent(state, itemId, k));
  }
  return events;
}

/** The item of the election whose round is open, if any: the screens stay on it. */
export function openElectionItem(state: CouncilState): string | null {
  const id = state.procedure.openElectionId;
  return id === null ? null : (state.procedure.elections.get(id)?.itemId ?? null);
}

/** A castBallot or closeVote on an interrupted vote is refused. */
export function requireNotInterrupted(state: CouncilState, voteId: string): void {
  if (isInterrupted(state.procedure, voteId)) refuse('vote-interrupted');
}

function text(value: string, what: string): string {
  const t = value.trim();
  if (t === '') refuse('validation-failed', { detail: what });
  return t;
}

function seatMember(state: CouncilState, seatId: number) {
  if (!state.seats.has(seatId)) refuse('seat-unknown', { seat: seatId });
  const memberId = state.seatOccupant.get(seatId);
  const member = memberId === undefined ? undefined : state.members.get(memberId);
  if (!member) refuse('not-checked-in');
  return member;
}

function requireElection(state: CouncilState, electionId: string): ElectionRecord {
  const e = state.procedure.elections.get(electionId);
  if (!e) refuse('election-unknown');
  return e;
}

function openRoundOf(e: ElectionRecord, round?: number): ElectionRound {
  const r = e.rounds.at(-1);
  if (!r || r.status !== 'open' || e.status !== 'voting' || (round !== undefined && r.round !== round)) refuse('election-round-not-open');
  return r;
}

export function decideProcedure(state: CouncilState, c: ProcedureCommand, openVote: (c: OpenVote) => DomainEvent[]): DomainEvent[] {
  const p = state.procedure;
  switch (c.type) {
    case 'requestVoteKind': {
      if (!state.items.has(c.itemId)) refuse('item-unknown', { item: c.itemId });
      const member = seatMember(state, c.seatId);
      const reason = memberIneligibility(state, member, c.itemId);
      if (reason !== null) refuse(reason);
      const open = state.openVoteId === null ? undefined : state.votes.get(state.openVoteId);
      // the kind is settled when the vote opens: a request comes before, not during it
      if (open && open.itemId === c.itemId) refuse('vote-already-open');
      const supporters = p.requests.get(c.itemId)?.[c.kind];
      if ((supporters?.has(member.id) ?? false) === c.support) refuse('request-unchanged');
      return [{ type: c.support ? 'VoteKindRequested' : 'VoteKindRequestWithdrawn', itemId: c.itemId, kind: c.kind, memberId: member.id, seatId: c.seatId }];
    }
    case 'decideVoteKindRequest': {
      if (!state.items.has(c.itemId)) refuse('item-unknown', { item: c.itemId });
      if ((p.requests.get(c.itemId)?.[c.kind].size ?? 0) === 0) refuse('request-no-supporters');
      return [decisionEvent(state, c.itemId, c.kind)];
    }
    case 'interruptVote': {
      const vote = state.votes.get(c.voteId);
      if (!vote) refuse('vote-unknown');
      if (vote.status !== 'open') refuse('vote-not-open');
      if (isInterrupted(p, c.voteId)) refuse('vote-already-interrupted');
      if (c.reason.trim() === '') refuse('reason-required');
      return [{ type: 'VoteInterrupted', voteId: c.voteId, reason: c.reason.trim() }];
    }
    case 'resumeVote': {
      const vote = state.votes.get(c.voteId);
      if (!vote) refuse('vote-unknown');
      if (vote.status !== 'open') refuse('vote-not-open');
      if (!isInterrupted(p, c.voteId)) refuse('vote-not-interrupted');
      return [{ type: 'VoteResumed', voteId: c.voteId }];
    }
    case 'repeatVote': {
      const vote = state.votes.get(c.voteId);
      if (!vote) refuse('vote-unknown');
      if (vote.status !== 'open') refuse('vote-not-open');
      if (c.reason.trim() === '') refuse('reason-required');
      if (state.quorumLackRecorded) refuse('quorum-lacking');
      if (state.votes.has(c.newVoteId)) refuse('validation-failed', { detail: `vote id ${c.newVoteId} exists` });
      const reason = c.reason.trim();
      // the cancelled vote's ballots stay in the log but count for nothing; the repeat starts empty
      return [
        { type: 'VoteCancelled', voteId: vote.id, reason },
        {
          type: 'VoteOpened',
          voteId: c.newVoteId,
          itemId: vote.itemId,
          title: vote.title,
          ...(vote.motion === undefined ? {} : { motion: vote.motion }),
          kind: vote.kind,
          majority: vote.majority,
        },
        { type: 'VoteRepeated', voteId: c.newVoteId, repeatOf: vote.id, reason },
      ];
    }
    case 'prepareVoteTemplate': {
      if (!state.items.has(c.itemId)) refuse('item-unknown', { item: c.itemId });
      if (p.templates.has(c.templateId)) refuse('validation-failed', { detail: `template id ${c.templateId} exists` });
      const motion = c.motion?.trim();
      return [
        {
          type: 'VoteTemplatePrepared',
          templateId: c.templateId,
          itemId: c.itemId,
          title: text(c.title, 'title'),
          ...(motion ? { motion } : {}),
          kind: c.kind,
          majority: c.majority,
        },
      ];
    }
    case 'removeVoteTemplate':
      if (!p.templates.has(c.templateId)) refuse('template-unknown');
      return [{ type: 'VoteTemplateRemoved', templateId: c.templateId }];
    case 'openVoteFromTemplate': {
      const t = p.templates.get(c.templateId);
      if (!t) refuse('template-unknown');
      const opened = openVote({
        type: 'openVote',
        voteId: c.voteId,
        itemId: t.itemId,
        title: t.title,
        ...(t.motion === undefined ? {} : { motion: t.motion }),
        kind: t.kind,
        majority: t.majority,
      });
      return [...opened, { type: 'VoteTemplateUsed', templateId: t.id, voteId: c.voteId }];
    }
    case 'prepareElection':
      return prepareElection(state, c);
    case 'objectToElection': {
      const e = requireElection(state, c.electionId);
      if (e.status !== 'prepared') refuse('election-not-prepared');
      const member = seatMember(state, c.seatId);
      const reason = memberIneligibility(state, member, e.itemId);
      if (reason !== null) refuse(reason);
      if (e.objections.has(member.id)) refuse('election-objection-unchanged');
      return [{ type: 'ElectionObjected', electionId: e.id, memberId: member.id, seatId: c.seatId }];
    }
    case 'openElectionRound':
      return openElectionRound(state, c.electionId);
    case 'castElectionBallot': {
      const e = requireElection(state, c.electionId);
      const r = openRoundOf(e, c.round);
      const member = seatMember(state, c.seatId);
      const owner = r.keys.get(c.key);
      if (owner !== undefined) {
        if (owner === member.id) return [];
        refuse('duplicate-key');
      }
      const reason = memberIneligibility(state, member, e.itemId);
      if (reason !== null) refuse(reason);
      if (!r.options.includes(c.option)) refuse('election-option-unknown');
      if (r.secret) {
        if (r.participants.has(member.id)) refuse('election-ballot-final');
        return [
          { type: 'SecretElectionBallotCast', electionId: e.id, round: r.round, memberId: member.id, seatId: c.seatId, key: c.key },
          { type: 'ElectionUrnDeposit', electionId: e.id, round: r.round, option: c.option },
        ];
      }
      return [{ type: 'ElectionBallotCast', electionId: e.id, round: r.round, memberId: member.id, seatId: c.seatId, option: c.option, key: c.key }];
    }
    case 'closeElectionRound': {
      const e = requireElection(state, c.electionId);
      const r = openRoundOf(e);
      return [{ type: 'ElectionRoundClosed', electionId: e.id, round: r.round, participants: r.participants.size, outcome: countRound(e, r) }];
    }
    case 'drawLot':
      return lot(state, c);
    case 'cancelElection': {
      const e = requireElection(state, c.electionId);
      if (e.status === 'done' || e.status === 'cancelled') refuse('election-finished');
      if (c.reason.trim() === '') refuse('reason-required');
      return [{ type: 'ElectionCancelled', electionId: e.id, reason: c.reason.trim() }];
    }
  }
}

function prepareElection(state: CouncilState, c: Extract<ProcedureCommand, { type: 'prepareElection' }>): DomainEvent[] {
  if (!state.items.has(c.itemId)) refuse('item-unknown', { item: c.itemId });
  if (state.procedure.elections.has(c.electionId)) refuse('validation-failed', { detail: `election id ${c.electionId} exists` });
  const invalid = (detail: string): never => refuse('candidates-invalid', { detail });
  if (c.candidates.length === 0) invalid('mindestens ein Vorschlag / at least one nomination');
  if (c.mode === 'joint' && c.candidates.length !== 1) invalid('ein einheitlicher Wahlvorschlag ist genau eine Liste / a joint list is exactly one list');
  if (c.mode === 'persons' && c.seats !== 1) invalid('Personenwahl für genau eine Stelle / a personal election fills one post');
  if (c.mode === 'lists' && (c.method === null || c.candidates.length < 1)) invalid('Verteilverfahren fehlt / method missing');
  const candidates = c.candidates.map((cand, i) => {
    const member = cand.memberId === undefined ? undefined : state.members.get(cand.memberId);
    if (cand.memberId !== undefined && !member) refuse('member-unknown', { member: cand.memberId });
    if (cand.factionId !== undefined && !state.factions.has(cand.factionId)) invalid(`Fraktion ${cand.factionId}`);
    const name = (cand.name?.trim() || (member ? displayName(member) : '')) ?? '';
    if (name === '') invalid(`Name fehlt bei Vorschlag ${i + 1} / name missing in nomination ${i + 1}`);
    return { id: `c${i + 1}`, name, memberId: member?.id ?? null, factionId: cand.factionId ?? member?.factionId ?? null };
  });
  if (new Set(candidates.map((x) => x.name.toLocaleLowerCase('de'))).size !== candidates.length) invalid('doppelter Name / duplicate name');
  const rules = profileRules(state);
  return [
    {
      type: 'ElectionPrepared',
      electionId: c.electionId,
      itemId: c.itemId,
      title: text(c.title, 'title'),
      mode: c.mode,
      seats: c.mode === 'persons' ? 1 : c.seats,
      method: c.mode === 'lists' ? c.method : null,
      candidates,
      // a proportional election has no "Nein": each vote goes to a list
      allowNo: c.mode !== 'lists' && rules.election.allowNo,
      allowAbstain: rules.election.allowAbstain,
    },
  ];
}

function openElectionRound(state: CouncilState, electionId: string): DomainEvent[] {
  const e = requireElection(state, electionId);
  if (state.openVoteId !== null || state.procedure.openElectionId !== null) refuse('election-busy');
  if (state.quorumLackRecorded) refuse('quorum-lacking');
  let candidates: string[];
  let runoff = false;
  if (e.status === 'prepared') candidates = e.candidates.map((c) => c.id);
  else if (e.status === 'counted' && e.pending?.kind === 'runoff') {
    candidates = e.pending.candidates;
    runoff = true;
  } else refuse('election-no-round-due');
  // the runoff offers no "Nein": most votes win (RULES.md §6)
  const options = [...candidates, ...(e.allowNo && !runoff ? [NO_OPTION] : []), ...(e.allowAbstain ? [ABSTAIN_OPTION] : [])];
  const select: DomainEvent[] = state.currentItemId === e.itemId ? [] : [{ type: 'ItemSelected', itemId: e.itemId }];
  return [
    ...select,
    {
      type: 'ElectionRoundOpened',
      electionId: e.id,
      round: e.rounds.length + 1,
      runoff,
      // open unless anyone objects; a runoff keeps the secrecy of the election
      secret: e.objections.size > 0,
      candidates,
      options,
    },
  ];
}

function countRound(e: ElectionRecord, r: ElectionRound): RoundOutcome {
  const counts: Record<string, number> = {};
  for (const o of r.options) counts[o] = 0;
  if (r.secret) for (const o of r.options) counts[o] = r.urn[o] ?? 0;
  else for (const b of r.ballots.values()) counts[b.option] = (counts[b.option] ?? 0) + 1;
  const abstentions = counts[ABSTAIN_OPTION] ?? 0;
  switch (e.mode) {
    case 'persons':
      return { mode: 'persons', result: evaluateRound(r.candidates, counts, r.runoff) };
    case 'joint': {
      const yes = counts[r.candidates[0] ?? ''] ?? 0;
      const no = counts[NO_OPTION] ?? 0;
      return { mode: 'joint', yes, no, abstentions, accepted: jointListAccepted(yes, no) };
    }
    case 'lists': {
      const votes = Object.fromEntries(r.candidates.map((id) => [id, counts[id] ?? 0]));
      const lists = r.candidates.map((id) => ({ id, votes: votes[id] ?? 0 }));
      // no valid vote at all: nothing to distribute; every seat is tied between all lists
      const apportionment = lists.every((l) => l.votes === 0)
        ? { method: e.method ?? 'hare-niemeyer', seats: Object.fromEntries(lists.map((l) => [l.id, 0])), tie: { seatsLeft: e.seats, tied: lists.map((l) => l.id) } }
        : apportion(e.method ?? 'hare-niemeyer', lists, e.seats);
      return { mode: 'lists', votes, abstentions, apportionment };
    }
  }
}

function lot(state: CouncilState, c: Extract<ProcedureCommand, { type: 'drawLot' }>): DomainEvent[] {
  const e = requireElection(state, c.electionId);
  if (e.status !== 'counted' || e.pending?.kind !== 'lot') refuse('election-no-lot');
  const { tied, seatsLeft } = e.pending;
  const round = e.rounds.length;
  let winners: string[];
  if (c.draw.method === 'physical') {
    winners = c.draw.winners;
    if (winners.length !== seatsLeft || new Set(winners).size !== winners.length || winners.some((w) => !tied.includes(w))) {
      refuse('lot-winners-invalid', { count: seatsLeft });
    }
  } else {
    if (seatsLeft > tied.length) refuse('election-no-lot');
    winners = drawLot(tied, seatsLeft, c.draw.randomValue);
  }
  const last = e.rounds[round - 1]?.outcome;
  // a list seat can be given once only: settleTie checks the draw against the tie
  if (last?.mode === 'lists' && last.apportionment.tie) settleTie(last.apportionment, winners);
  return [
    {
      type: 'ElectionLotDrawn',
      electionId: e.id,
      round,
      method: c.draw.method,
      tied,
      seatsLeft,
      randomValue: c.draw.method === 'system' ? c.draw.randomValue : null,
      winners,
    },
  ];
}
