import { describe, expect, it } from 'vitest';
import { cardAssuranceSuffices, CARD_ALERTS_KEPT, type CardAssurance } from '../../../server/domain/card-assurance';
import type { Command } from '../../../server/domain/decide';
import { chairView } from '../../../server/domain/views';
import { buildMinutes, type LogEntry } from '../../../server/export/minutes';
import { buildDocument } from '../../../server/export/document';
import { DEFAULT_TIME_ZONE } from '../../../server/export/format';
import type { LoggedEvent } from '../../../server/domain/events';
import type { CardAuthentication } from '../../../server/protocol/register';
import { CouncilProfile } from '../../../server/protocol/register';
import { AT, CARD, SEAT, UNKNOWN_CARD, council, refusal, register, run } from './fixtures';

const CR: { cardAuthentication: CardAuthentication } = { cardAuthentication: 'challenge-response' };

describe('card policy table: profile × assurance', () => {
  it.each<[CardAuthentication, CardAssurance, boolean]>([
    ['uid', 'uid', true],
    ['uid', 'challenge-response', true],
    ['challenge-response', 'uid', false],
    ['challenge-response', 'challenge-response', true],
  ])('policy %s, card %s: accepted %s', (policy, assurance, accepted) => {
    expect(cardAssuranceSuffices(policy, assurance)).toBe(accepted);
  });

  it('the profile defaults to UID cards (councils without the option work as before)', () => {
    expect(CouncilProfile.parse({}).cardAuthentication).toBe('uid');
    expect(() => CouncilProfile.parse({ cardAuthentication: 'magic' })).toThrow();
  });
});

const tap = (assurance: CardAssurance | undefined, uid: string = CARD['gruen-1']): Command => ({
  type: 'presentCard',
  seatId: SEAT['gruen-1'],
  cardUid: uid,
  ...(assurance ? { assurance } : {}),
});

describe('presentCard under the policy', () => {
  it.each<[CardAuthentication, CardAssurance | undefined, 'checked-in' | 'card-not-genuine']>([
    ['uid', undefined, 'checked-in'],
    ['uid', 'uid', 'checked-in'],
    ['uid', 'challenge-response', 'checked-in'],
    ['challenge-response', undefined, 'card-not-genuine'],
    ['challenge-response', 'uid', 'card-not-genuine'],
    ['challenge-response', 'challenge-response', 'checked-in'],
  ])('policy %s, assurance %s: %s', (policy, assurance, outcome) => {
    const state = council({ cardAuthentication: policy });
    if (outcome === 'checked-in') {
      expect(run(state, tap(assurance))).toEqual([{ type: 'CheckedIn', memberId: 'gruen-1', seatId: SEAT['gruen-1'], cardUid: CARD['gruen-1'] }]);
    } else {
      const seq = state.seq;
      expect(refusal(() => run(state, tap(assurance))).code).toBe('card-not-genuine');
      expect(state.seq).toBe(seq);
      expect(state.attendance.size).toBe(0);
    }
  });

  it('an unknown UID that is not genuine gets the same answer as a registered one (a clone learns nothing)', () => {
    const state = council(CR);
    expect(refusal(() => run(state, tap('uid', UNKNOWN_CARD))).code).toBe('card-not-genuine');
    expect(refusal(() => run(state, tap('challenge-response', UNKNOWN_CARD))).code).toBe('card-unknown');
  });

  it('switching the profile by updateProfile takes effect for the next card (an event in the log)', () => {
    const state = council();
    const profile = { ...register().profile, cardAuthentication: 'challenge-response' as const };
    expect(run(state, { type: 'updateProfile', profile })).toEqual([{ type: 'ProfileUpdated', profile }]);
    expect(refusal(() => run(state, tap('uid'))).code).toBe('card-not-genuine');
  });

  it('a member already logged in stays logged in when the policy is switched on', () => {
    const state = council();
    run(state, tap('uid'));
    run(state, { type: 'updateProfile', profile: { ...register().profile, ...CR } });
    expect(state.attendance.has('gruen-1')).toBe(true);
  });
});

describe('registerCard under the policy', () => {
  const NEW = '04AABBCCDDEEFF';
  it.each<[CardAuthentication, CardAssurance | undefined, boolean]>([
    ['uid', undefined, true],
    ['uid', 'uid', true],
    ['challenge-response', 'uid', false],
    ['challenge-response', undefined, false],
    ['challenge-response', 'challenge-response', true],
  ])('policy %s, assurance %s: registered %s', (policy, assurance, ok) => {
    const state = council({ cardAuthentication: policy });
    const command: Command = { type: 'registerCard', memberId: 'links-1', cardUid: NEW, ...(assurance ? { assurance } : {}) };
    if (ok) expect(run(state, command)).toEqual([{ type: 'CardRegistered', uid: NEW, memberId: 'links-1' }]);
    else {
      expect(refusal(() => run(state, command)).code).toBe('card-not-genuine');
      expect(state.cards.has(NEW)).toBe(false);
    }
  });
});

describe('recordCardAuthenticationFailure', () => {
  it('records the attempt with the member the UID belongs to, and changes nothing else', () => {
    const state = council(CR);
    const before = { attendance: state.attendance.size, cards: new Map(state.cards) };
    const events = run(state, { type: 'recordCardAuthenticationFailure', seatId: 3, cardUid: CARD['gruen-1'], purpose: 'login' });
    expect(events).toEqual([{ type: 'CardAuthenticationFailed', seatId: 3, uid: CARD['gruen-1'], memberId: 'gruen-1', purpose: 'login' }]);
    expect(state.attendance.size).toBe(before.attendance);
    expect(state.cards).toEqual(before.cards);
    expect(state.cardAuthFailures).toEqual([{ at: AT, seatId: 3, uid: CARD['gruen-1'], memberId: 'gruen-1', purpose: 'login' }]);
  });

  it('an unknown UID is recorded without a member; a registration attempt without a seat', () => {
    const state = council(CR);
    expect(run(state, { type: 'recordCardAuthenticationFailure', seatId: null, cardUid: UNKNOWN_CARD, purpose: 'registration' })).toEqual([
      { type: 'CardAuthenticationFailed', seatId: null, uid: UNKNOWN_CARD, memberId: null, purpose: 'registration' },
    ]);
  });

  it('refuses an unknown seat', () => {
    expect(refusal(() => run(council(CR), { type: 'recordCardAuthenticationFailure', seatId: 99, cardUid: UNKNOWN_CARD, purpose: 'login' })).code).toBe('seat-unknown');
  });

  it("the chair's view lists the attempts newest first and keeps only the latest few", () => {
    const state = council(CR);
    for (let i = 0; i < CARD_ALERTS_KEPT + 5; i++) {
      const uid = `CC${String(i).padStart(6, '0')}`;
      run(state, { type: 'recordCardAuthenticationFailure', seatId: 2, cardUid: i === CARD_ALERTS_KEPT + 4 ? CARD['gruen-2'] : uid, purpose: 'login' }, `2026-03-12T17:${String(i).padStart(2, '0')}:00.000Z`);
    }
    const alerts = chairView(state).cardAlerts ?? [];
    expect(alerts).toHaveLength(CARD_ALERTS_KEPT);
    expect(alerts[0]).toMatchObject({ seatId: 2, seatLabel: 'P 2', uid: CARD['gruen-2'], member: { id: 'gruen-2', name: 'Claudia Dreier' }, purpose: 'login' });
    expect(alerts[1]?.member).toBeNull();
  });
});

describe('minutes: security notes', () => {
  it('a failed card authentication is a security note in the minutes, with seat and member', () => {
    const events: LoggedEvent[] = [
      { type: 'RegisterLoaded', register: register(CR) },
      { type: 'CardAuthenticationFailed', seatId: 2, uid: CARD['gruen-1'], memberId: 'gruen-1', purpose: 'login' },
    ];
    const entries: LogEntry[] = events.map((event, i) => ({ seq: i + 1, at: AT, actor: { kind: 'system' }, event, hash: 'x'.repeat(64) }));
    const minutes = buildMinutes(entries);
    expect(minutes.securityNotes).toEqual([
      { at: AT, kind: 'card-authentication-failed', seatId: 2, seatLabel: 'P 2', uid: CARD['gruen-1'], memberId: 'gruen-1', purpose: 'login' },
    ]);
    expect(minutes.otherEvents).toEqual([]);
    const text = JSON.stringify(buildDocument(minutes, { timeZone: DEFAULT_TIME_ZONE }));
    expect(text).toContain('Sicherheitsvermerke');
    expect(text).toContain('Bernd Brinkmann');
  });
});
