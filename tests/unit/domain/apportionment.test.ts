import { describe, expect, it } from 'vitest';
import { dHondt, drawLot, hareNiemeyer, settleTie, type ListVotes } from '../../../server/domain/rules/apportionment';

const lists = (votes: Record<string, number>): ListVotes[] => Object.entries(votes).map(([id, v]) => ({ id, votes: v }));

describe('Hare-Niemeyer (largest remainders, Hare quota)', () => {
  it.each<{ name: string; votes: Record<string, number>; seats: number; expected: Record<string, number> }>([
    {
      // Wikipedia, "Largest remainder method", worked example (Hare quota, 10 seats)
      name: 'published example: 100,000 votes, 10 seats',
      votes: { yellows: 47_000, whites: 16_000, reds: 15_800, greens: 12_000, blues: 6_100, pinks: 3_100 },
      seats: 10,
      expected: { yellows: 5, whites: 2, reds: 1, greens: 1, blues: 1, pinks: 0 },
    },
    {
      // the Alabama paradox example (Wikipedia, "Largest remainder method"), 25 seats
      name: 'Alabama paradox, 25 seats',
      votes: { a: 1500, b: 1500, c: 900, d: 500, e: 500, f: 200 },
      seats: 25,
      expected: { a: 7, b: 7, c: 4, d: 3, e: 3, f: 1 },
    },
    {
      name: 'Alabama paradox, one seat more: the last list loses its seat',
      votes: { a: 1500, b: 1500, c: 900, d: 500, e: 500, f: 200 },
      seats: 26,
      expected: { a: 8, b: 8, c: 5, d: 2, e: 2, f: 1 },
    },
    {
      name: 'committee of 15 from a council of 51 with five factions',
      votes: { sozial: 17, buerger: 14, gruen: 10, liberal: 6, zukunft: 4 },
      seats: 15,
      // quotas 5.0, 4.118, 2.941, 1.765, 1.176 -> 5,4,2,1,1 = 13; remainders .941, .765 win
      expected: { sozial: 5, buerger: 4, gruen: 3, liberal: 2, zukunft: 1 },
    },
    {
      name: 'a list without votes gets nothing, even with seats left',
      votes: { a: 2, b: 1, c: 0 },
      seats: 2,
      expected: { a: 1, b: 1, c: 0 },
    },
    {
      name: 'exact quotas: no remainders',
      votes: { a: 30, b: 20, c: 10 },
      seats: 6,
      expected: { a: 3, b: 2, c: 1 },
    },
  ])('$name', ({ votes, seats, expected }) => {
    const a = hareNiemeyer(lists(votes), seats);
    expect(a.seats).toEqual(expected);
    expect(a.tie).toBeNull();
    expect(Object.values(a.seats).reduce((x, y) => x + y, 0)).toBe(seats);
  });

  it.each<{ name: string; votes: Record<string, number>; seats: number; given: Record<string, number>; tie: { seatsLeft: number; tied: string[] } }>([
    {
      name: 'equal remainders for the last seat go to lot (even split of an odd number)',
      votes: { a: 10, b: 10 },
      seats: 3,
      given: { a: 1, b: 1 },
      tie: { seatsLeft: 1, tied: ['a', 'b'] },
    },
    {
      name: 'three lists tie for two last seats',
      votes: { a: 1, b: 1, c: 1, d: 3 },
      seats: 4,
      // quotas .667 .667 .667 2.0: d gets 2, two seats among a, b, c by lot
      given: { a: 0, b: 0, c: 0, d: 2 },
      tie: { seatsLeft: 2, tied: ['a', 'b', 'c'] },
    },
    {
      name: 'a larger remainder wins outright, the tie is only for the rest',
      votes: { a: 5, b: 4, c: 4, d: 2 },
      seats: 4,
      // quotas 1.333, 1.067, 1.067, .533: three whole seats, the one left goes to d (.533)
      given: { a: 1, b: 1, c: 1, d: 1 },
      tie: { seatsLeft: 0, tied: [] },
    },
  ])('$name', ({ votes, seats, given, tie }) => {
    const a = hareNiemeyer(lists(votes), seats);
    expect(a.seats).toEqual(given);
    expect(a.tie).toEqual(tie.tied.length === 0 ? null : tie);
  });

  it('refuses impossible input', () => {
    expect(() => hareNiemeyer([], 3)).toThrow(RangeError);
    expect(() => hareNiemeyer(lists({ a: 0 }), 3)).toThrow(RangeError);
    expect(() => hareNiemeyer(lists({ a: 1 }), 0)).toThrow(RangeError);
    expect(() => hareNiemeyer([{ id: 'a', votes: 1 }, { id: 'a', votes: 2 }], 1)).toThrow(RangeError);
    expect(() => hareNiemeyer(lists({ a: 1.5 }), 1)).toThrow(RangeError);
  });
});

describe("d'Hondt (highest averages)", () => {
  it.each<{ name: string; votes: Record<string, number>; seats: number; expected: Record<string, number> }>([
    {
      // Wikipedia, "D'Hondt method", worked example: 8 seats
      name: 'published example: 230,000 votes, 8 seats',
      votes: { a: 100_000, b: 80_000, c: 30_000, d: 20_000 },
      seats: 8,
      expected: { a: 4, b: 3, c: 1, d: 0 },
    },
    {
      // the same votes as the Hare-Niemeyer example: d'Hondt favours the large lists
      name: 'largest-remainder example under d\'Hondt',
      votes: { yellows: 47_000, whites: 16_000, reds: 15_800, greens: 12_000, blues: 6_100, pinks: 3_100 },
      seats: 10,
      expected: { yellows: 5, whites: 2, reds: 2, greens: 1, blues: 0, pinks: 0 },
    },
    {
      name: 'committee of 15 from a council of 51 with five factions',
      votes: { sozial: 17, buerger: 14, gruen: 10, liberal: 6, zukunft: 4 },
      seats: 15,
      // the 15 highest quotients: 17 14 10 8.5 7 6 5.67 5 4.67 4.25 4 3.5 3.4 3.33 3
      expected: { sozial: 5, buerger: 4, gruen: 3, liberal: 2, zukunft: 1 },
    },
  ])('$name', ({ votes, seats, expected }) => {
    const a = dHondt(lists(votes), seats);
    expect(a.seats).toEqual(expected);
    expect(a.tie).toBeNull();
  });

  it('equal quotients for the last seat go to lot', () => {
    // quotients: a 6, 3, 2; b 6, 3, 2 -> five seats: 6, 6, 3, 3, then 2 vs 2
    const a = dHondt(lists({ a: 6, b: 6 }), 5);
    expect(a.seats).toEqual({ a: 2, b: 2 });
    expect(a.tie).toEqual({ seatsLeft: 1, tied: ['a', 'b'] });
  });

  it('a tie between different divisors: 8/2 = 4/1', () => {
    const a = dHondt(lists({ a: 8, b: 4 }), 2);
    expect(a.seats).toEqual({ a: 1, b: 0 });
    expect(a.tie).toEqual({ seatsLeft: 1, tied: ['a', 'b'] });
  });
});

describe('lot', () => {
  const R0 = '0'.repeat(64);
  it.each<{ name: string; candidates: string[]; count: number; random: string; drawn: string[] }>([
    { name: 'value 0 draws the first', candidates: ['a', 'b', 'c'], count: 1, random: R0, drawn: ['a'] },
    { name: 'value 2 of 3 draws the third', candidates: ['a', 'b', 'c'], count: 1, random: `${'0'.repeat(63)}2`, drawn: ['c'] },
    { name: 'value 4 of 3 wraps to the second', candidates: ['a', 'b', 'c'], count: 1, random: `${'0'.repeat(63)}4`, drawn: ['b'] },
    // 5 = 2 + 3·1: first digit (radix 3) 2 -> c, then 1 (radix 2) of [a, b] -> b
    { name: 'two of three in mixed radix', candidates: ['a', 'b', 'c'], count: 2, random: `${'0'.repeat(63)}5`, drawn: ['c', 'b'] },
  ])('$name', ({ candidates, count, random, drawn }) => {
    expect(drawLot(candidates, count, random)).toEqual(drawn);
  });

  it('every tied candidate can win, about equally often', () => {
    const wins = new Map<string, number>();
    for (let i = 0; i < 3000; i += 1) {
      const hex = i.toString(16).padStart(64, '0');
      const [w] = drawLot(['a', 'b', 'c'], 1, hex);
      wins.set(w ?? '', (wins.get(w ?? '') ?? 0) + 1);
    }
    expect(wins).toEqual(new Map([['a', 1000], ['b', 1000], ['c', 1000]]));
  });

  it('refuses a short or malformed random value, and impossible counts', () => {
    expect(() => drawLot(['a', 'b'], 1, 'abc')).toThrow(RangeError);
    expect(() => drawLot(['a', 'b'], 1, 'z'.repeat(64))).toThrow(RangeError);
    expect(() => drawLot(['a', 'b'], 3, R0)).toThrow(RangeError);
  });

  it('settles an apportionment tie with the drawn lists', () => {
    const a = hareNiemeyer(lists({ a: 1, b: 1, c: 1, d: 3 }), 4);
    expect(settleTie(a, ['c', 'a']).seats).toEqual({ a: 1, b: 0, c: 1, d: 2 });
    expect(() => settleTie(a, ['d', 'a'])).toThrow(RangeError);
    expect(() => settleTie(a, ['a'])).toThrow(RangeError);
    expect(() => settleTie(a, ['a', 'a'])).toThrow(RangeError);
  });
});
