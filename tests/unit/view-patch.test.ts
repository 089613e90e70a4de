import { describe, expect, it } from 'vitest';
import { applyPatch, diffViews, jsonEqual, ViewPatch } from '../../server/protocol/patch';

const row = (i: number, present = false) => ({ member: { id: `m-${i}`, name: `Name ${i}` }, present, seatId: present ? i : null });
const chair = (present: number[], notVoted: number[], extra: Record<string, unknown> = {}) => ({
  quorum: { present: present.length, quorate: present.length > 2 },
  attendance: Array.from({ length: 8 }, (_, i) => row(i + 1, present.includes(i + 1))),
  vote: { cast: 8 - notVoted.length, notVoted: notVoted.map((i) => ({ id: `m-${i}` })) },
  ...extra,
});

const cases: [string, unknown, unknown][] = [
  ['nothing changed', chair([1, 2], [1]), chair([1, 2], [1])],
  ['a field deep in a row', chair([1, 2], [1]), chair([1, 2, 5], [1])],
  ['members leave a list in the middle', chair([1], [1, 2, 3, 4, 5, 6]), chair([1], [1, 3, 6])],
  ['the list grows at both ends', chair([1], [3, 4]), chair([1], [1, 3, 4, 8])],
  ['the list is emptied', chair([1], [1, 2, 3]), chair([1], [])],
  ['a key appears', chair([1], []), chair([1], [], { result: { yes: 3 } })],
  ['a key disappears', chair([1], [], { result: { yes: 3 } }), chair([1], [])],
  ['null to object and back', { vote: null, x: 1 }, { vote: { id: 'v' }, x: 1 }],
  ['object to null', { vote: { id: 'v' } }, { vote: null }],
  ['type changes', { a: [1, 2] }, { a: 'text' }],
  ['scalars in arrays', { a: [1, 2, 3, 4] }, { a: [1, 3, 4, 5] }],
  ['undefined keys count as absent', { a: 1, b: undefined }, { a: 1 }],
  ['keys named like built-ins appear', { byId: { a: 1 } }, { byId: { a: 1, constructor: 2, toString: 'x' } }],
  ['keys named like built-ins disappear', { byId: { a: 1, constructor: 2, hasOwnProperty: [1] } }, { byId: { a: 1 } }],
  ['changes in sibling rows of a deep list', { rows: [{ a: { b: 1 } }, { a: { b: 2 } }] }, { rows: [{ a: { b: 3 } }, { a: { b: 4, c: 5 } }] }],
];

const equality: [string, unknown, unknown, boolean][] = [
  ['same scalars', 3, 3, true],
  ['different scalars', 3, '3', false],
  ['key order does not matter', { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
  ['an undefined key is absent', { a: 1, b: undefined }, { a: 1 }, true],
  ['an undefined key on the other side', { a: 1 }, { a: 1, b: undefined }, true],
  ['a missing key', { a: 1, b: 2 }, { a: 1 }, false],
  ['an extra key', { a: 1 }, { a: 1, b: 2 }, false],
  ['same key count, other keys', { a: 1, b: 2 }, { a: 1, c: 2 }, false],
  ['a key named like a built-in', { constructor: 1 }, {}, false],
  ['a key named like a built-in, other side', {}, { toString: 1 }, false],
  ['null is not an object', { a: null }, { a: {} }, false],
  ['arrays of different length', [1, 2], [1, 2, 3], false],
  ['array is not object', [], {}, false],
  ['a difference deep inside', { r: [{ x: [1, 2] }] }, { r: [{ x: [1, 3] }] }, false],
];

describe('view patches', () => {
  it.each(cases)('%s: applying the diff to the old view gives the new one', (_name, prev, next) => {
    const before = JSON.stringify(prev);
    const ops = diffViews(prev, next);
    expect(ViewPatch.safeParse({ ops }).success).toBe(true);
    // through the wire: JSON
    const wire = JSON.parse(JSON.stringify({ ops })) as ViewPatch;
    expect(JSON.stringify(applyPatch(prev, wire.ops))).toBe(JSON.stringify(next));
    expect(jsonEqual(applyPatch(prev, wire.ops), next)).toBe(true);
    // the old view is left as it was
    expect(JSON.stringify(prev)).toBe(before);
  });

  it.each(equality)('jsonEqual: %s', (_name, a, b, expected) => {
    expect(jsonEqual(a, b)).toBe(expected);
    expect(jsonEqual(b, a)).toBe(expected);
  });

  it('is empty for equal views and small for a small change in a big view', () => {
    const members = Array.from({ length: 1000 }, (_, i) => i + 1);
    const a = { attendance: members.map((i) => row(i, true)), notVoted: members.map((i) => ({ id: `m-${i}` })) };
    const b = { attendance: members.map((i) => row(i, i !== 500)), notVoted: members.filter((i) => i % 10 !== 0).map((i) => ({ id: `m-${i}` })) };
    expect(diffViews(a, structuredClone(a))).toEqual([]);
    const ops = diffViews(a, b);
    expect(JSON.stringify(ops).length).toBeLessThan(JSON.stringify(b).length / 20);
    expect(applyPatch(a, ops)).toEqual(b);
  });

  it('shares untouched parts with the old view, so a UI can tell by identity what changed', () => {
    const prev = chair([1, 2], [1]);
    const next = applyPatch(prev, diffViews(prev, chair([1, 2, 5], [1])));
    expect(next).not.toBe(prev);
    expect(next.vote).toBe(prev.vote);
    expect(next.attendance[0]).toBe(prev.attendance[0]);
    expect(next.attendance[4]).not.toBe(prev.attendance[4]);
  });

  it('refuses a patch that does not fit the view', () => {
    expect(() => applyPatch({ a: [1] }, [{ p: ['a'], a: [[0, 5]] }])).toThrow(/outside/);
    expect(() => applyPatch({ a: 1 }, [{ p: ['a', 'b'], v: 2 }])).toThrow(/does not fit/);
    expect(() => applyPatch({ a: 1 }, [{ p: ['a'], a: [] }])).toThrow(/non-array/);
  });
});
