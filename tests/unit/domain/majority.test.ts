import { describe, it, expect } from 'vitest';
import { passes, requiredMajority, type MajorityContext } from '../../../server/domain/rules/majority';
import type { MajorityRule, Tally } from '../../../server/protocol/common';

const t = (yes: number, no: number, abstain = 0): Tally => ({ yes, no, abstain });
const ctx = (legalMembers: number, present = legalMembers): MajorityContext => ({ legalMembers, present });

const SIMPLE: MajorityRule = { kind: 'simple' };
const ABSOLUTE: MajorityRule = { kind: 'absoluteLegal' };
const TWO_THIRDS_LEGAL: MajorityRule = { kind: 'twoThirdsLegal' };
const TWO_THIRDS_CAST: MajorityRule = { kind: 'twoThirdsCast' };

describe('simple majority: yes > no (RULES.md §2)', () => {
  it.each([
    { name: '1:0 passes', tally: t(1, 0), neededYes: 1, passed: true },
    { name: 'more yes than no passes', tally: t(10, 9), neededYes: 10, passed: true },
    { name: 'abstentions do not count against it', tally: t(2, 1, 10), neededYes: 2, passed: true },
    { name: 'a tie is rejected', tally: t(5, 5), neededYes: 6, passed: false },
    { name: 'more no than yes is rejected', tally: t(3, 4), neededYes: 5, passed: false },
    { name: '0:0 is rejected', tally: t(0, 0), neededYes: 1, passed: false },
    { name: 'everyone abstaining is rejected', tally: t(0, 0, 7), neededYes: 1, passed: false },
  ])('$name', ({ tally, neededYes, passed }) => {
    expect(requiredMajority(SIMPLE, tally, ctx(45))).toEqual({ rule: SIMPLE, baseKind: null, base: null, neededYes });
    expect(passes(SIMPLE, tally, ctx(45))).toBe(passed);
  });
});

describe.each([
  { rule: ABSOLUTE, table: [[45, 23], [44, 23], [46, 24], [7, 4]] },
  { rule: TWO_THIRDS_LEGAL, table: [[45, 30], [44, 30], [46, 31], [3, 2]] },
])('$rule.kind: measured against the legal number N (RULES.md §3)', ({ rule, table }) => {
  it.each(table)('N = %i needs %i yes', (n, needed) => {
    expect(requiredMajority(rule, t(0, 0), ctx(n))).toEqual({ rule, baseKind: 'legal', base: n, neededYes: needed });
  });

  it.each(table)('N = %i: %i yes pass, one fewer is rejected', (n, needed) => {
    expect(passes(rule, t(needed, 0), ctx(n))).toBe(true);
    expect(passes(rule, t(needed - 1, 0), ctx(n))).toBe(false);
  });

  it.each(table)('N = %i: a majority of those present is not enough', (n, needed) => {
    // everyone present votes yes, but fewer than needed are present
    expect(passes(rule, t(needed - 1, 0), ctx(n, needed - 1))).toBe(false);
  });
});

describe('twoThirdsCast: two thirds of yes + no, abstentions ignored', () => {
  it.each([
    { tally: t(2, 1), base: 3, neededYes: 2, passed: true },
    { tally: t(2, 1, 50), base: 3, neededYes: 2, passed: true },
    { tally: t(3, 2), base: 5, neededYes: 4, passed: false },
    { tally: t(0, 0), base: 0, neededYes: 1, passed: false },
    { tally: t(0, 0, 9), base: 0, neededYes: 1, passed: false },
    { tally: t(20, 10), base: 30, neededYes: 20, passed: true },
    { tally: t(19, 10), base: 29, neededYes: 20, passed: false },
  ])('$tally.yes:$tally.no:$tally.abstain -> needs $neededYes, passed $passed', ({ tally, base, neededYes, passed }) => {
    expect(requiredMajority(TWO_THIRDS_CAST, tally, ctx(45))).toEqual({ rule: TWO_THIRDS_CAST, baseKind: 'cast', base, neededYes });
    expect(passes(TWO_THIRDS_CAST, tally, ctx(45))).toBe(passed);
  });
});

describe('fraction rules', () => {
  const fraction = (
    numerator: number,
    denominator: number,
    base: 'legal' | 'present' | 'cast',
    comparison: 'moreThan' | 'atLeast',
  ): MajorityRule => ({ kind: 'fraction', numerator, denominator, base, comparison });

  it.each([
    { name: 'at least 3/4 of legal 45', rule: fraction(3, 4, 'legal', 'atLeast'), tally: t(0, 0), c: ctx(45, 20), base: 45, neededYes: 34 },
    { name: 'at least 3/4 of legal 44 (exactly 33)', rule: fraction(3, 4, 'legal', 'atLeast'), tally: t(0, 0), c: ctx(44), base: 44, neededYes: 33 },
    { name: 'more than 3/4 of legal 44', rule: fraction(3, 4, 'legal', 'moreThan'), tally: t(0, 0), c: ctx(44), base: 44, neededYes: 34 },
    { name: 'more than 1/2 of present 30', rule: fraction(1, 2, 'present', 'moreThan'), tally: t(0, 0), c: ctx(45, 30), base: 30, neededYes: 16 },
    { name: 'at least 1/2 of present 30', rule: fraction(1, 2, 'present', 'atLeast'), tally: t(0, 0), c: ctx(45, 30), base: 30, neededYes: 15 },
    { name: 'at least 1/2 of present 30, tie 15:15 still rejected', rule: fraction(1, 2, 'present', 'atLeast'), tally: t(15, 15), c: ctx(45, 30), base: 30, neededYes: 16 },
    { name: 'at least 2/3 of cast 20:10 (abstentions ignored)', rule: fraction(2, 3, 'cast', 'atLeast'), tally: t(20, 10, 5), c: ctx(45), base: 30, neededYes: 20 },
    { name: 'more than 1/2 of cast 5:5', rule: fraction(1, 2, 'cast', 'moreThan'), tally: t(5, 5, 3), c: ctx(45), base: 10, neededYes: 6 },
    { name: 'at least 1/2 of present 0 still needs one yes', rule: fraction(1, 2, 'present', 'atLeast'), tally: t(0, 0), c: ctx(45, 0), base: 0, neededYes: 1 },
  ])('$name -> $neededYes yes', ({ rule, tally, c, base, neededYes }) => {
    const required = requiredMajority(rule, tally, c);
    expect(required).toEqual({ rule, baseKind: rule.kind === 'fraction' ? rule.base : null, base, neededYes });
  });
});

describe('invariants over every rule and small tallies', () => {
  const rules: MajorityRule[] = [
    SIMPLE,
    ABSOLUTE,
    TWO_THIRDS_LEGAL,
    TWO_THIRDS_CAST,
    { kind: 'fraction', numerator: 1, denominator: 2, base: 'cast', comparison: 'atLeast' },
    { kind: 'fraction', numerator: 1, denominator: 3, base: 'present', comparison: 'atLeast' },
    { kind: 'fraction', numerator: 1, denominator: 10, base: 'legal', comparison: 'moreThan' },
  ];
  const tallies: Tally[] = [];
  for (let yes = 0; yes <= 6; yes += 1) for (let no = 0; no <= 6; no += 1) for (const abstain of [0, 3]) tallies.push(t(yes, no, abstain));

  it.each(rules)('$kind: neededYes >= no + 1, >= 1, and passes ⇔ yes >= neededYes', (rule) => {
    for (const tally of tallies) {
      const c = ctx(7, 5);
      const { neededYes } = requiredMajority(rule, tally, c);
      const label = `${tally.yes}:${tally.no}:${tally.abstain}`;
      expect(neededYes, label).toBeGreaterThanOrEqual(tally.no + 1);
      expect(neededYes, label).toBeGreaterThanOrEqual(1);
      expect(passes(rule, tally, c), label).toBe(tally.yes >= neededYes);
    }
  });
});
