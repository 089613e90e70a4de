import type { Choice, MajorityRule, Tally, VoteKind } from '../protocol/common';
import type { AgendaItem, Faction, Member, Register, Seat } from '../protocol/register';
import { isUrnDeposit, type CheckOutReason, type DomainEvent, type EventMeta, type ManualEntry } from './events';
import { applyProcedure, emptyProcedure, type ProcedureState } from './procedure-state';
import { applyRegister } from './register';
import { emptyTally, type VoteOutcome } from './rules/result';
import { applyAgenda } from './agenda';
import { applyLifecycle, emptyLifecycle, type LifecycleState } from './session-lifecycle';
import { applySpeakers, emptySpeakerState, type SpeakerState } from './speakers';
import { applyCardAuth, type CardAuthFailureRecord } from './card-assurance';
import { applyRecordNote, type RecordNote } from './record-notes';
import { noteApplied } from './view-cache';

export interface AttendanceEntry {
  memberId: string;
  seatId: number;
  cardUid: string | null;
  since: string;
  /** Checked in by hand (clerk or chair). */
  manual?: ManualEntry;
}

/** A correction of a closed vote's result (the recorded result stays). */
export interface ResultCorrection {
  at: string;
  tally: Tally;
  passed: boolean;
  neededYes: number;
  reason: string;
  by: ManualEntry['by'];
}

/** One stay of a member in the room, for the minutes (present/absent with times). */
export interface AttendanceSpan {
  memberId: string;
  seatId: number;
  from: string;
  to: string | null;
  reasonOut: CheckOutReason | null;
}

export interface Ballot {
  choice: Choice;
  at: string;
  seatId: number;
  /** Entered by hand for the member. */
  manual?: ManualEntry;
}

export interface VoteRecord {
  id: string;
  itemId: string;
  title: string;
  motion?: string;
  kind: VoteKind;
  majority: MajorityRule;
  status: 'open' | 'closed' | 'cancelled';
  openedAt: string;
  closedAt: string | null;
  /** Open and named votes only. */
  ballots: Map<string, Ballot>;
  /** Every kind: who took part, and when they (last) voted. */
  participants: Map<string, string>;
  /** Secret votes only: the urn's counts. */
  secretTally: Tally;
  /** Idempotency keys already recorded, with the member who used them. */
  keys: Map<string, string>;
  outcome: VoteOutcome | null;
  cancelReason: string | null;
}

/**
 * The council session as replayed from the log. Owned by the one writer (the session
 * service); apply() updates it in place because copying 1,000 members per ballot is waste.
 */
export interface CouncilState {
  seq: number;
  register: Register | null;
  members: Map<string, Member>;
  factions: Map<string, Faction>;
  seats: Map<number, Seat>;
  items: Map<string, AgendaItem>;
  /** Card UID -> member id. */
  cards: Map<string, string>;
  currentItemId: string | null;
  attendance: Map<string, AttendanceEntry>;
  seatOccupant: Map<number, string>;
  spans: AttendanceSpan[];
  /** When a member last left (for "absent since"). */
  lastLeft: Map<string, string>;
  quorumLackRecorded: boolean;
  /** Item -> member -> reason. */
  bias: Map<string, Map<string, string | null>>;
  votes: Map<string, VoteRecord>;
  voteOrder: string[];
  openVoteId: string | null;
  /** Revoked (lost) cards: refused from then on. */
  revokedCards: Map<string, { memberId: string; at: string; reason: string }>;
  /** When a card was registered after the register was loaded. */
  cardRegisteredAt: Map<string, string>;
  /** Vote -> corrections of its result, oldest first. */
  corrections: Map<string, ResultCorrection[]>;
  /** Declarations for the record and the clerk's notes, in the order they were added. */
  recordNotes: Map<string, RecordNote>;
  /** Requests for the kind of a vote, interruptions, repeats, templates, elections. */
  procedure: ProcedureState;
  /** Server time of the last applied event: the views' "now" when no clock is passed. */
  lastAt: string | null;
  lifecycle: LifecycleState;
  speakers: SpeakerState;
  /** Agenda item ids in the order of the agenda (edits move them). */
  agendaOrder: string[];
  /** The latest cards that failed to prove they are genuine, oldest first (the log keeps all). */
  cardAuthFailures: CardAuthFailureRecord[];
}

export function emptyState(): CouncilState {
  return {
    seq: 0,
    register: null,
    members: new Map(),
    factions: new Map(),
    seats: new Map(),
    items: new Map(),
    cards: new Map(),
    currentItemId: null,
    attendance: new Map(),
    seatOccupant: new Map(),
    spans: [],
    lastLeft: new Map(),
    quorumLackRecorded: false,
    bias: new Map(),
    votes: new Map(),
    voteOrder: [],
    openVoteId: null,
    revokedCards: new Map(),
    cardRegisteredAt: new Map(),
    corrections: new Map(),
    recordNotes: new Map(),
    procedure: emptyProcedure(),
    lastAt: null,
    lifecycle: emptyLifecycle(),
    speakers: emptySpeakerState(),
    agendaOrder: [],
    cardAuthFailures: [],
  };
}

function voteOf(state: CouncilState, voteId: string): VoteRecord {
  const vote = state.votes.get(voteId);
  if (!vote) throw new Error(`log inconsistent: event for unknown vote ${voteId}`);
  return vote;
}

/**
 * Applies one recorded event. Events are facts that decide() has already checked, so a
 * violation here means a corrupt log and throws.
 */
export function apply(state: CouncilState, event: DomainEvent, meta: EventMeta): void {
  if (!isUrnDeposit(event)) {
    state.seq = meta.seq;
    state.lastAt = meta.at;
  }
  noteApplied(state, event.type);
  switch (event.type) {
    case 'RegisterLoaded': {
      const r = event.register;
      state.register = r;
      state.members = new Map(r.members.map((m) => [m.id, m]));
      state.factions = new Map(r.factions.map((f) => [f.id, f]));
      state.seats = new Map(r.seats.map((s) => [s.id, s]));
      state.items = new Map(r.session.agenda.map((i) => [i.id, i]));
      state.agendaOrder = r.session.agenda.map((i) => i.id);
      state.cards = new Map(r.cards.map((c) => [c.uid, c.memberId]));
      return;
    }
    case 'ItemSelected':
      state.currentItemId = event.itemId;
      return;
    case 'CheckedIn':
      state.attendance.set(event.memberId, {
        memberId: event.memberId,
        seatId: event.seatId,
        cardUid: event.cardUid,
        since: meta.at,
        ...(event.manual ? { manual: event.manual } : {}),
      });
      state.seatOccupant.set(event.seatId, event.memberId);
      state.spans.push({ memberId: event.memberId, seatId: event.seatId, from: meta.at, to: null, reasonOut: null });
      return;
    case 'CheckedOut': {
      state.attendance.delete(event.memberId);
      state.seatOccupant.delete(event.seatId);
      state.lastLeft.set(event.memberId, meta.at);
      const span = state.spans.findLast((s) => s.memberId === event.memberId && s.to === null);
      if (span) {
        span.to = meta.at;
        span.reasonOut = event.reason;
      }
      return;
    }
    case 'VoteOpened':
      state.votes.set(event.voteId, {
        id: event.voteId,
        itemId: event.itemId,
        title: event.title,
        ...(event.motion === undefined ? {} : { motion: event.motion }),
        kind: event.kind,
        majority: event.majority,
        status: 'open',
        openedAt: meta.at,
        closedAt: null,
        ballots: new Map(),
        participants: new Map(),
        secretTally: emptyTally(),
        keys: new Map(),
        outcome: null,
        cancelReason: null,
      });
      state.voteOrder.push(event.voteId);
      state.openVoteId = event.voteId;
      return;
    case 'BallotCast': {
      const vote = voteOf(state, event.voteId);
      vote.ballots.set(event.memberId, { choice: event.choice, at: meta.at, seatId: event.seatId, ...(event.manual ? { manual: event.manual } : {}) });
      vote.participants.set(event.memberId, meta.at);
      vote.keys.set(event.key, event.memberId);
      return;
    }
    case 'SecretBallotCast': {
      const vote = voteOf(state, event.voteId);
      vote.participants.set(event.memberId, meta.at);
      vote.keys.set(event.key, event.memberId);
      return;
    }
    case 'UrnDeposit':
      voteOf(state, event.voteId).secretTally[event.choice] += 1;
      return;
    case 'VoteClosed': {
      const vote = voteOf(state, event.voteId);
      vote.status = 'closed';
      vote.closedAt = meta.at;
      vote.outcome = event.outcome;
      if (state.openVoteId === vote.id) state.openVoteId = null;
      return;
    }
    case 'VoteCancelled': {
      const vote = voteOf(state, event.voteId);
      vote.status = 'cancelled';
      vote.closedAt = meta.at;
      vote.cancelReason = event.reason;
      if (state.openVoteId === vote.id) state.openVoteId = null;
      return;
    }
    case 'BiasSet': {
      const onItem = state.bias.get(event.itemId) ?? new Map<string, string | null>();
      if (event.excluded) onItem.set(event.memberId, event.reason);
      else onItem.delete(event.memberId);
      state.bias.set(event.itemId, onItem);
      return;
    }
    case 'QuorumLackRecorded':
      state.quorumLackRecorded = true;
      return;
    case 'QuorumLackCleared':
      state.quorumLackRecorded = false;
      return;
    case 'SessionOpened':
    case 'SessionInterrupted':
    case 'SessionResumed':
    case 'SessionClosed':
      applyLifecycle(state, event, meta.at);
      return;
    case 'FloorRequested':
    case 'FloorRequestWithdrawn':
    case 'FloorRequestMoved':
    case 'FloorGiven':
    case 'FloorEnded':
    case 'SpeakerListClosed':
    case 'SpeakerListReopened':
    case 'SpeakingTimeSet':
      applySpeakers(state, event, meta.at);
      return;
    case 'AgendaItemAdded':
    case 'AgendaItemChanged':
    case 'AgendaItemMoved':
    case 'AgendaItemRemoved':
    case 'AgendaImported':
      applyAgenda(state, event);
      return;
    case 'ResultCorrected': {
      voteOf(state, event.voteId);
      const list = state.corrections.get(event.voteId) ?? [];
      list.push({ at: meta.at, tally: event.tally, passed: event.passed, neededYes: event.neededYes, reason: event.reason, by: event.by });
      state.corrections.set(event.voteId, list);
      return;
    }
    case 'MemberAdded':
    case 'MemberUpdated':
    case 'MemberRetired':
    case 'FactionAdded':
    case 'FactionUpdated':
    case 'SeatAdded':
    case 'SeatUpdated':
    case 'ProfileUpdated':
    case 'LegalMembersSet':
    case 'CardRegistered':
    case 'CardRevoked':
      applyRegister(state, event, meta);
      return;
    case 'CardAuthenticationFailed':
      applyCardAuth(state, event, meta.at);
      return;
    case 'RecordNoteAdded':
    case 'RecordNoteWithdrawn':
      applyRecordNote(state, event, meta.at);
      return;
    default:
      applyProcedure(state.procedure, event, meta);
  }
}

/** Restores the urn's counts of secret votes after replaying the log (the log holds no choices). */
export function restoreUrn(state: CouncilState, urn: ReadonlyMap<string, Tally>): void {
  for (const [voteId, tally] of urn) {
    const vote = voteOf(state, voteId);
    if (vote.kind !== 'secret') throw new Error(`urn holds a tally for vote ${voteId}, which is not secret`);
    vote.secretTally = { ...tally };
  }
  for (const vote of state.votes.values()) {
    if (vote.kind !== 'secret' || vote.status !== 'open') continue;
    const counted = vote.secretTally.yes + vote.secretTally.no + vote.secretTally.abstain;
    if (counted !== vote.participants.size) {
      throw new Error(`urn of vote ${vote.id} counts ${counted} ballots but ${vote.participants.size} members took part`);
    }
  }
}
