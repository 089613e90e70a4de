/**
 * A small council for domain tests: 7 members in 3 factions (plus the factionless mayor and one
 * advisory member), legal number 7 (quorum 4), seats 1..8 (seat 8 stays empty), one card per
 * member (and a spare card for gruen-1), three agenda items of which top-3 is non-public.
 *
 * Factions are listed as gruen, buerger, links: register order is not alphabetical order, so
 * tests can tell the two apart.
 */
import { decide, type Command } from '../../../server/domain/decide';
import { DomainError } from '../../../server/domain/errors';
import { isUrnDeposit, type DomainEvent } from '../../../server/domain/events';
import { apply, emptyState, type CouncilState } from '../../../server/domain/state';
import type { Choice, MajorityRule, VoteKind } from '../../../server/protocol/common';
import { Register, type CouncilProfile, type RegisterInput } from '../../../server/protocol/register';

export const AT = '2026-03-12T17:00:00.000Z';

export type MemberKey = 'mayor' | 'gruen-1' | 'gruen-2' | 'buerger-1' | 'buerger-2' | 'links-1' | 'advisor';

/** Members with full voting right, in register order. */
export const FULL: readonly MemberKey[] = ['mayor', 'gruen-1', 'gruen-2', 'buerger-1', 'buerger-2', 'links-1'];
export const ALL: readonly MemberKey[] = [...FULL, 'advisor'];

/** Where each member sits in the tests. */
export const SEAT: Readonly<Record<MemberKey, number>> = {
  mayor: 1,
  'gruen-1': 2,
  'gruen-2': 3,
  'buerger-1': 4,
  'buerger-2': 5,
  'links-1': 6,
  advisor: 7,
};
export const EMPTY_SEAT = 8;

export const CARD: Readonly<Record<MemberKey, string>> = {
  mayor: 'AA000001',
  'gruen-1': 'AA000002',
  'gruen-2': 'AA000003',
  'buerger-1': 'AA000004',
  'buerger-2': 'AA000005',
  'links-1': 'AA000006',
  advisor: 'AA000007',
};
/** A second card of gruen-1. */
export const SPARE_CARD_GRUEN_1 = 'BB000002';
export const UNKNOWN_CARD = 'FF00FF00';

/** Seat 1 is the chair's desk "V"; seat n is labelled "P n" (label differs from id on purpose). */
export const seatLabel = (seatId: number): string => (seatId === 1 ? 'V' : `P ${seatId}`);

export function registerInput(profile: Partial<CouncilProfile> = {}): RegisterInput {
  const member = (id: MemberKey, firstName: string, lastName: string, factionId: string | null) => ({
    id,
    firstName,
    lastName,
    factionId,
    votingRight: 'full' as const,
    role: 'member' as const,
  });
  return {
    format: 'ratssaal-seed/1',
    body: { id: 'testrat', name: 'Rat der Gemeinde Teststadt', place: 'Ratssaal, Markt 1', legalMembers: 7 },
    profile: { loginModel: 'card-present', showIndividualOpenVotes: false, ...profile },
    factions: [
      { id: 'gruen', name: 'Grüne Liste', shortName: 'GL', color: '#3A8F3A' },
      { id: 'buerger', name: 'Bürgerbündnis', shortName: 'BB', color: '#1F4E8C' },
      { id: 'links', name: 'Soziale Liste', shortName: 'SL', color: '#B8322A' },
    ],
    members: [
      { ...member('mayor', 'Ute', 'Albers', null), title: 'Dr.', role: 'mayor' },
      member('gruen-1', 'Bernd', 'Brinkmann', 'gruen'),
      member('gruen-2', 'Claudia', 'Dreier', 'gruen'),
      member('buerger-1', 'Dieter', 'Ebert', 'buerger'),
      member('buerger-2', 'Eva', 'Fuchs', 'buerger'),
      member('links-1', 'Frank', 'Gerling', 'links'),
      { ...member('advisor', 'Gabriele', 'Hansen', 'links'), votingRight: 'advisory' },
    ],
    seats: Array.from({ length: 8 }, (_, i) => ({
      id: i + 1,
      label: seatLabel(i + 1),
      x: (i + 1) / 10,
      y: i === 0 ? 0.05 : 0.5,
      role: i === 0 ? ('chair' as const) : ('member' as const),
    })),
    cards: [
      ...ALL.map((id) => ({ uid: CARD[id], memberId: id })),
      { uid: SPARE_CARD_GRUEN_1, memberId: 'gruen-1' },
    ],
    session: {
      id: '2026-03-12-rat',
      title: '5. Sitzung des Rates',
      date: '2026-03-12',
      startTime: '17:00',
      agenda: [
        { id: 'top-1', number: '1', title: 'Haushaltssatzung 2026', public: true, motion: 'Der Rat beschließt die Haushaltssatzung.' },
        { id: 'top-2', number: '2', title: 'Bebauungsplan Nr. 12', public: true },
        {
          id: 'top-3',
          number: 'N 1',
          title: 'Grundstücksverkauf Flur 7',
          public: false,
          motion: 'Verkauf des Grundstücks Flur 7 an die Firma Geheim GmbH',
        },
      ],
    },
  };
}

export function register(profile: Partial<CouncilProfile> = {}): Register {
  return Register.parse(registerInput(profile));
}

/** decide, then apply every event with increasing seq and a fixed time; returns the events. */
export function run(state: CouncilState, command: Command, at: string = AT): DomainEvent[] {
  const events = decide(state, command);
  let seq = state.seq;
  for (const event of events) {
    if (!isUrnDeposit(event)) seq += 1;
    apply(state, event, { seq, at });
  }
  return events;
}

/** The DomainError a call throws; fails when it throws something else or nothing. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the command was accepted');
}

/** A fresh session with the register loaded. */
export function council(profile: Partial<CouncilProfile> = {}): CouncilState {
  const state = emptyState();
  run(state, { type: 'loadRegister', register: register(profile) });
  return state;
}

export const presentCard = (member: MemberKey, seatId: number = SEAT[member]): Command => ({
  type: 'presentCard',
  seatId,
  cardUid: CARD[member],
});

export function checkIn(state: CouncilState, ...members: readonly MemberKey[]): void {
  for (const m of members) run(state, presentCard(m));
}

export function checkOut(state: CouncilState, member: MemberKey): void {
  run(state, { type: 'removeCard', seatId: SEAT[member] });
}

export interface VoteSetup {
  voteId?: string;
  itemId?: string;
  kind?: VoteKind;
  majority?: MajorityRule;
}

export const openVoteCommand = (v: VoteSetup = {}): Extract<Command, { type: 'openVote' }> => ({
  type: 'openVote',
  voteId: v.voteId ?? 'v1',
  itemId: v.itemId ?? 'top-1',
  title: 'Abstimmung über die Vorlage',
  kind: v.kind ?? 'open',
  majority: v.majority ?? { kind: 'simple' },
});

export function openVote(state: CouncilState, v: VoteSetup = {}): void {
  run(state, openVoteCommand(v));
}

export const ballot = (member: MemberKey, choice: Choice, opts: { voteId?: string; key?: string } = {}): Extract<Command, { type: 'castBallot' }> => ({
  type: 'castBallot',
  voteId: opts.voteId ?? 'v1',
  seatId: SEAT[member],
  choice,
  key: opts.key ?? `key-${member}-${choice}`,
});

export function vote(state: CouncilState, member: MemberKey, choice: Choice, opts: { voteId?: string; key?: string } = {}): DomainEvent[] {
  return run(state, ballot(member, choice, opts));
}

/** Casts one ballot per entry, in the given order. */
export function voteAll(state: CouncilState, choices: Partial<Record<MemberKey, Choice>>, voteId = 'v1'): void {
  for (const [member, choice] of Object.entries(choices) as [MemberKey, Choice][]) vote(state, member, choice, { voteId });
}

/** A session with everyone checked in, top-1 selected. */
export function fullRoom(profile: Partial<CouncilProfile> = {}): CouncilState {
  const state = council(profile);
  checkIn(state, ...ALL);
  run(state, { type: 'selectItem', itemId: 'top-1' });
  return state;
}
