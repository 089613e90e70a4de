import type { Choice, MajorityRule, VoteKind } from '../protocol/common';
import type { Register } from '../protocol/register';
import { refuse } from './errors';
import type { CheckOutReason, DomainEvent } from './events';
import { displayName, eligibleMembers, isExcluded, legalMembers, memberIneligibility, presentWithVote, quorumOf } from './queries';
import { beforeOpenVote, decideProcedure, isProcedureCommand, openElectionItem, requireNotInterrupted, type ProcedureCommand } from './procedure';
import { computeOutcome } from './rules/result';
import { decideAgenda, type AgendaCommand } from './agenda';
import { decideLifecycle, type LifecycleCommand } from './session-lifecycle';
import { decideSpeakers, endFloorEvents, type SpeakerCommand } from './speakers';
import type { CouncilState, VoteRecord } from './state';
import { decideManual, isManualCommand, type ManualCommand } from './manual';
import { decideRecordNote, isRecordNoteCommand, type RecordNoteCommand } from './record-notes';
import { decideRegister, isActiveMember, isRegisterCommand, type RegisterCommand } from './register';
import { decideCardAuth, requireGenuineCard, type CardAssurance, type CardAuthCommand } from './card-assurance';

export type Command =
  | { type: 'loadRegister'; register: Register }
  /** A card arrived on the reader of a seat (from any card-reader driver); without assurance: a UID read. */
  | { type: 'presentCard'; seatId: number; cardUid: string; assurance?: CardAssurance }
  /** The card left the reader of a seat. */
  | { type: 'removeCard'; seatId: number }
  | { type: 'selectItem'; itemId: string }
  | { type: 'openVote'; voteId: string; itemId: string; title: string; motion?: string; kind: VoteKind; majority: MajorityRule }
  | { type: 'castBallot'; voteId: string; seatId: number; choice: Choice; key: string }
  | { type: 'closeVote'; voteId: string }
  | { type: 'cancelVote'; voteId: string; reason: string }
  | { type: 'setBias'; itemId: string; memberId: string; excluded: boolean; reason?: string }
  | { type: 'recordQuorumLack' }
  | { type: 'clearQuorumLack' }
  | RegisterCommand
  | ManualCommand
  | ProcedureCommand
  | LifecycleCommand
  | SpeakerCommand
  | AgendaCommand
  | RecordNoteCommand
  | CardAuthCommand;

export type CommandType = Command['type'];

/** Recorded as the reason when recording the lack of quorum ends an open vote. */
export const QUORUM_LACK_REASON = 'Beschlussunfähigkeit festgestellt / lack of quorum recorded';

/**
 * decide(state, command) -> events, or throws DomainError. Pure: no clock, no randomness
 * (ids come in the command, times go on the envelope), no I/O.
 */
export function decide(state: CouncilState, command: Command): DomainEvent[] {
  if (command.type === 'loadRegister') {
    if (state.register) refuse('register-already-loaded');
    return [{ type: 'RegisterLoaded', register: command.register }];
  }
  if (!state.register) refuse('register-missing');
  if (isRegisterCommand(command)) return decideRegister(state, command);
  if (isManualCommand(command)) return decideManual(state, command);
  if (isRecordNoteCommand(command)) return decideRecordNote(state, command);
  if (isProcedureCommand(command)) return decideProcedure(state, command, (c) => openVote(state, c));
  switch (command.type) {
    case 'presentCard':
      return presentCard(state, command.seatId, command.cardUid, command.assurance);
    case 'removeCard':
      return removeCard(state, command.seatId);
    case 'selectItem':
      requireItem(state, command.itemId);
      if (state.openVoteId !== null && state.votes.get(state.openVoteId)?.itemId !== command.itemId) refuse('vote-already-open');
      if (openElectionItem(state) !== null && openElectionItem(state) !== command.itemId) refuse('election-busy');
      // a speech belongs to its item: moving on ends it
      return [
        ...(state.speakers.floor && state.speakers.floor.itemId !== command.itemId ? endFloorEvents(state, 'item-changed') : []),
        { type: 'ItemSelected', itemId: command.itemId },
      ];
    case 'openVote':
      return openVote(state, command);
    case 'castBallot':
      return castBallot(state, command);
    case 'closeVote':
      return closeVote(state, command.voteId);
    case 'cancelVote': {
      const vote = requireOpenVote(state, command.voteId);
      if (command.reason.trim() === '') refuse('reason-required');
      return [{ type: 'VoteCancelled', voteId: vote.id, reason: command.reason.trim() }];
    }
    case 'setBias':
      return setBias(state, command);
    case 'recordQuorumLack': {
      if (state.quorumLackRecorded) refuse('quorum-lack-already-recorded');
      const q = quorumOf(state);
      const recorded: DomainEvent = { type: 'QuorumLackRecorded', present: q.present, threshold: q.threshold };
      // a body without quorum takes no decision (RULES.md §1): a vote still open ends without result
      const electionEnds: DomainEvent[] =
        state.procedure.openElectionId === null ? [] : [{ type: 'ElectionCancelled', electionId: state.procedure.openElectionId, reason: QUORUM_LACK_REASON }];
      return state.openVoteId === null
        ? [...electionEnds, recorded]
        : [{ type: 'VoteCancelled', voteId: state.openVoteId, reason: QUORUM_LACK_REASON }, recorded];
    }
    case 'clearQuorumLack': {
      if (!state.quorumLackRecorded) refuse('quorum-not-recorded-lacking');
      const q = quorumOf(state);
      if (!q.quorate) refuse('quorum-not-restored', { present: q.present, threshold: q.threshold });
      return [{ type: 'QuorumLackCleared', present: q.present, threshold: q.threshold }];
    }
    case 'openSession':
    case 'interruptSession':
    case 'resumeSession':
    case 'closeSession':
      return decideLifecycle(state, command);
    case 'requestFloor':
    case 'withdrawFloorRequest':
    case 'addFloorRequest':
    case 'removeFloorRequest':
    case 'moveFloorRequest':
    case 'giveFloor':
    case 'endFloor':
    case 'closeSpeakerList':
    case 'reopenSpeakerList':
    case 'setSpeakingTime':
      return decideSpeakers(state, command);
    case 'addAgendaItem':
    case 'changeAgendaItem':
    case 'moveAgendaItem':
    case 'removeAgendaItem':
    case 'importAgenda':
      return decideAgenda(state, command);
    case 'recordCardAuthenticationFailure':
      return decideCardAuth(state, command);
  }
}

function requireSeat(state: CouncilState, seatId: number) {
  const seat = state.seats.get(seatId);
  if (!seat) refuse('seat-unknown', { seat: seatId });
  return seat;
}

function requireItem(state: CouncilState, itemId: string) {
  const item = state.items.get(itemId);
  if (!item) refuse('item-unknown', { item: itemId });
  return item;
}

function requireOpenVote(state: CouncilState, voteId: string): VoteRecord {
  const vote = state.votes.get(voteId);
  if (!vote) refuse('vote-unknown');
  if (vote.status !== 'open') refuse('vote-not-open');
  return vote;
}

function seatLabel(state: CouncilState, seatId: number): string {
  return state.seats.get(seatId)?.label ?? String(seatId);
}

function presentCard(state: CouncilState, seatId: number, cardUid: string, assurance: CardAssurance | undefined): DomainEvent[] {
  requireSeat(state, seatId);
  // before the card is looked up: a clone learns nothing about which UIDs are registered
  requireGenuineCard(state, assurance);
  if (state.revokedCards.has(cardUid)) refuse('card-revoked');
  const memberId = state.cards.get(cardUid);
  const member = memberId === undefined ? undefined : state.members.get(memberId);
  if (!member) refuse('card-unknown');
  if (!isActiveMember(state, member)) refuse('member-inactive', { name: displayName(member) });
  const here = state.attendance.get(member.id);
  const loginModel = state.register?.profile.loginModel ?? 'card-present';
  if (here && here.seatId === seatId) {
    // card-present: the card is still lying there (a repeated read) - nothing happens
    return loginModel === 'tap-toggle' ? [checkOut(member.id, seatId, 'card-tapped')] : [];
  }
  if (here) {
    const label = seatLabel(state, here.seatId);
    if (here.cardUid === cardUid) refuse('card-in-use-elsewhere', { seat: label });
    refuse('member-at-other-seat', { name: displayName(member), seat: label });
  }
  const occupantId = state.seatOccupant.get(seatId);
  const occupant = occupantId === undefined ? undefined : state.members.get(occupantId);
  if (occupant) refuse('seat-occupied', { name: displayName(occupant) });
  return [{ type: 'CheckedIn', memberId: member.id, seatId, cardUid }];
}

function removeCard(state: CouncilState, seatId: number): DomainEvent[] {
  requireSeat(state, seatId);
  if (state.register?.profile.loginModel === 'tap-toggle') return [];
  const occupantId = state.seatOccupant.get(seatId);
  if (occupantId === undefined) return [];
  // only a card login ends with the card; a manual check-in has no card to remove
  if (state.attendance.get(occupantId)?.cardUid === null) return [];
  return [checkOut(occupantId, seatId, 'card-removed')];
}

function checkOut(memberId: string, seatId: number, reason: CheckOutReason): DomainEvent {
  return { type: 'CheckedOut', memberId, seatId, reason };
}

function openVote(state: CouncilState, c: Extract<Command, { type: 'openVote' }>): DomainEvent[] {
  requireItem(state, c.itemId);
  if (state.openVoteId !== null) refuse('vote-already-open');
  if (state.quorumLackRecorded) refuse('quorum-lacking');
  if (state.lifecycle.status === 'interrupted') refuse('session-interrupted');
  if (state.lifecycle.status === 'closed') refuse('session-closed');
  if (state.votes.has(c.voteId)) refuse('validation-failed', { detail: `vote id ${c.voteId} exists` });
  const title = c.title.trim();
  if (title === '') refuse('validation-failed', { detail: 'title' });
  const motion = c.motion?.trim();
  const requests = beforeOpenVote(state, c.itemId, c.kind);
  // a vote belongs to the item on the screens: opening it on another item calls that item
  const select: DomainEvent[] =
    state.currentItemId === c.itemId
      ? []
      : [
          ...(state.speakers.floor && state.speakers.floor.itemId !== c.itemId ? endFloorEvents(state, 'item-changed') : []),
          { type: 'ItemSelected', itemId: c.itemId },
        ];
  return [
    ...select,
    ...requests,
    {
      type: 'VoteOpened',
      voteId: c.voteId,
      itemId: c.itemId,
      title,
      ...(motion ? { motion } : {}),
      kind: c.kind,
      majority: c.majority,
    },
  ];
}

function castBallot(state: CouncilState, c: Extract<Command, { type: 'castBallot' }>): DomainEvent[] {
  const vote = requireOpenVote(state, c.voteId);
  requireNotInterrupted(state, vote.id);
  requireSeat(state, c.seatId);
  const memberId = state.seatOccupant.get(c.seatId);
  const member = memberId === undefined ? undefined : state.members.get(memberId);
  if (!member) refuse('not-checked-in');
  const keyOwner = vote.keys.get(c.key);
  if (keyOwner !== undefined) {
    // a retry of a ballot already recorded (lost ack, reconnect): acknowledge again, record nothing
    if (keyOwner === member.id) return [];
    refuse('duplicate-key');
  }
  const reason = memberIneligibility(state, member, vote.itemId);
  if (reason !== null) refuse(reason);
  if (vote.kind === 'secret') {
    if (vote.participants.has(member.id)) refuse('secret-ballot-final');
    return [
      { type: 'SecretBallotCast', voteId: vote.id, memberId: member.id, seatId: c.seatId, key: c.key },
      { type: 'UrnDeposit', voteId: vote.id, choice: c.choice },
    ];
  }
  return [{ type: 'BallotCast', voteId: vote.id, memberId: member.id, seatId: c.seatId, choice: c.choice, key: c.key }];
}

function closeVote(state: CouncilState, voteId: string): DomainEvent[] {
  const vote = requireOpenVote(state, voteId);
  requireNotInterrupted(state, vote.id);
  const factionOrder: (string | null)[] = [...state.factions.keys(), null];
  const outcome = computeOutcome({
    kind: vote.kind,
    majority: vote.majority,
    ballots: new Map([...vote.ballots].map(([id, b]) => [id, b.choice])),
    secretTally: vote.secretTally,
    participants: vote.participants.size,
    eligible: eligibleMembers(state, vote).length,
    context: { legalMembers: legalMembers(state), present: presentWithVote(state) },
    factionOf: (id) => state.members.get(id)?.factionId ?? null,
    factionOrder,
  });
  return [{ type: 'VoteClosed', voteId, outcome }];
}

function setBias(state: CouncilState, c: Extract<Command, { type: 'setBias' }>): DomainEvent[] {
  requireItem(state, c.itemId);
  const member = state.members.get(c.memberId);
  if (!member) refuse('member-unknown', { member: c.memberId });
  if (isExcluded(state, c.itemId, c.memberId) === c.excluded) refuse('bias-unchanged');
  const open = state.openVoteId === null ? null : state.votes.get(state.openVoteId);
  // a ballot already cast cannot be taken back (in a secret vote nobody knows it): repeat the vote instead
  if (c.excluded && open && open.itemId === c.itemId && open.participants.has(c.memberId)) {
    refuse('member-already-voted', { name: displayName(member) });
  }
  const reason = c.reason?.trim();
  return [{ type: 'BiasSet', itemId: c.itemId, memberId: c.memberId, excluded: c.excluded, reason: reason ? reason : null }];
}
