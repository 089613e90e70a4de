import type { MajorityBase, MajorityRule, Tally } from '../../protocol/common';

export interface MajorityContext {
  /** Legal number of members N. */
  legalMembers: number;
  /** Members with full voting right present when the vote closes. */
  present: number;
}

export interface Required {
  rule: MajorityRule;
  baseKind: MajorityBase | null;
  base: number | null;
  /** Fewest yes votes that pass; passed ⇔ yes ≥ neededYes. */
  neededYes: number;
}

function fractionThreshold(numerator: number, denominator: number, base: number, comparison: 'moreThan' | 'atLeast'): number {
  // integer arithmetic: "more than n/d of base" ⇔ yes·d > n·base; "at least" ⇔ yes·d ≥ n·base
  const product = numerator * base;
  return comparison === 'moreThan' ? Math.floor(product / denominator) + 1 : Math.ceil(product / denominator);
}

function baseValue(kind: MajorityBase, tally: Tally, ctx: MajorityContext): number {
  switch (kind) {
    case 'legal':
      return ctx.legalMembers;
    case 'present':
      return ctx.present;
    case 'cast':
      // abstentions count as present, not toward the majority (RULES.md §2)
      return tally.yes + tally.no;
  }
}

function ruleThreshold(rule: MajorityRule, tally: Tally, ctx: MajorityContext): { baseKind: MajorityBase | null; base: number | null; threshold: number } {
  switch (rule.kind) {
    case 'simple':
      return { baseKind: null, base: null, threshold: 0 };
    case 'absoluteLegal':
      return { baseKind: 'legal', base: ctx.legalMembers, threshold: fractionThreshold(1, 2, ctx.legalMembers, 'moreThan') };
    case 'twoThirdsLegal':
      return { baseKind: 'legal', base: ctx.legalMembers, threshold: fractionThreshold(2, 3, ctx.legalMembers, 'atLeast') };
    case 'twoThirdsCast': {
      const base = baseValue('cast', tally, ctx);
      return { baseKind: 'cast', base, threshold: fractionThreshold(2, 3, base, 'atLeast') };
    }
    case 'fraction': {
      const base = baseValue(rule.base, tally, ctx);
      return { baseKind: rule.base, base, threshold: fractionThreshold(rule.numerator, rule.denominator, base, rule.comparison) };
    }
  }
}

/**
 * The majority a vote needed. Every rule also needs more yes than no (a tie is rejected,
 * RULES.md §2) and at least one yes: nothing passes without a single vote for it.
 */
export function requiredMajority(rule: MajorityRule, tally: Tally, ctx: MajorityContext): Required {
  const { baseKind, base, threshold } = ruleThreshold(rule, tally, ctx);
  return { rule, baseKind, base, neededYes: Math.max(threshold, tally.no + 1, 1) };
}

export function passes(rule: MajorityRule, tally: Tally, ctx: MajorityContext): boolean {
  return tally.yes >= requiredMajority(rule, tally, ctx).neededYes;
}
