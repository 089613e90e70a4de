import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import type { DomainEvent } from '../../../server/domain/events';
import { speakerOrder } from '../../../server/domain/rules/speaker-order';
import type { CouncilState } from '../../../server/domain/state';
import type { ErrorCode } from '../../../server/protocol/errors';
import { AT, SEAT, checkIn, council, fullRoom, openVote, refusal, run, type MemberKey } from './fixtures';

const req = (m: MemberKey, kind: 'ordinary' | 'point-of-order' = 'ordinary'): Command => ({ type: 'requestFloor', seatId: SEAT[m], kind });
const later = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();
const queue = (state: CouncilState, item = 'top-1') =>
  speakerOrder(state.speakers.lists.get(item)?.requests ?? []).map((r) => (r.kind === 'point-of-order' ? `GO:${r.memberId}` : r.memberId));

interface EventCase {
  name: string;
  before?: (s: CouncilState) => void;
  command: Command;
  events: DomainEvent[];
}

describe('speaker list: events', () => {
  it.each<EventCase>([
    {
      name: 'a seat asks for the floor on the current item',
      command: req('gruen-1'),
      events: [{ type: 'FloorRequested', itemId: 'top-1', memberId: 'gruen-1', kind: 'ordinary', byHand: false }],
    },
    {
      name: 'a point of order on a closed list is still possible',
      before: (s) => run(s, { type: 'closeSpeakerList' }),
      command: req('gruen-1', 'point-of-order'),
      events: [{ type: 'FloorRequested', itemId: 'top-1', memberId: 'gruen-1', kind: 'point-of-order', byHand: false }],
    },
    {
      name: 'the chair adds a member who asked by hand',
      command: { type: 'addFloorRequest', memberId: 'links-1', kind: 'ordinary' },
      events: [{ type: 'FloorRequested', itemId: 'top-1', memberId: 'links-1', kind: 'ordinary', byHand: true }],
    },
    {
      name: 'a member withdraws',
      before: (s) => run(s, req('gruen-1')),
      command: { type: 'withdrawFloorRequest', seatId: SEAT['gruen-1'], kind: 'ordinary' },
      events: [{ type: 'FloorRequestWithdrawn', itemId: 'top-1', memberId: 'gruen-1', kind: 'ordinary', by: 'member' }],
    },
    {
      name: 'giving the floor without a name takes the point of order first',
      before: (s) => {
        run(s, req('gruen-1'));
        run(s, req('buerger-1', 'point-of-order'));
      },
      command: { type: 'giveFloor' },
      events: [{ type: 'FloorGiven', itemId: 'top-1', memberId: 'buerger-1', kind: 'point-of-order', limitS: 300 }],
    },
    {
      name: 'giving the floor to the next ends the current speech first',
      before: (s) => {
        run(s, req('gruen-1'));
        run(s, req('buerger-1'));
        run(s, { type: 'giveFloor' });
      },
      command: { type: 'giveFloor' },
      events: [
        { type: 'FloorEnded', itemId: 'top-1', memberId: 'gruen-1', reason: 'next-speaker' },
        { type: 'FloorGiven', itemId: 'top-1', memberId: 'buerger-1', kind: 'ordinary', limitS: 300 },
      ],
    },
    {
      name: 'the item\'s own speaking time applies',
      before: (s) => {
        run(s, { type: 'setSpeakingTime', seconds: 180 });
        run(s, req('gruen-1'));
      },
      command: { type: 'giveFloor', memberId: 'gruen-1' },
      events: [{ type: 'FloorGiven', itemId: 'top-1', memberId: 'gruen-1', kind: 'ordinary', limitS: 180 }],
    },
    {
      name: 'the chair may give the floor to a present member who is not on the list',
      command: { type: 'giveFloor', memberId: 'advisor' },
      events: [{ type: 'FloorGiven', itemId: 'top-1', memberId: 'advisor', kind: 'ordinary', limitS: 300 }],
    },
    {
      name: 'calling another item ends the speech',
      before: (s) => run(s, { type: 'giveFloor', memberId: 'gruen-1' }),
      command: { type: 'selectItem', itemId: 'top-2' },
      events: [
        { type: 'FloorEnded', itemId: 'top-1', memberId: 'gruen-1', reason: 'item-changed' },
        { type: 'ItemSelected', itemId: 'top-2' },
      ],
    },
  ])('$name', ({ before, command, events }) => {
    const state = fullRoom();
    before?.(state);
    expect(run(state, command)).toEqual(events);
  });
});

describe('speaker list: refusals change nothing', () => {
  it.each<{ name: string; before?: (s: CouncilState) => void; command: Command; code: ErrorCode; noItem?: boolean }>([
    { name: 'no item called', noItem: true, command: req('gruen-1'), code: 'no-item-selected' },
    { name: 'empty seat', command: { type: 'requestFloor', seatId: 8, kind: 'ordinary' }, code: 'not-checked-in' },
    { name: 'twice the same kind', before: (s) => run(s, req('gruen-1')), command: req('gruen-1'), code: 'floor-already-requested' },
    { name: 'closed list', before: (s) => run(s, { type: 'closeSpeakerList' }), command: req('gruen-1'), code: 'speaker-list-closed' },
    {
      name: 'withdraw without a request',
      command: { type: 'withdrawFloorRequest', seatId: SEAT['gruen-1'], kind: 'ordinary' },
      code: 'floor-request-unknown',
    },
    { name: 'next speaker of an empty list', command: { type: 'giveFloor' }, code: 'speaker-list-empty' },
    { name: 'end when nobody speaks', command: { type: 'endFloor' }, code: 'floor-not-given' },
    {
      name: 'add by hand a member who is not present',
      before: (s) => run(s, { type: 'removeCard', seatId: SEAT['links-1'] }),
      command: { type: 'addFloorRequest', memberId: 'links-1', kind: 'ordinary' },
      code: 'member-not-present',
    },
    { name: 'add an unknown member', command: { type: 'addFloorRequest', memberId: 'nobody', kind: 'ordinary' }, code: 'member-unknown' },
    {
      name: 'move an unknown request',
      command: { type: 'moveFloorRequest', memberId: 'gruen-1', kind: 'ordinary', position: 0 },
      code: 'floor-request-unknown',
    },
    { name: 'negative speaking time', command: { type: 'setSpeakingTime', seconds: -1 }, code: 'validation-failed' },
    { name: 'reopen an open list', command: { type: 'reopenSpeakerList' }, code: 'speaker-list-open' },
    {
      name: 'same speaker again',
      before: (s) => run(s, { type: 'giveFloor', memberId: 'gruen-1' }),
      command: { type: 'giveFloor', memberId: 'gruen-1' },
      code: 'floor-already-given',
    },
    {
      name: 'request while the session is interrupted',
      before: (s) => {
        run(s, { type: 'openSession' });
        run(s, { type: 'interruptSession', reason: 'Lüftungspause' });
      },
      command: req('gruen-1'),
      code: 'session-interrupted',
    },
  ])('$name: $code', ({ before, command, code, noItem }) => {
    const state = noItem ? council() : fullRoom();
    if (noItem) checkIn(state, 'gruen-1');
    before?.(state);
    const seq = state.seq;
    const snapshot = JSON.stringify([...state.speakers.lists], null, 0);
    expect(refusal(() => run(state, command)).code).toBe(code);
    expect(state.seq).toBe(seq);
    expect(JSON.stringify([...state.speakers.lists], null, 0)).toBe(snapshot);
  });
});

describe('speaker list: state after a sequence', () => {
  it('orders, moves, consumes requests and counts speeches per member', () => {
    const s = fullRoom();
    run(s, req('gruen-1'));
    run(s, req('buerger-1'));
    run(s, req('links-1'));
    run(s, req('gruen-2', 'point-of-order'));
    expect(queue(s)).toEqual(['GO:gruen-2', 'gruen-1', 'buerger-1', 'links-1']);
    run(s, { type: 'moveFloorRequest', memberId: 'links-1', kind: 'ordinary', position: 0 });
    expect(queue(s)).toEqual(['GO:gruen-2', 'links-1', 'gruen-1', 'buerger-1']);
    run(s, { type: 'giveFloor' }, later(0));
    expect(s.speakers.floor).toMatchObject({ memberId: 'gruen-2', kind: 'point-of-order', since: later(0) });
    run(s, { type: 'giveFloor' }, later(40));
    run(s, { type: 'removeFloorRequest', memberId: 'buerger-1', kind: 'ordinary' }, later(50));
    run(s, { type: 'endFloor' }, later(130));
    expect(queue(s)).toEqual(['gruen-1']);
    expect(s.speakers.floor).toBeNull();
    expect(s.speakers.speeches).toEqual([
      { memberId: 'gruen-2', itemId: 'top-1', kind: 'point-of-order', from: later(0), to: later(40) },
      { memberId: 'links-1', itemId: 'top-1', kind: 'ordinary', from: later(40), to: later(130) },
    ]);
  });

  it('setting the speaking time changes the running speech too', () => {
    const s = fullRoom();
    run(s, { type: 'giveFloor', memberId: 'gruen-1' });
    run(s, { type: 'setSpeakingTime', seconds: 600 });
    expect(s.speakers.floor?.limitS).toBe(600);
  });

  it('the council default comes from the profile', () => {
    const s = fullRoom({ speakingTimeSeconds: 120 });
    expect(run(s, { type: 'giveFloor', memberId: 'gruen-1' })).toContainEqual(expect.objectContaining({ type: 'FloorGiven', limitS: 120 }));
  });

  it('lists belong to items: a request on top-1 stays there when top-2 is called', () => {
    const s = fullRoom();
    run(s, req('gruen-1'));
    run(s, { type: 'selectItem', itemId: 'top-2' });
    run(s, req('buerger-1'));
    expect(queue(s, 'top-1')).toEqual(['gruen-1']);
    expect(queue(s, 'top-2')).toEqual(['buerger-1']);
  });
});

describe('session lifecycle', () => {
  it('opened, interrupted with a reason, resumed, closed: with the times of the events', () => {
    const s = fullRoom();
    run(s, { type: 'openSession' }, later(0));
    run(s, { type: 'giveFloor', memberId: 'gruen-1' }, later(10));
    expect(run(s, { type: 'interruptSession', reason: '  Technische Störung ' }, later(60))).toEqual([
      { type: 'FloorEnded', itemId: 'top-1', memberId: 'gruen-1', reason: 'session-interrupted' },
      { type: 'SessionInterrupted', reason: 'Technische Störung' },
    ]);
    expect(refusal(() => run(s, { type: 'giveFloor', memberId: 'gruen-1' })).code).toBe('session-interrupted');
    expect(refusal(() => run(s, { type: 'openVote', voteId: 'v1', itemId: 'top-1', title: 'x', kind: 'open', majority: { kind: 'simple' } })).code).toBe(
      'session-interrupted',
    );
    run(s, { type: 'resumeSession' }, later(600));
    run(s, { type: 'closeSession' }, later(900));
    expect(s.lifecycle).toEqual({
      status: 'closed',
      openedAt: later(0),
      closedAt: later(900),
      interruptions: [{ reason: 'Technische Störung', from: later(60), to: later(600) }],
    });
    expect(refusal(() => run(s, req('gruen-1'))).code).toBe('session-closed');
  });

  it.each<{ name: string; steps: Command[]; command: Command; code: ErrorCode }>([
    { name: 'open twice', steps: [{ type: 'openSession' }], command: { type: 'openSession' }, code: 'session-state' },
    { name: 'interrupt before opening', steps: [], command: { type: 'interruptSession', reason: 'x' }, code: 'session-state' },
    { name: 'interrupt without a reason', steps: [{ type: 'openSession' }], command: { type: 'interruptSession', reason: ' ' }, code: 'reason-required' },
    { name: 'resume what is not interrupted', steps: [{ type: 'openSession' }], command: { type: 'resumeSession' }, code: 'session-state' },
    { name: 'close before opening', steps: [], command: { type: 'closeSession' }, code: 'session-state' },
    { name: 'close twice', steps: [{ type: 'openSession' }, { type: 'closeSession' }], command: { type: 'closeSession' }, code: 'session-state' },
  ])('refused: $name', ({ steps, command, code }) => {
    const s = fullRoom();
    for (const c of steps) run(s, c);
    expect(refusal(() => run(s, command)).code).toBe(code);
  });

  it('an open vote blocks interrupting and closing', () => {
    const s = fullRoom();
    run(s, { type: 'openSession' });
    openVote(s);
    expect(refusal(() => run(s, { type: 'interruptSession', reason: 'Pause' })).code).toBe('vote-already-open');
    expect(refusal(() => run(s, { type: 'closeSession' })).code).toBe('vote-already-open');
  });
});
