import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import type { DomainEvent } from '../../../server/domain/events';
import { apply, emptyState, type CouncilState } from '../../../server/domain/state';
import { chairView } from '../../../server/domain/views';
import type { ErrorCode } from '../../../server/protocol/errors';
import type { Member } from '../../../server/protocol/register';
import { AT, CARD, SEAT, UNKNOWN_CARD, checkIn, council, fullRoom, openVote, presentCard, refusal, register, run } from './fixtures';

const newMember = (over: Partial<Member> = {}): Member => ({
  id: 'neu-1',
  firstName: 'Hanna',
  lastName: 'Imhoff',
  factionId: 'gruen',
  votingRight: 'advisory',
  role: 'member',
  ...over,
});

interface RefusalCase {
  name: string;
  before?: (s: CouncilState) => void;
  command: Command;
  code: ErrorCode;
}

describe('register commands: refusals change nothing', () => {
  it.each<RefusalCase>([
    { name: 'a member id that exists', command: { type: 'addMember', member: newMember({ id: 'gruen-1' }) }, code: 'member-exists' },
    { name: 'an unknown faction', command: { type: 'addMember', member: newMember({ factionId: 'nope' }) }, code: 'faction-unknown' },
    {
      name: 'an 8th member with full vote where the legal number is 7',
      before: (s) => run(s, { type: 'addMember', member: newMember({ id: 'neu-0', votingRight: 'full' }) }),
      command: { type: 'addMember', member: newMember({ votingRight: 'full' }) },
      code: 'legal-members-exceeded',
    },
    { name: 'a second mayor', command: { type: 'addMember', member: newMember({ role: 'mayor' }) }, code: 'mayor-exists' },
    {
      name: 'an active period that ends before it starts',
      command: { type: 'addMember', member: newMember({ activeFrom: '2026-05-01', activeUntil: '2026-04-01' }) },
      code: 'validation-failed',
    },
    { name: 'updating an unknown member', command: { type: 'updateMember', member: newMember() }, code: 'member-unknown' },
    {
      name: 'changing a member while a vote is open',
      before: (s) => openVote(s),
      command: { type: 'updateMember', member: newMember({ id: 'gruen-2', votingRight: 'advisory' }) },
      code: 'register-vote-open',
    },
    {
      name: 'a faction short name that is taken (case-insensitive)',
      command: { type: 'addFaction', faction: { id: 'neu', name: 'Neue Liste', shortName: 'gl', color: '#000000' } },
      code: 'faction-short-name-taken',
    },
    { name: 'a legal number below the members with vote', command: { type: 'setLegalMembers', legalMembers: 5 }, code: 'legal-members-exceeded' },
    { name: 'a seat that exists', command: { type: 'addSeat', seat: { id: 3, label: 'X', x: 0, y: 0, role: 'member' } }, code: 'seat-exists' },
    { name: 'a card of another member', command: { type: 'registerCard', memberId: 'gruen-1', cardUid: CARD['links-1'] }, code: 'card-registered-to-other' },
    { name: 'a card the member already has', command: { type: 'registerCard', memberId: 'gruen-1', cardUid: CARD['gruen-1'] }, code: 'card-already-registered' },
    {
      name: 'a revoked card',
      before: (s) => run(s, { type: 'revokeCard', cardUid: CARD['gruen-2'], reason: 'verloren' }),
      command: { type: 'registerCard', memberId: 'gruen-1', cardUid: CARD['gruen-2'] },
      code: 'card-revoked',
    },
    { name: 'revoking without a reason', command: { type: 'revokeCard', cardUid: CARD['gruen-1'], reason: '  ' }, code: 'reason-required' },
    { name: 'revoking an unknown card', command: { type: 'revokeCard', cardUid: UNKNOWN_CARD, reason: 'x' }, code: 'card-unknown' },
    { name: 'an empty import', command: { type: 'importRegister', factions: [], members: [], cards: [] }, code: 'import-empty' },
    {
      name: 'an import whose second member is bad: nothing of it',
      command: { type: 'importRegister', factions: [], members: [newMember(), newMember({ id: 'neu-2', factionId: 'nope' })], cards: [] },
      code: 'faction-unknown',
    },
  ])('$name', ({ before, command, code }) => {
    const state = council();
    before?.(state);
    const seq = state.seq;
    const members = state.members.size;
    expect(refusal(() => run(state, command)).code).toBe(code);
    expect(state.seq).toBe(seq);
    expect(state.members.size).toBe(members);
  });
});

describe('register commands: events and state', () => {
  it('adds a member, who can then be checked in by a newly registered card', () => {
    const s = council();
    expect(run(s, { type: 'addMember', member: newMember() })).toEqual([{ type: 'MemberAdded', member: newMember() }]);
    expect(run(s, { type: 'registerCard', memberId: 'neu-1', cardUid: 'CC000001' })).toEqual([
      { type: 'CardRegistered', uid: 'CC000001', memberId: 'neu-1' },
    ]);
    expect(run(s, { type: 'presentCard', seatId: 8, cardUid: 'CC000001' })).toEqual([
      { type: 'CheckedIn', memberId: 'neu-1', seatId: 8, cardUid: 'CC000001' },
    ]);
    expect(s.register?.members.map((m) => m.id)).toContain('neu-1');
    expect(s.register?.cards).toContainEqual({ uid: 'CC000001', memberId: 'neu-1' });
  });

  it('revoking a card logs out the member using it, and the card is refused from then on', () => {
    const s = council();
    checkIn(s, 'gruen-1');
    expect(run(s, { type: 'revokeCard', cardUid: CARD['gruen-1'], reason: 'Karte verloren' })).toEqual([
      { type: 'CardRevoked', uid: CARD['gruen-1'], memberId: 'gruen-1', reason: 'Karte verloren' },
      { type: 'CheckedOut', memberId: 'gruen-1', seatId: SEAT['gruen-1'], reason: 'card-revoked' },
    ]);
    expect(s.attendance.has('gruen-1')).toBe(false);
    expect(refusal(() => run(s, presentCard('gruen-1'))).code).toBe('card-revoked');
    expect(s.revokedCards.get(CARD['gruen-1'])).toEqual({ memberId: 'gruen-1', at: AT, reason: 'Karte verloren' });
  });

  it('revoking a card does not log out a member who is in with another card', () => {
    const s = council();
    run(s, { type: 'presentCard', seatId: SEAT['gruen-1'], cardUid: 'BB000002' });
    expect(run(s, { type: 'revokeCard', cardUid: CARD['gruen-1'], reason: 'verloren' })).toHaveLength(1);
    expect(s.attendance.get('gruen-1')?.cardUid).toBe('BB000002');
  });

  it('a member retired before the session date is logged out, leaves the chair view and cannot log in', () => {
    const s = council();
    checkIn(s, 'gruen-2');
    expect(run(s, { type: 'retireMember', memberId: 'gruen-2', until: '2026-03-01', reason: 'Mandat niedergelegt' })).toEqual([
      { type: 'MemberRetired', memberId: 'gruen-2', until: '2026-03-01', reason: 'Mandat niedergelegt' },
      { type: 'CheckedOut', memberId: 'gruen-2', seatId: SEAT['gruen-2'], reason: 'member-retired' },
    ]);
    expect(refusal(() => run(s, presentCard('gruen-2'))).code).toBe('member-inactive');
    expect(chairView(s).attendance.map((r) => r.member.id)).not.toContain('gruen-2');
    // the seat is free for a successor with full vote: the legal number counts active members only
    run(s, { type: 'addMember', member: newMember({ votingRight: 'full', activeFrom: '2026-03-02' }) });
    expect(s.members.get('neu-1')?.votingRight).toBe('full');
  });

  it('a member retiring on or after the session date stays active today', () => {
    const s = council();
    checkIn(s, 'gruen-2');
    expect(run(s, { type: 'retireMember', memberId: 'gruen-2', until: '2026-03-12' })).toHaveLength(1);
    expect(s.attendance.has('gruen-2')).toBe(true);
  });

  it('profile and legal number change the register the views read', () => {
    const s = council();
    const profile = { ...register().profile, showIndividualOpenVotes: true, speakingTimeSeconds: 180 };
    run(s, { type: 'updateProfile', profile });
    expect(s.register?.profile.speakingTimeSeconds).toBe(180);
    expect(run(s, { type: 'setLegalMembers', legalMembers: 9, reason: 'Nachwahl' })).toEqual([
      { type: 'LegalMembersSet', legalMembers: 9, previous: 7, reason: 'Nachwahl' },
    ]);
    expect(chairView(s).quorum).toMatchObject({ legalMembers: 9, threshold: 5 });
  });

  it('an import records factions, members and cards in one batch, members may use the new factions', () => {
    const s = council();
    const events = run(s, {
      type: 'importRegister',
      factions: [{ id: 'neu', name: 'Neue Liste', shortName: 'NL', color: '#123456' }],
      members: [newMember({ factionId: 'neu' }), newMember({ id: 'neu-2', lastName: 'Jansen', factionId: null })],
      cards: [{ uid: 'CC000009', memberId: 'neu-2' }],
    });
    expect(events.map((e) => e.type)).toEqual(['FactionAdded', 'MemberAdded', 'MemberAdded', 'CardRegistered']);
    expect(s.factions.get('neu')?.shortName).toBe('NL');
    expect(s.cards.get('CC000009')).toBe('neu-2');
  });

  it('replaying the logged events gives the same register', () => {
    const live = fullRoom();
    const log: { event: DomainEvent; seq: number }[] = [];
    const record = (c: Command) => {
      for (const event of run(live, c)) log.push({ event, seq: live.seq });
    };
    record({ type: 'addFaction', faction: { id: 'neu', name: 'Neue Liste', shortName: 'NL', color: '#123456' } });
    record({ type: 'updateMember', member: { ...newMember({ id: 'advisor', factionId: 'neu' }), firstName: 'Gabi' } });
    record({ type: 'revokeCard', cardUid: CARD.advisor, reason: 'defekt' });
    record({ type: 'registerCard', memberId: 'advisor', cardUid: 'CC000010' });
    record({ type: 'addSeat', seat: { id: 9, label: 'P 9', x: 0.9, y: 0.5, role: 'member' } });
    const replayed = emptyState();
    apply(replayed, { type: 'RegisterLoaded', register: register() }, { seq: 1, at: AT });
    for (const { event, seq } of log) apply(replayed, event, { seq, at: AT });
    expect(replayed.register?.members).toEqual(live.register?.members);
    expect(replayed.register?.factions).toEqual(live.register?.factions);
    expect(replayed.register?.seats).toEqual(live.register?.seats);
    expect(replayed.register?.cards).toEqual(live.register?.cards);
    expect([...replayed.revokedCards]).toEqual([...live.revokedCards]);
  });
});
