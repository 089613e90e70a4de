import type { MajorityRule, VoteKind } from '../protocol/common';
import type { DomainEvent, EventMeta } from './events';
import type { Candidate, ElectionMode, ElectionUrnDeposit, ProcedureEvent, RequestedKind, RoundOutcome } from './procedure-events';
import type { ApportionmentMethod } from './rules/apportionment';

export interface KindDecision {
  kind: RequestedKind;
  supporters: number;
  required: number | null;
  faction: string | null;
  met: boolean;
  at: string;
}

export interface ItemRequests {
  /** Supporters (member id -> since), per kind. */
  named: Map<string, string>;
  secret: Map<string, string>;
  decisions: KindDecision[];
}

export interface Interruption {
  reason: string;
  at: string;
  resumedAt: string | null;
}

export interface VoteTemplate {
  id: string;
  itemId: string;
  title: string;
  motion?: string;
  kind: VoteKind;
  majority: MajorityRule;
  preparedAt: string;
}

export interface LotRecord {
  method: 'system' | 'physical';
  tied: string[];
  seatsLeft: number;
  randomValue: string | null;
  winners: string[];
  at: string;
}

export interface ElectionRound {
  round: number;
  runoff: boolean;
  secret: boolean;
  candidates: string[];
  options: string[];
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  /** Open elections only: each member's option. */
  ballots: Map<string, { option: string; at: string; seatId: number }>;
  /** Who took part, and when they (last) voted. */
  participants: Map<string, string>;
  keys: Map<string, string>;
  /** Secret elections only: the urn's counts per option. */
  urn: Record<string, number>;
  outcome: RoundOutcome | null;
  lot: LotRecord | null;
}

export type ElectionResult =
  | { kind: 'elected'; candidateId: string }
  | { kind: 'not-elected' }
  | { kind: 'joint'; accepted: boolean }
  | { kind: 'seats'; seats: Record<string, number> };

export type ElectionPending = { kind: 'runoff'; candidates: string[] } | { kind: 'lot'; tied: string[]; seatsLeft: number };

export interface ElectionRecord {
  id: string;
  itemId: string;
  title: string;
  mode: ElectionMode;
  seats: number;
  method: ApportionmentMethod | null;
  candidates: Candidate[];
  allowNo: boolean;
  allowAbstain: boolean;
  preparedAt: string;
  /** Members who objected to an open election (member id -> when): any objection makes it secret. */
  objections: Map<string, string>;
  rounds: ElectionRound[];
  /** prepared: objections possible; voting: a round is open; counted: waiting for a runoff or a lot. */
  status: 'prepared' | 'voting' | 'counted' | 'done' | 'cancelled';
  pending: ElectionPending | null;
  result: ElectionResult | null;
  cancelReason: string | null;
  endedAt: string | null;
}

/** The state of requests, interruptions, repeats, templates and elections. */
export interface ProcedureState {
  requests: Map<string, ItemRequests>;
  interruptions: Map<string, Interruption[]>;
  /** Repeated vote -> the cancelled vote it repeats, with the reason. */
  repeats: Map<string, { repeatOf: string; reason: string }>;
  templates: Map<string, VoteTemplate>;
  templateOrder: string[];
  /** Vote -> template it was opened from. */
  templateUsed: Map<string, string>;
  elections: Map<string, ElectionRecord>;
  electionOrder: string[];
  /** The election whose round is open, if any (at most one, and never together with an open vote). */
  openElectionId: string | null;
}

export function emptyProcedure(): ProcedureState {
  return {
    requests: new Map(),
    interruptions: new Map(),
    repeats: new Map(),
    templates: new Map(),
    templateOrder: [],
    templateUsed: new Map(),
    elections: new Map(),
    electionOrder: [],
    openElectionId: null,
  };
}

export function itemRequests(p: ProcedureState, itemId: string): ItemRequests {
  let r = p.requests.get(itemId);
  if (!r) {
    r = { named: new Map(), secret: new Map(), decisions: [] };
    p.requests.set(itemId, r);
  }
  return r;
}

export function isInterrupted(p: ProcedureState, voteId: string): boolean {
  const list = p.interruptions.get(voteId);
  return list !== undefined && list.length > 0 && list[list.length - 1]?.resumedAt === null;
}

function electionOf(p: ProcedureState, id: string): ElectionRecord {
  const e = p.elections.get(id);
  if (!e) throw new Error(`log inconsistent: event for unknown election ${id}`);
  return e;
}

function roundOf(p: ProcedureState, id: string, round: number): ElectionRound {
  const r = electionOf(p, id).rounds[round - 1];
  if (!r) throw new Error(`log inconsistent: event for unknown round ${round} of election ${id}`);
  return r;
}

/** What a closed round leaves to do, and the final result when nothing is left. */
export function afterRound(e: ElectionRecord, outcome: RoundOutcome): { pending: ElectionPending | null; result: ElectionResult | null } {
  switch (outcome.mode) {
    case 'joint':
      return { pending: null, result: { kind: 'joint', accepted: outcome.accepted } };
    case 'lists': {
      const a = outcome.apportionment;
      return a.tie ? { pending: { kind: 'lot', tied: a.tie.tied, seatsLeft: a.tie.seatsLeft }, result: null } : { pending: null, result: { kind: 'seats', seats: a.seats } };
    }
    case 'persons': {
      const d = outcome.result.decision;
      switch (d.kind) {
        case 'elected':
          return { pending: null, result: { kind: 'elected', candidateId: d.candidateId } };
        case 'not-elected':
          return { pending: null, result: { kind: 'not-elected' } };
        case 'runoff':
          return { pending: { kind: 'runoff', candidates: d.candidates }, result: null };
        case 'lot':
          return { pending: { kind: 'lot', tied: d.candidates, seatsLeft: 1 }, result: null };
      }
    }
  }
  return { pending: null, result: e.result };
}

export function isProcedureEvent(e: DomainEvent): e is ProcedureEvent | ElectionUrnDeposit {
  return PROCEDURE_EVENT_TYPES.has(e.type);
}

const PROCEDURE_EVENT_TYPES: ReadonlySet<string> = new Set<(ProcedureEvent | ElectionUrnDeposit)['type']>([
  'VoteKindRequested',
  'VoteKindRequestWithdrawn',
  'VoteKindRequestDecided',
  'VoteInterrupted',
  'VoteResumed',
  'VoteRepeated',
  'VoteTemplatePrepared',
  'VoteTemplateRemoved',
  'VoteTemplateUsed',
  'ElectionPrepared',
  'ElectionObjected',
  'ElectionRoundOpened',
  'ElectionBallotCast',
  'SecretElectionBallotCast',
  'ElectionUrnDeposit',
  'ElectionRoundClosed',
  'ElectionLotDrawn',
  'ElectionCancelled',
]);

/** Applies one procedure event (see state.ts apply). */
export function applyProcedure(p: ProcedureState, event: ProcedureEvent | ElectionUrnDeposit, meta: EventMeta): void {
  switch (event.type) {
    case 'VoteKindRequested':
      itemRequests(p, event.itemId)[event.kind].set(event.memberId, meta.at);
      return;
    case 'VoteKindRequestWithdrawn':
      itemRequests(p, event.itemId)[event.kind].delete(event.memberId);
      return;
    case 'VoteKindRequestDecided': {
      const { type: _t, itemId, ...decision } = event;
      itemRequests(p, itemId).decisions.push({ ...decision, at: meta.at });
      return;
    }
    case 'VoteInterrupted': {
      const list = p.interruptions.get(event.voteId) ?? [];
      list.push({ reason: event.reason, at: meta.at, resumedAt: null });
      p.interruptions.set(event.voteId, list);
      return;
    }
    case 'VoteResumed': {
      const last = p.interruptions.get(event.voteId)?.at(-1);
      if (!last || last.resumedAt !== null) throw new Error(`log inconsistent: vote ${event.voteId} resumed but not interrupted`);
      last.resumedAt = meta.at;
      return;
    }
    case 'VoteRepeated':
      p.repeats.set(event.voteId, { repeatOf: event.repeatOf, reason: event.reason });
      return;
    case 'VoteTemplatePrepared': {
      const { type: _t, templateId, ...rest } = event;
      p.templates.set(templateId, { id: templateId, ...rest, preparedAt: meta.at });
      p.templateOrder.push(templateId);
      return;
    }
    case 'VoteTemplateRemoved':
      p.templates.delete(event.templateId);
      p.templateOrder = p.templateOrder.filter((id) => id !== event.templateId);
      return;
    case 'VoteTemplateUsed':
      p.templateUsed.set(event.voteId, event.templateId);
      return;
    case 'ElectionPrepared': {
      const { type: _t, electionId, ...rest } = event;
      p.elections.set(electionId, {
        id: electionId,
        ...rest,
        preparedAt: meta.at,
        objections: new Map(),
        rounds: [],
        status: 'prepared',
        pending: null,
        result: null,
        cancelReason: null,
        endedAt: null,
      });
      p.electionOrder.push(electionId);
      return;
    }
    case 'ElectionObjected':
      electionOf(p, event.electionId).objections.set(event.memberId, meta.at);
      return;
    case 'ElectionRoundOpened': {
      const e = electionOf(p, event.electionId);
      if (event.round !== e.rounds.length + 1) throw new Error(`log inconsistent: round ${event.round} of election ${e.id}`);
      e.rounds.push({
        round: event.round,
        runoff: event.runoff,
        secret: event.secret,
        candidates: event.candidates,
        options: event.options,
        status: 'open',
        openedAt: meta.at,
        closedAt: null,
        ballots: new Map(),
        participants: new Map(),
        keys: new Map(),
        urn: Object.fromEntries(event.options.map((o) => [o, 0])),
        outcome: null,
        lot: null,
      });
      e.status = 'voting';
      e.pending = null;
      p.openElectionId = e.id;
      return;
    }
    case 'ElectionBallotCast': {
      const r = roundOf(p, event.electionId, event.round);
      r.ballots.set(event.memberId, { option: event.option, at: meta.at, seatId: event.seatId });
      r.participants.set(event.memberId, meta.at);
      r.keys.set(event.key, event.memberId);
      return;
    }
    case 'SecretElectionBallotCast': {
      const r = roundOf(p, event.electionId, event.round);
      r.participants.set(event.memberId, meta.at);
      r.keys.set(event.key, event.memberId);
      return;
    }
    case 'ElectionUrnDeposit': {
      const r = roundOf(p, event.electionId, event.round);
      r.urn[event.option] = (r.urn[event.option] ?? 0) + 1;
      return;
    }
    case 'ElectionRoundClosed': {
      const e = electionOf(p, event.electionId);
      const r = roundOf(p, event.electionId, event.round);
      r.status = 'closed';
      r.closedAt = meta.at;
      r.outcome = event.outcome;
      const next = afterRound(e, event.outcome);
      e.pending = next.pending;
      e.result = next.result;
      e.status = next.result ? 'done' : 'counted';
      if (next.result) e.endedAt = meta.at;
      if (p.openElectionId === e.id) p.openElectionId = null;
      return;
    }
    case 'ElectionLotDrawn': {
      const e = electionOf(p, event.electionId);
      const r = roundOf(p, event.electionId, event.round);
      const { type: _t, electionId: _e, round: _r, ...lot } = event;
      r.lot = { ...lot, at: meta.at };
      if (r.outcome?.mode === 'lists') {
        const seats = { ...r.outcome.apportionment.seats };
        for (const id of event.winners) seats[id] = (seats[id] ?? 0) + 1;
        e.result = { kind: 'seats', seats };
      } else {
        e.result = { kind: 'elected', candidateId: event.winners[0] ?? '' };
      }
      e.pending = null;
      e.status = 'done';
      e.endedAt = meta.at;
      return;
    }
    case 'ElectionCancelled': {
      const e = electionOf(p, event.electionId);
      e.status = 'cancelled';
      e.cancelReason = event.reason;
      e.pending = null;
      e.endedAt = meta.at;
      const open = e.rounds.at(-1);
      if (open && open.status === 'open') {
        open.status = 'closed';
        open.closedAt = meta.at;
      }
      if (p.openElectionId === e.id) p.openElectionId = null;
      return;
    }
  }
}

/** Restores the election urn's counts after replaying the log (the log holds no secret option). */
export function restoreElectionUrn(p: ProcedureState, urn: ReadonlyMap<string, Record<string, number>>): void {
  for (const [ballotId, counts] of urn) {
    const cut = ballotId.lastIndexOf('#');
    const r = roundOf(p, ballotId.slice(0, cut), Number(ballotId.slice(cut + 1)));
    if (!r.secret) throw new Error(`election urn holds counts for ${ballotId}, which is not secret`);
    r.urn = { ...r.urn, ...counts };
  }
  for (const e of p.elections.values()) {
    for (const r of e.rounds) {
      if (!r.secret || r.status !== 'open') continue;
      const counted = Object.values(r.urn).reduce((a, n) => a + n, 0);
      if (counted !== r.participants.size) throw new Error(`election urn of ${e.id} round ${r.round} counts ${counted} ballots but ${r.participants.size} members took part`);
    }
  }
}
