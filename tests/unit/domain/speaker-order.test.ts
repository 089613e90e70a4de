import { describe, expect, it } from 'vitest';
import {
  floorClock,
  moveRequest,
  positionOf,
  speakerOrder,
  speakingTotals,
  type QueuedRequest,
  type Speech,
} from '../../../server/domain/rules/speaker-order';

const o = (memberId: string): QueuedRequest => ({ memberId, kind: 'ordinary' });
const p = (memberId: string): QueuedRequest => ({ memberId, kind: 'point-of-order' });
const names = (rs: readonly QueuedRequest[]) => rs.map((r) => (r.kind === 'point-of-order' ? `GO:${r.memberId}` : r.memberId));

describe('speakerOrder: points of order go ahead of the list (RULES.md §10)', () => {
  it.each<[string, QueuedRequest[], string[]]>([
    ['empty', [], []],
    ['ordinary requests keep their order', [o('a'), o('b'), o('c')], ['a', 'b', 'c']],
    ['a later point of order goes first', [o('a'), o('b'), p('c')], ['GO:c', 'a', 'b']],
    ['two points of order keep their own order', [o('a'), p('b'), o('c'), p('d')], ['GO:b', 'GO:d', 'a', 'c']],
    ['one member with both kinds appears twice', [o('a'), p('a')], ['GO:a', 'a']],
  ])('%s', (_name, requests, expected) => {
    expect(names(speakerOrder(requests))).toEqual(expected);
  });
});

describe('moveRequest: moves within the request\'s own group', () => {
  const list = [o('a'), p('x'), o('b'), o('c'), p('y')];
  it.each<[string, string, QueuedRequest['kind'], number, string[] | null]>([
    ['to the front of the ordinary list', 'c', 'ordinary', 0, ['GO:x', 'GO:y', 'c', 'a', 'b']],
    ['to the middle', 'a', 'ordinary', 1, ['GO:x', 'GO:y', 'b', 'a', 'c']],
    ['beyond the end clamps to the end', 'a', 'ordinary', 99, ['GO:x', 'GO:y', 'b', 'c', 'a']],
    ['a point of order stays ahead of the list', 'x', 'point-of-order', 5, ['GO:y', 'GO:x', 'a', 'b', 'c']],
    ['an unknown request', 'z', 'ordinary', 0, null],
    ['the wrong kind of a known member', 'a', 'point-of-order', 0, null],
  ])('%s', (_name, member, kind, position, expected) => {
    const moved = moveRequest(list, member, kind, position);
    expect(moved === null ? null : names(speakerOrder(moved))).toEqual(expected);
  });

  it('positionOf counts points of order ahead', () => {
    expect(positionOf(list, 'a', 'ordinary')).toBe(3);
    expect(positionOf(list, 'y', 'point-of-order')).toBe(2);
    expect(positionOf(list, 'q', 'ordinary')).toBeNull();
  });
});

describe('floorClock: speaking time with an injected clock', () => {
  const since = '2026-03-12T17:00:00.000Z';
  const at = (s: number) => new Date(Date.parse(since) + s * 1000).toISOString();
  it.each<[string, number, number, { elapsedS: number; remainingS: number | null; overTime: boolean; endsAt: string | null }]>([
    ['at the start', 300, 0, { elapsedS: 0, remainingS: 300, overTime: false, endsAt: at(300) }],
    ['after 61.5 s', 300, 61.5, { elapsedS: 61, remainingS: 239, overTime: false, endsAt: at(300) }],
    ['just before zero', 300, 299.2, { elapsedS: 299, remainingS: 1, overTime: false, endsAt: at(300) }],
    ['exactly at zero', 300, 300, { elapsedS: 300, remainingS: 0, overTime: true, endsAt: at(300) }],
    ['over time', 60, 75.4, { elapsedS: 75, remainingS: -15, overTime: true, endsAt: at(60) }],
    ['no limit', 0, 500, { elapsedS: 500, remainingS: null, overTime: false, endsAt: null }],
    ['a clock behind the start counts zero', 60, -3, { elapsedS: 0, remainingS: 60, overTime: false, endsAt: at(60) }],
  ])('%s', (_name, limitS, nowS, expected) => {
    expect(floorClock({ since, limitS }, at(nowS))).toEqual(expected);
  });
});

describe('speakingTotals: count and time per member or faction', () => {
  const t = (m: number) => new Date(Date.parse('2026-03-12T17:00:00.000Z') + m * 60_000).toISOString();
  const speeches: Speech[] = [
    { memberId: 'a', itemId: 'top-1', kind: 'ordinary', from: t(0), to: t(2) },
    { memberId: 'b', itemId: 'top-1', kind: 'point-of-order', from: t(2), to: t(3) },
    { memberId: 'a', itemId: 'top-2', kind: 'ordinary', from: t(10), to: t(15) },
    { memberId: 'c', itemId: 'top-2', kind: 'ordinary', from: t(15), to: null },
  ];
  const faction: Record<string, string> = { a: 'GL', b: 'GL', c: 'BB' };
  it('per member over the session, a running speech counts up to now', () => {
    expect(Object.fromEntries(speakingTotals(speeches, t(16), (s) => s.memberId))).toEqual({
      a: { count: 2, seconds: 420 },
      b: { count: 1, seconds: 60 },
      c: { count: 1, seconds: 60 },
    });
  });
  it('per faction', () => {
    expect(Object.fromEntries(speakingTotals(speeches, t(17), (s) => faction[s.memberId] ?? '-'))).toEqual({
      GL: { count: 3, seconds: 480 },
      BB: { count: 1, seconds: 120 },
    });
  });
  it('per member on one item', () => {
    expect(Object.fromEntries(speakingTotals(speeches, t(17), (s) => s.memberId, (s) => s.itemId === 'top-1'))).toEqual({
      a: { count: 1, seconds: 120 },
      b: { count: 1, seconds: 60 },
    });
  });
});
