import { describe, it, expect } from 'vitest';
import { quorum, quorumThreshold, votesBlockedByQuorum } from '../../../server/domain/rules/quorum';

/** RULES.md §1: quorate when more than half of the legal number N is present, floor(N/2) + 1. */
const THRESHOLDS: readonly [n: number, threshold: number][] = [
  [1, 1],
  [2, 2],
  [3, 2],
  [44, 23],
  [45, 23],
  [46, 24],
  [125, 63],
  [1000, 501],
];

describe('quorumThreshold', () => {
  it.each(THRESHOLDS)('N = %i needs %i present', (n, threshold) => {
    expect(quorumThreshold(n)).toBe(threshold);
  });
});

describe('quorum: quorate from the threshold on', () => {
  const boundaries = THRESHOLDS.flatMap(([n, threshold]) => [
    { n, present: threshold - 1, quorate: false },
    { n, present: threshold, quorate: true },
    { n, present: n, quorate: true },
  ]);

  it.each(boundaries)('N = $n, present $present -> quorate $quorate', ({ n, present, quorate }) => {
    expect(quorum(n, present, false)).toEqual({ legalMembers: n, present, threshold: quorumThreshold(n), quorate, lackRecorded: false });
  });
});

describe('quorum: a recorded lack is passed through and only it blocks votes', () => {
  it.each([
    { present: 10, lackRecorded: false, quorate: false, blocked: false },
    { present: 10, lackRecorded: true, quorate: false, blocked: true },
    { present: 30, lackRecorded: false, quorate: true, blocked: false },
    { present: 30, lackRecorded: true, quorate: true, blocked: true },
  ])('45 members, present $present, lack recorded $lackRecorded -> quorate $quorate, blocked $blocked', ({ present, lackRecorded, quorate, blocked }) => {
    const q = quorum(45, present, lackRecorded);
    expect(q.lackRecorded).toBe(lackRecorded);
    expect(q.quorate).toBe(quorate);
    expect(votesBlockedByQuorum(q)).toBe(blocked);
  });
});
