import { describe, it, expect } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import type { DomainEvent } from '../../../server/domain/events';
import { emptyState, type CouncilState } from '../../../server/domain/state';
import type { ErrorCode } from '../../../server/protocol/errors';
import type { CouncilProfile } from '../../../server/protocol/register';
import {
  CARD,
  EMPTY_SEAT,
  SEAT,
  SPARE_CARD_GRUEN_1,
  UNKNOWN_CARD,
  checkIn,
  council,
  openVoteCommand,
  presentCard,
  refusal,
  register,
  run,
  seatLabel,
  ballot,
} from './fixtures';

interface Case {
  name: string;
  profile?: Partial<CouncilProfile>;
  before?: (s: CouncilState) => void;
  command: Command;
}

const TAP: Partial<CouncilProfile> = { loginModel: 'tap-toggle' };

describe('presentCard / removeCard: events', () => {
  it.each<Case & { events: DomainEvent[] }>([
    {
      name: 'a registered card on a free seat checks in',
      command: presentCard('gruen-1'),
      events: [{ type: 'CheckedIn', memberId: 'gruen-1', seatId: SEAT['gruen-1'], cardUid: CARD['gruen-1'] }],
    },
    {
      name: 'card-present: the same card read again at the same seat does nothing',
      before: (s) => checkIn(s, 'gruen-1'),
      command: presentCard('gruen-1'),
      events: [],
    },
    {
      name: 'tap-toggle: a second tap at the same seat checks out',
      profile: TAP,
      before: (s) => checkIn(s, 'gruen-1'),
      command: presentCard('gruen-1'),
      events: [{ type: 'CheckedOut', memberId: 'gruen-1', seatId: SEAT['gruen-1'], reason: 'card-tapped' }],
    },
    {
      name: 'tap-toggle: a third tap checks in again',
      profile: TAP,
      before: (s) => {
        checkIn(s, 'gruen-1');
        checkIn(s, 'gruen-1');
      },
      command: presentCard('gruen-1'),
      events: [{ type: 'CheckedIn', memberId: 'gruen-1', seatId: SEAT['gruen-1'], cardUid: CARD['gruen-1'] }],
    },
    {
      name: 'card-present: removing the card checks out',
      before: (s) => checkIn(s, 'gruen-1'),
      command: { type: 'removeCard', seatId: SEAT['gruen-1'] },
      events: [{ type: 'CheckedOut', memberId: 'gruen-1', seatId: SEAT['gruen-1'], reason: 'card-removed' }],
    },
    {
      name: 'tap-toggle: removing the card does nothing',
      profile: TAP,
      before: (s) => checkIn(s, 'gruen-1'),
      command: { type: 'removeCard', seatId: SEAT['gruen-1'] },
      events: [],
    },
    {
      name: 'removing a card from an empty seat does nothing',
      command: { type: 'removeCard', seatId: EMPTY_SEAT },
      events: [],
    },
    {
      name: 'after checking out, the seat takes another member',
      before: (s) => {
        checkIn(s, 'gruen-1');
        run(s, { type: 'removeCard', seatId: SEAT['gruen-1'] });
      },
      command: presentCard('gruen-2', SEAT['gruen-1']),
      events: [{ type: 'CheckedIn', memberId: 'gruen-2', seatId: SEAT['gruen-1'], cardUid: CARD['gruen-2'] }],
    },
  ])('$name', ({ profile, before, command, events }) => {
    const state = council(profile);
    before?.(state);
    expect(run(state, command)).toEqual(events);
  });
});

describe('presentCard / removeCard: refusals', () => {
  it.each<Case & { code: ErrorCode; params?: Record<string, string | number> }>([
    { name: 'unknown card', command: { type: 'presentCard', seatId: 2, cardUid: UNKNOWN_CARD }, code: 'card-unknown' },
    { name: 'unknown seat', command: presentCard('gruen-1', 99), code: 'seat-unknown', params: { seat: 99 } },
    { name: 'removeCard at an unknown seat', command: { type: 'removeCard', seatId: 99 }, code: 'seat-unknown' },
    {
      name: 'the same card at another seat names the first seat by label',
      before: (s) => checkIn(s, 'gruen-1'),
      command: presentCard('gruen-1', EMPTY_SEAT),
      code: 'card-in-use-elsewhere',
      params: { seat: seatLabel(SEAT['gruen-1']) },
    },
    {
      name: 'tap-toggle: the same card at another seat',
      profile: TAP,
      before: (s) => checkIn(s, 'gruen-1'),
      command: presentCard('gruen-1', EMPTY_SEAT),
      code: 'card-in-use-elsewhere',
      params: { seat: seatLabel(SEAT['gruen-1']) },
    },
    {
      name: "a member's second card at another seat",
      before: (s) => checkIn(s, 'gruen-1'),
      command: { type: 'presentCard', seatId: EMPTY_SEAT, cardUid: SPARE_CARD_GRUEN_1 },
      code: 'member-at-other-seat',
      params: { name: 'Bernd Brinkmann', seat: seatLabel(SEAT['gruen-1']) },
    },
    {
      name: "another member's card at an occupied seat",
      before: (s) => checkIn(s, 'mayor'),
      command: presentCard('gruen-1', SEAT.mayor),
      code: 'seat-occupied',
      params: { name: 'Dr. Ute Albers' },
    },
  ])('$name -> $code', ({ profile, before, command, code, params }) => {
    const state = council(profile);
    before?.(state);
    const seq = state.seq;
    const error = refusal(() => run(state, command));
    expect(error.code).toBe(code);
    if (params) expect(error.params).toEqual(params);
    expect(state.seq).toBe(seq);
  });
});

describe('the register', () => {
  const beforeRegister: Command[] = [
    presentCard('gruen-1'),
    { type: 'removeCard', seatId: 2 },
    { type: 'selectItem', itemId: 'top-1' },
    openVoteCommand(),
    ballot('gruen-1', 'yes'),
    { type: 'closeVote', voteId: 'v1' },
    { type: 'cancelVote', voteId: 'v1', reason: 'Störung' },
    { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true },
    { type: 'recordQuorumLack' },
    { type: 'clearQuorumLack' },
  ];

  it.each(beforeRegister)('$type before loadRegister -> register-missing', (command) => {
    expect(refusal(() => run(emptyState(), command)).code).toBe('register-missing');
  });

  it('loadRegister produces RegisterLoaded and fills the state', () => {
    const state = emptyState();
    const r = register();
    expect(run(state, { type: 'loadRegister', register: r })).toEqual([{ type: 'RegisterLoaded', register: r }]);
    expect([state.members.size, state.factions.size, state.seats.size, state.items.size, state.cards.size]).toEqual([7, 3, 8, 3, 8]);
  });

  it('loadRegister twice -> register-already-loaded', () => {
    expect(refusal(() => run(council(), { type: 'loadRegister', register: register() })).code).toBe('register-already-loaded');
  });
});
