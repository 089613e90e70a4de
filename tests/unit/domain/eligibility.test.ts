import { describe, it, expect } from 'vitest';
import { ineligibility } from '../../../server/domain/rules/eligibility';
import type { VotingRight } from '../../../server/protocol/common';
import type { Ineligibility } from '../../../server/protocol/views';

// The first failing condition wins: not-checked-in, advisory-only, no-voting-right, excluded-bias.
const CASES: readonly [checkedIn: boolean, votingRight: VotingRight, excludedForBias: boolean, expected: Ineligibility | null][] = [
  [true, 'full', false, null],
  [true, 'full', true, 'excluded-bias'],
  [true, 'advisory', false, 'advisory-only'],
  [true, 'advisory', true, 'advisory-only'],
  [true, 'none', false, 'no-voting-right'],
  [true, 'none', true, 'no-voting-right'],
  [false, 'full', false, 'not-checked-in'],
  [false, 'full', true, 'not-checked-in'],
  [false, 'advisory', false, 'not-checked-in'],
  [false, 'advisory', true, 'not-checked-in'],
  [false, 'none', false, 'not-checked-in'],
  [false, 'none', true, 'not-checked-in'],
];

describe('ineligibility', () => {
  it.each(CASES)('checked in %s, right %s, excluded %s -> %s', (checkedIn, votingRight, excludedForBias, expected) => {
    expect(ineligibility({ checkedIn, votingRight, excludedForBias })).toBe(expected);
  });
});
