import type { CouncilProfile, Faction, Member, Register, Seat } from '../protocol/register';
import { refuse } from './errors';
import type { DomainEvent, EventMeta, RegisterEvent } from './events';
import { displayName } from './queries';
import type { CouncilState } from './state';
import { requireGenuineCard, type CardAssurance } from './card-assurance';

/**
 * The register after it was loaded: members, factions, seats, cards and the council's profile
 * change only by these commands, and every change is one event in the log.
 */
export type RegisterCommand =
  | { type: 'addMember'; member: Member }
  | { type: 'updateMember'; member: Member }
  | { type: 'retireMember'; memberId: string; until: string; reason?: string }
  | { type: 'addFaction'; faction: Faction }
  | { type: 'updateFaction'; faction: Faction }
  | { type: 'addSeat'; seat: Seat }
  | { type: 'updateSeat'; seat: Seat }
  | { type: 'updateProfile'; profile: CouncilProfile }
  | { type: 'setLegalMembers'; legalMembers: number; reason?: string }
  /** A card tapped while the clerk had this member's record in "register card" mode. */
  | { type: 'registerCard'; memberId: string; cardUid: string; assurance?: CardAssurance }
  | { type: 'revokeCard'; cardUid: string; reason: string }
  /** Factions, members and cards from one import: all recorded together, or nothing. */
  | { type: 'importRegister'; factions: Faction[]; members: Member[]; cards: { uid: string; memberId: string }[] };

export type RegisterCommandType = RegisterCommand['type'];

const REGISTER_COMMANDS: ReadonlySet<string> = new Set<RegisterCommandType>([
  'addMember',
  'updateMember',
  'retireMember',
  'addFaction',
  'updateFaction',
  'addSeat',
  'updateSeat',
  'updateProfile',
  'setLegalMembers',
  'registerCard',
  'revokeCard',
  'importRegister',
]);

export function isRegisterCommand(c: { type: string }): c is RegisterCommand {
  return REGISTER_COMMANDS.has(c.type);
}

/** Whether a member belongs to the body on the session's date (the active period is inclusive). */
export function isActiveMember(state: CouncilState, m: Member): boolean {
  const date = state.register?.session.date;
  if (date === undefined) return true;
  return (m.activeFrom === undefined || m.activeFrom <= date) && (m.activeUntil === undefined || date <= m.activeUntil);
}

/** A working copy of the parts of the state a batch of register events changes, for checks. */
interface Draft {
  members: Map<string, Member>;
  factions: Map<string, Faction>;
  cards: Map<string, string>;
}

function draftOf(state: CouncilState): Draft {
  return { members: new Map(state.members), factions: new Map(state.factions), cards: new Map(state.cards) };
}

/** The rules every state of the register keeps (the same as the seed format's). */
function checkInvariants(state: CouncilState, d: Draft): void {
  const active = [...d.members.values()].filter((m) => isActiveMember(state, m));
  const voting = active.filter((m) => m.votingRight === 'full').length;
  const legal = state.register?.body.legalMembers ?? 0;
  if (voting > legal) refuse('legal-members-exceeded', { voting, legal });
  if (active.filter((m) => m.role === 'mayor').length > 1) refuse('mayor-exists');
}

function requireNoOpenVote(state: CouncilState): void {
  // eligibility, factions and the base of majorities must not change under a running vote
  if (state.openVoteId !== null) refuse('register-vote-open');
}

function checkMember(d: Draft, m: Member): void {
  if (m.factionId !== null && !d.factions.has(m.factionId)) refuse('faction-unknown', { faction: m.factionId });
  if (m.activeFrom !== undefined && m.activeUntil !== undefined && m.activeUntil < m.activeFrom) {
    refuse('validation-failed', { detail: 'activeUntil < activeFrom' });
  }
}

function checkFactionUnique(d: Draft, f: Faction, except: string | null): void {
  for (const other of d.factions.values()) {
    if (other.id !== except && other.shortName.toLowerCase() === f.shortName.toLowerCase()) {
      refuse('faction-short-name-taken', { short: f.shortName });
    }
  }
}

function checkCardFree(state: CouncilState, d: Draft, uid: string, memberId: string): void {
  if (state.revokedCards.has(uid)) refuse('card-revoked');
  const owner = d.cards.get(uid);
  if (owner === memberId) refuse('card-already-registered');
  if (owner !== undefined) {
    const m = d.members.get(owner);
    refuse('card-registered-to-other', { name: m ? displayName(m) : owner });
  }
}

export function decideRegister(state: CouncilState, c: RegisterCommand): DomainEvent[] {
  const d = draftOf(state);
  switch (c.type) {
    case 'addMember': {
      requireNoOpenVote(state);
      if (d.members.has(c.member.id)) refuse('member-exists', { member: c.member.id });
      checkMember(d, c.member);
      d.members.set(c.member.id, c.member);
      checkInvariants(state, d);
      return [{ type: 'MemberAdded', member: c.member }];
    }
    case 'updateMember': {
      requireNoOpenVote(state);
      const before = d.members.get(c.member.id);
      if (!before) refuse('member-unknown', { member: c.member.id });
      checkMember(d, c.member);
      d.members.set(c.member.id, c.member);
      checkInvariants(state, d);
      const events: DomainEvent[] = [{ type: 'MemberUpdated', member: c.member }];
      const here = state.attendance.get(c.member.id);
      if (here && !isActiveMember(state, c.member)) {
        events.push({ type: 'CheckedOut', memberId: c.member.id, seatId: here.seatId, reason: 'member-retired' });
      }
      return events;
    }
    case 'retireMember': {
      requireNoOpenVote(state);
      const m = d.members.get(c.memberId);
      if (!m) refuse('member-unknown', { member: c.memberId });
      if (m.activeFrom !== undefined && c.until < m.activeFrom) refuse('validation-failed', { detail: 'until < activeFrom' });
      const reason = c.reason?.trim() || null;
      const events: DomainEvent[] = [{ type: 'MemberRetired', memberId: m.id, until: c.until, reason }];
      const here = state.attendance.get(m.id);
      if (here && !isActiveMember(state, { ...m, activeUntil: c.until })) {
        events.push({ type: 'CheckedOut', memberId: m.id, seatId: here.seatId, reason: 'member-retired' });
      }
      return events;
    }
    case 'addFaction':
      if (d.factions.has(c.faction.id)) refuse('faction-exists', { faction: c.faction.id });
      checkFactionUnique(d, c.faction, null);
      return [{ type: 'FactionAdded', faction: c.faction }];
    case 'updateFaction':
      requireNoOpenVote(state);
      if (!d.factions.has(c.faction.id)) refuse('faction-unknown', { faction: c.faction.id });
      checkFactionUnique(d, c.faction, c.faction.id);
      return [{ type: 'FactionUpdated', faction: c.faction }];
    case 'addSeat':
      if (state.seats.has(c.seat.id)) refuse('seat-exists', { seat: c.seat.id });
      return [{ type: 'SeatAdded', seat: c.seat }];
    case 'updateSeat':
      if (!state.seats.has(c.seat.id)) refuse('seat-unknown', { seat: c.seat.id });
      return [{ type: 'SeatUpdated', seat: c.seat }];
    case 'updateProfile':
      return [{ type: 'ProfileUpdated', profile: c.profile }];
    case 'setLegalMembers': {
      requireNoOpenVote(state);
      const previous = state.register?.body.legalMembers ?? 0;
      if (c.legalMembers === previous) refuse('validation-failed', { detail: 'legalMembers unchanged' });
      const active = [...d.members.values()].filter((m) => isActiveMember(state, m) && m.votingRight === 'full').length;
      if (active > c.legalMembers) refuse('legal-members-exceeded', { voting: active, legal: c.legalMembers });
      return [{ type: 'LegalMembersSet', legalMembers: c.legalMembers, previous, reason: c.reason?.trim() || null }];
    }
    case 'registerCard': {
      const m = d.members.get(c.memberId);
      if (!m) refuse('member-unknown', { member: c.memberId });
      requireGenuineCard(state, c.assurance);
      checkCardFree(state, d, c.cardUid, m.id);
      return [{ type: 'CardRegistered', uid: c.cardUid, memberId: m.id }];
    }
    case 'revokeCard': {
      const reason = c.reason.trim();
      if (reason === '') refuse('reason-required');
      if (state.revokedCards.has(c.cardUid)) refuse('card-revoked');
      const memberId = state.cards.get(c.cardUid);
      if (memberId === undefined) refuse('card-unknown');
      const events: DomainEvent[] = [{ type: 'CardRevoked', uid: c.cardUid, memberId, reason }];
      const here = state.attendance.get(memberId);
      // a member logged in with the lost card is logged out: whoever holds it must not vote
      if (here && here.cardUid === c.cardUid) events.push({ type: 'CheckedOut', memberId, seatId: here.seatId, reason: 'card-revoked' });
      return events;
    }
    case 'importRegister':
      return importRegister(state, d, c);
  }
}

function importRegister(state: CouncilState, d: Draft, c: Extract<RegisterCommand, { type: 'importRegister' }>): DomainEvent[] {
  requireNoOpenVote(state);
  if (c.factions.length + c.members.length + c.cards.length === 0) refuse('import-empty');
  const events: DomainEvent[] = [];
  for (const f of c.factions) {
    if (d.factions.has(f.id)) refuse('faction-exists', { faction: f.id });
    checkFactionUnique(d, f, null);
    d.factions.set(f.id, f);
    events.push({ type: 'FactionAdded', faction: f });
  }
  for (const m of c.members) {
    if (d.members.has(m.id)) refuse('member-exists', { member: m.id });
    checkMember(d, m);
    d.members.set(m.id, m);
    events.push({ type: 'MemberAdded', member: m });
  }
  checkInvariants(state, d);
  for (const card of c.cards) {
    if (!d.members.has(card.memberId)) refuse('member-unknown', { member: card.memberId });
    checkCardFree(state, d, card.uid, card.memberId);
    d.cards.set(card.uid, card.memberId);
    events.push({ type: 'CardRegistered', uid: card.uid, memberId: card.memberId });
  }
  return events;
}

/** The register object kept in the state follows the maps, so every reader of it sees the change. */
function syncRegister(state: CouncilState, patch: Partial<Pick<Register, 'body' | 'profile'>> = {}): void {
  const r = state.register;
  if (!r) throw new Error('log inconsistent: register event before RegisterLoaded');
  state.register = {
    ...r,
    ...patch,
    members: [...state.members.values()],
    factions: [...state.factions.values()],
    seats: [...state.seats.values()],
    cards: [...state.cards].map(([uid, memberId]) => ({ uid, memberId })),
  };
}

export function applyRegister(state: CouncilState, event: RegisterEvent, meta: EventMeta): void {
  switch (event.type) {
    case 'MemberAdded':
    case 'MemberUpdated':
      state.members.set(event.member.id, event.member);
      break;
    case 'MemberRetired': {
      const m = state.members.get(event.memberId);
      if (!m) throw new Error(`log inconsistent: unknown member ${event.memberId}`);
      state.members.set(m.id, { ...m, activeUntil: event.until });
      break;
    }
    case 'FactionAdded':
    case 'FactionUpdated':
      state.factions.set(event.faction.id, event.faction);
      break;
    case 'SeatAdded':
    case 'SeatUpdated':
      state.seats.set(event.seat.id, event.seat);
      break;
    case 'ProfileUpdated':
      return syncRegister(state, { profile: event.profile });
    case 'LegalMembersSet': {
      const body = state.register?.body;
      if (!body) throw new Error('log inconsistent: register event before RegisterLoaded');
      return syncRegister(state, { body: { ...body, legalMembers: event.legalMembers } });
    }
    case 'CardRegistered':
      state.cards.set(event.uid, event.memberId);
      state.cardRegisteredAt.set(event.uid, meta.at);
      break;
    case 'CardRevoked':
      state.cards.delete(event.uid);
      state.revokedCards.set(event.uid, { memberId: event.memberId, at: meta.at, reason: event.reason });
      break;
  }
  syncRegister(state);
}
