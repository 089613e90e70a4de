/**
 * buildMinutes is a pure function of the logged events: table tests with hand-written logs,
 * including envelopes the current commands do not produce yet (manual entries by the clerk)
 * and event types this version does not know.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, LoggedEvent } from '../../../server/domain/events';
import { buildMinutes, type LogEntry } from '../../../server/export/minutes';
import { Minutes } from '../../../server/export/schema';
import { register } from '../domain/fixtures';

const SYSTEM: Actor = { kind: 'system' };
const CHAIR: Actor = { kind: 'chair' };
const CLERK: Actor = { kind: 'clerk' };
const seat = (seatId: number): Actor => ({ kind: 'seat', seatId });
const reader = (seatId: number): Actor => ({ kind: 'reader', readerId: `r-${seatId}`, seatId });
const at = (minute: number) => new Date(Date.UTC(2026, 2, 12, 16, minute)).toISOString();

/** A log: [minute, actor, event]; seq and hashes are filled in. */
function log(...rows: [number, Actor, LoggedEvent | { type: string; [k: string]: unknown }][]): LogEntry[] {
  return [[0, SYSTEM, { type: 'RegisterLoaded', register: register() }] as const, ...rows].map(([minute, actor, event], i) => ({
    seq: i + 1,
    at: at(minute),
    actor,
    event: event as LoggedEvent,
    hash: (i + 1).toString(16).padStart(64, '0'),
  }));
}

const OPEN_V1: LoggedEvent = { type: 'VoteOpened', voteId: 'v1', itemId: 'top-1', title: 'Vorlage', kind: 'open', majority: { kind: 'simple' } };
const outcome = (tally: { yes: number; no: number; abstain: number }, passed: boolean, secret = false) => ({
  tally,
  participants: tally.yes + tally.no + tally.abstain,
  eligible: 6,
  present: 6,
  legalMembers: 7,
  required: { rule: { kind: 'simple' as const }, baseKind: 'cast' as const, base: tally.yes + tally.no, neededYes: tally.no + 1 },
  passed,
  byFaction: secret ? null : [],
  choices: secret ? null : [],
});

describe('buildMinutes', () => {
  it('validates against the published schema and carries the last hash', () => {
    const m = buildMinutes(log([1, CHAIR, { type: 'ItemSelected', itemId: 'top-1' }]));
    expect(Minutes.parse(m)).toEqual(m);
    expect(m.log).toEqual({ events: 2, lastSeq: 2, finalHash: '2'.padStart(64, '0') });
    expect(m.times.firstRecordAt).toBe(at(1));
    expect(m.items.map((i) => [i.number, i.calledAt])).toEqual([
      ['1', [at(1)]],
      ['2', []],
      ['N 1', []],
    ]);
  });

  it('throws on a log without register', () => {
    expect(() => buildMinutes([])).toThrow('no register');
  });

  it.each([
    ['card login and card removal', reader(2), 'AA000002', reader(2), 'card-removed' as const, false, false],
    ['manual check-in (no card) by the clerk', CLERK, null, reader(2), 'card-removed' as const, true, false],
    ['manual check-out by the chair', reader(2), 'AA000002', CHAIR, 'manual' as const, false, true],
  ])('attendance: %s', (_name, inActor, cardUid, outActor, reason, manualIn, manualOut) => {
    const m = buildMinutes(
      log(
        [1, inActor, { type: 'CheckedIn', memberId: 'gruen-1', seatId: 2, cardUid }],
        [9, outActor, { type: 'CheckedOut', memberId: 'gruen-1', seatId: 2, reason }],
      ),
    );
    expect(m.attendance).toEqual([
      { memberId: 'gruen-1', spans: [{ seatId: 2, seatLabel: 'P 2', from: at(1), to: at(9), manualIn, manualOut, outReason: reason }] },
    ]);
  });

  it('lists attendance in register order and keeps every stay', () => {
    const m = buildMinutes(
      log(
        [1, reader(6), { type: 'CheckedIn', memberId: 'links-1', seatId: 6, cardUid: 'AA000006' }],
        [2, reader(1), { type: 'CheckedIn', memberId: 'mayor', seatId: 1, cardUid: 'AA000001' }],
        [3, reader(6), { type: 'CheckedOut', memberId: 'links-1', seatId: 6, reason: 'card-removed' }],
        [4, reader(5), { type: 'CheckedIn', memberId: 'links-1', seatId: 5, cardUid: 'AA000006' }],
      ),
    );
    expect(m.attendance.map((a) => [a.memberId, a.spans.map((s) => [s.seatId, s.to])])).toEqual([
      ['mayor', [[1, null]]],
      ['links-1', [[6, at(3)], [5, null]]],
    ]);
  });

  it('named vote: the last ballot of each member counts, in register order, manual ballots marked', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, { ...OPEN_V1, kind: 'named' }],
        [2, seat(6), { type: 'BallotCast', voteId: 'v1', memberId: 'links-1', seatId: 6, choice: 'no', key: 'k-1-aaaa' }],
        [3, seat(2), { type: 'BallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: 2, choice: 'no', key: 'k-2-aaaa' }],
        [4, seat(2), { type: 'BallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: 2, choice: 'yes', key: 'k-3-aaaa' }],
        [5, CLERK, { type: 'BallotCast', voteId: 'v1', memberId: 'mayor', seatId: 1, choice: 'yes', key: 'k-4-aaaa' }],
        [6, CHAIR, { type: 'VoteClosed', voteId: 'v1', outcome: outcome({ yes: 2, no: 1, abstain: 0 }, true) }],
      ),
    );
    const v = m.items[0]?.votes[0];
    expect(v?.participants).toBe(3);
    expect(v?.named).toEqual([
      { memberId: 'mayor', choice: 'yes', seatId: 1, manual: true },
      { memberId: 'gruen-1', choice: 'yes', seatId: 2, manual: false },
      { memberId: 'links-1', choice: 'no', seatId: 6, manual: false },
    ]);
    expect(v?.result).toMatchObject({ tally: { yes: 2, no: 1, abstain: 0 }, neededYes: 2, passed: true, majorityBase: 'cast' });
  });

  it('open vote: counts only, no list of names', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, OPEN_V1],
        [2, seat(2), { type: 'BallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: 2, choice: 'yes', key: 'k-2-aaaa' }],
        [3, CHAIR, { type: 'VoteClosed', voteId: 'v1', outcome: outcome({ yes: 1, no: 0, abstain: 0 }, true) }],
      ),
    );
    expect(m.items[0]?.votes[0]).toMatchObject({ status: 'closed', named: null, participants: 1, closedAt: at(3) });
  });

  it.each([
    ['urn agrees', { yes: 1, no: 1, abstain: 0 }, true],
    ['urn differs', { yes: 2, no: 0, abstain: 0 }, false],
  ])('secret vote: %s', (_name, urnTally, matches) => {
    const m = buildMinutes(
      log(
        [1, CHAIR, { ...OPEN_V1, kind: 'secret' }],
        [2, seat(2), { type: 'SecretBallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: 2, key: 'k-2-aaaa' }],
        [3, seat(3), { type: 'SecretBallotCast', voteId: 'v1', memberId: 'gruen-2', seatId: 3, key: 'k-3-aaaa' }],
        [4, CHAIR, { type: 'VoteClosed', voteId: 'v1', outcome: outcome({ yes: 1, no: 1, abstain: 0 }, false, true) }],
      ),
      new Map([['v1', urnTally]]),
    );
    expect(m.items[0]?.votes[0]).toMatchObject({ participants: 2, named: null, urnMatches: matches, result: { byFaction: null, passed: false } });
  });

  it('a secret vote still open at the end has no result', () => {
    const m = buildMinutes(
      log([1, CHAIR, { ...OPEN_V1, kind: 'secret' }], [2, seat(2), { type: 'SecretBallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: 2, key: 'k-2-aaaa' }]),
      new Map([['v1', { yes: 1, no: 0, abstain: 0 }]]),
    );
    expect(m.items[0]?.votes[0]).toMatchObject({ status: 'open', result: null, urnMatches: null });
  });

  it('session opened, interrupted with reason, resumed and closed: the header times', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, { type: 'SessionOpened' }],
        [20, CHAIR, { type: 'SessionInterrupted', reason: 'Technische Störung' }],
        [35, CHAIR, { type: 'SessionResumed' }],
        [50, CHAIR, { type: 'SessionInterrupted', reason: 'Pause' }],
        [58, CHAIR, { type: 'SessionClosed' }],
      ),
    );
    expect(m.times).toMatchObject({
      openedAt: at(1),
      closedAt: at(58),
      interruptions: [
        { from: at(20), to: at(35), reason: 'Technische Störung' },
        { from: at(50), to: at(58), reason: 'Pause' },
      ],
    });
    expect(m.otherEvents).toEqual([]);
  });

  it('a corrected result keeps the recorded one and lists each correction with reason and who', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, OPEN_V1],
        [2, CHAIR, { type: 'VoteClosed', voteId: 'v1', outcome: outcome({ yes: 3, no: 2, abstain: 1 }, true) }],
        [
          9,
          CLERK,
          {
            type: 'ResultCorrected',
            voteId: 'v1',
            tally: { yes: 2, no: 3, abstain: 1 },
            passed: false,
            neededYes: 4,
            previous: { tally: { yes: 3, no: 2, abstain: 1 }, passed: true },
            reason: 'Stimme von Platz 4 falsch zugeordnet',
            by: 'clerk',
          },
        ],
      ),
    );
    const vote = m.items[0]!.votes[0]!;
    expect(vote.result).toMatchObject({ tally: { yes: 3, no: 2, abstain: 1 }, passed: true });
    expect(vote.corrections).toEqual([
      { at: at(9), tally: { yes: 2, no: 3, abstain: 1 }, passed: false, neededYes: 4, reason: 'Stimme von Platz 4 falsch zugeordnet', by: 'clerk' },
    ]);
    expect(Minutes.parse(m)).toEqual(m);
  });

  it('cancelled vote keeps its reason and time', () => {
    const m = buildMinutes(log([1, CHAIR, OPEN_V1], [2, CHAIR, { type: 'VoteCancelled', voteId: 'v1', reason: 'Störung' }]));
    expect(m.items[0]?.votes[0]).toMatchObject({ status: 'cancelled', cancelReason: 'Störung', closedAt: at(2), result: null });
  });

  it('bias: set and lifted, per item', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, { type: 'BiasSet', itemId: 'top-2', memberId: 'buerger-1', excluded: true, reason: 'Anlieger' }],
        [2, CHAIR, { type: 'BiasSet', itemId: 'top-2', memberId: 'buerger-1', excluded: false, reason: null }],
        [3, CHAIR, { type: 'BiasSet', itemId: 'top-2', memberId: 'gruen-2', excluded: true, reason: null }],
      ),
    );
    expect(m.items[1]?.bias).toEqual([
      { memberId: 'buerger-1', reason: 'Anlieger', from: at(1), to: at(2) },
      { memberId: 'gruen-2', reason: null, from: at(3), to: null },
    ]);
    expect(m.items[0]?.bias).toEqual([]);
  });

  it('quorum: lack recorded during an item, then cleared', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, { type: 'ItemSelected', itemId: 'top-2' }],
        [2, CHAIR, { type: 'QuorumLackRecorded', present: 3, threshold: 4 }],
        [5, CHAIR, { type: 'QuorumLackCleared', present: 4, threshold: 4 }],
      ),
    );
    expect(m.quorum).toEqual([{ recordedAt: at(2), present: 3, threshold: 4, itemId: 'top-2', clearedAt: at(5), clearedPresent: 4 }]);
  });

  it('counts events of types it does not know instead of failing or hiding them', () => {
    const m = buildMinutes(
      log(
        [1, CHAIR, { type: 'SpeakerAdded', memberId: 'gruen-1' }],
        [2, CHAIR, { type: 'SpeakerAdded', memberId: 'links-1' }],
        [3, CLERK, { type: 'FromANewerVersion', voteId: 'v1', reason: 'x' }],
        [4, CHAIR, { type: 'ItemSelected', itemId: 'top-1' }],
      ),
    );
    expect(m.otherEvents).toEqual([
      { type: 'FromANewerVersion', count: 1 },
      { type: 'SpeakerAdded', count: 2 },
    ]);
    expect(m.items[0]?.calledAt).toEqual([at(4)]);
    expect(m.log.events).toBe(5);
  });
});
