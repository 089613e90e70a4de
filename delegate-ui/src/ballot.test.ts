import { describe, expect, it } from 'vitest';
import type { ErrorPayload } from '../../server/protocol/errors';
import type { SeatVoteView } from '../../server/protocol/views';
import { displayOf, type Attempt, type BallotState } from './ballot';

const T0 = '2026-12-03T17:00:00.000Z';
const T1 = '2026-12-03T17:01:00.000Z';
const T2 = '2026-12-03T17:02:00.000Z';

function vote(kind: SeatVoteView['summary']['kind'], myBallot: SeatVoteView['myBallot']): SeatVoteView {
  return {
    summary: {
      id: 'v-1',
      itemId: 'top-04',
      title: 'Haushalt',
      kind,
      majority: { kind: 'simple' },
      status: 'open',
      openedAt: T0,
      closedAt: null,
    },
    eligible: true,
    ineligibleReason: null,
    myBallot,
  };
}

const yes: Attempt = { voteId: 'v-1', choice: 'yes', key: 'key-yes-0001' };
const no: Attempt = { voteId: 'v-1', choice: 'no', key: 'key-no-00001' };
const storeFailure: ErrorPayload = { code: 'store-failure', message: { de: 'nicht gespeichert', en: 'not recorded' } };
const notOpen: ErrorPayload = { code: 'vote-not-open', message: { de: 'nicht geöffnet', en: 'not open' } };

describe('displayOf: what the seat shows as recorded', () => {
  const cases: [string, BallotState, SeatVoteView, ReturnType<typeof displayOf>][] = [
    ['nothing yet', { phase: 'idle' }, vote('open', null), { recorded: null, sending: null, failure: null }],
    ['after reload: from the view', { phase: 'idle' }, vote('open', { choice: 'no', at: T1 }), { recorded: { choice: 'no' }, sending: null, failure: null }],
    ['secret after reload: choice unknown', { phase: 'idle' }, vote('secret', { choice: null, at: T1 }), { recorded: { choice: null }, sending: null, failure: null }],
    ['sending is never shown as saved', { phase: 'sending', attempt: yes, baseline: '' }, vote('open', null), { recorded: null, sending: 'yes', failure: null }],
    [
      'changing: the old choice stays recorded until the ack',
      { phase: 'sending', attempt: no, baseline: 'yes|' + T1 },
      vote('open', { choice: 'yes', at: T1 }),
      { recorded: { choice: 'yes' }, sending: 'no', failure: null },
    ],
    ['ack newer than the view wins', { phase: 'saved', attempt: no, choice: 'no', at: T2 }, vote('open', { choice: 'yes', at: T1 }), { recorded: { choice: 'no' }, sending: null, failure: null }],
    ['view newer than the ack wins', { phase: 'saved', attempt: no, choice: 'no', at: T1 }, vote('open', { choice: 'yes', at: T2 }), { recorded: { choice: 'yes' }, sending: null, failure: null }],
    ['secret ack keeps the choice this session', { phase: 'saved', attempt: yes, choice: 'yes', at: T1 }, vote('secret', { choice: null, at: T1 }), { recorded: { choice: 'yes' }, sending: null, failure: null }],
    ['refused: retry offered', { phase: 'refused', attempt: yes, error: storeFailure }, vote('open', null), { recorded: null, sending: null, failure: { kind: 'refused', error: storeFailure, retry: true } }],
    ['refused for good: no retry', { phase: 'refused', attempt: yes, error: notOpen }, vote('open', null), { recorded: null, sending: null, failure: { kind: 'refused', error: notOpen, retry: false } }],
    ['timeout, nothing arrived', { phase: 'timeout', attempt: yes, baseline: '' }, vote('open', null), { recorded: null, sending: null, failure: { kind: 'timeout', retry: true } }],
    ['timeout, but the view shows the ballot', { phase: 'timeout', attempt: yes, baseline: '' }, vote('open', { choice: 'yes', at: T1 }), { recorded: { choice: 'yes' }, sending: null, failure: null }],
    [
      'timeout, view unchanged: still unconfirmed',
      { phase: 'timeout', attempt: no, baseline: 'yes|' + T1 },
      vote('open', { choice: 'yes', at: T1 }),
      { recorded: { choice: 'yes' }, sending: null, failure: { kind: 'timeout', retry: true } },
    ],
    ['secret timeout, participation arrived', { phase: 'timeout', attempt: yes, baseline: '' }, vote('secret', { choice: null, at: T1 }), { recorded: { choice: null }, sending: null, failure: null }],
    ['offline', { phase: 'offline', attempt: yes }, vote('open', null), { recorded: null, sending: null, failure: { kind: 'offline', retry: true } }],
  ];
  it.each(cases)('%s', (_name, state, v, expected) => {
    expect(displayOf(state, v)).toEqual(expected);
  });
});
