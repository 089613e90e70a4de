import { describe, expect, it } from 'vitest';
import { evaluateRound, jointListAccepted, type RoundDecision } from '../../../server/domain/rules/election';
import { namedRequest, requiredKind, secretRequest, secretThreshold } from '../../../server/domain/rules/vote-requests';

describe('election round (GO NRW § 50 (2))', () => {
  it.each<{ name: string; candidates: string[]; counts: Record<string, number>; runoff?: boolean; valid: number; needed: number | null; decision: RoundDecision }>([
    { name: 'one candidate, more yes than half of valid', candidates: ['a'], counts: { a: 4, no: 3, abstain: 5 }, valid: 7, needed: 4, decision: { kind: 'elected', candidateId: 'a' } },
    { name: 'one candidate, exactly half (even N): not elected, no runoff', candidates: ['a'], counts: { a: 3, no: 3 }, valid: 6, needed: 4, decision: { kind: 'not-elected' } },
    { name: 'one candidate, odd valid count 7, 4 votes elect', candidates: ['a'], counts: { a: 4, no: 3 }, valid: 7, needed: 4, decision: { kind: 'elected', candidateId: 'a' } },
    { name: 'abstentions do not count as valid votes', candidates: ['a'], counts: { a: 2, no: 1, abstain: 10 }, valid: 3, needed: 2, decision: { kind: 'elected', candidateId: 'a' } },
    { name: 'everyone abstains: nobody elected', candidates: ['a'], counts: { abstain: 9 }, valid: 0, needed: 1, decision: { kind: 'not-elected' } },
    { name: 'two candidates, clear majority', candidates: ['a', 'b'], counts: { a: 5, b: 2 }, valid: 7, needed: 4, decision: { kind: 'elected', candidateId: 'a' } },
    { name: 'two candidates, tie: runoff between both', candidates: ['a', 'b'], counts: { a: 3, b: 3 }, valid: 6, needed: 4, decision: { kind: 'runoff', candidates: ['a', 'b'] } },
    { name: '"Nein" votes are valid and can deny the majority', candidates: ['a', 'b'], counts: { a: 4, b: 1, no: 3 }, valid: 8, needed: 5, decision: { kind: 'runoff', candidates: ['a', 'b'] } },
    { name: 'three candidates, no majority: runoff of the two best', candidates: ['a', 'b', 'c'], counts: { a: 2, b: 4, c: 3 }, valid: 9, needed: 5, decision: { kind: 'runoff', candidates: ['b', 'c'] } },
    { name: 'tie for second place: all of them go into the runoff', candidates: ['a', 'b', 'c', 'd'], counts: { a: 5, b: 3, c: 3, d: 1 }, valid: 12, needed: 7, decision: { kind: 'runoff', candidates: ['a', 'b', 'c'] } },
    { name: 'three tie for first: the three go into the runoff', candidates: ['a', 'b', 'c'], counts: { a: 3, b: 3, c: 3 }, valid: 9, needed: 5, decision: { kind: 'runoff', candidates: ['a', 'b', 'c'] } },
    { name: 'runoff: most votes win, no majority needed', candidates: ['a', 'b'], counts: { a: 3, b: 2, abstain: 4 }, runoff: true, valid: 5, needed: null, decision: { kind: 'elected', candidateId: 'a' } },
    { name: 'runoff tie: lot', candidates: ['a', 'b'], counts: { a: 3, b: 3, abstain: 1 }, runoff: true, valid: 6, needed: null, decision: { kind: 'lot', candidates: ['a', 'b'] } },
    { name: 'runoff of three, two tie for most: lot between those two', candidates: ['a', 'b', 'c'], counts: { a: 4, b: 4, c: 1 }, runoff: true, valid: 9, needed: null, decision: { kind: 'lot', candidates: ['a', 'b'] } },
    { name: 'runoff, everyone abstains: lot between all', candidates: ['a', 'b'], counts: { abstain: 5 }, runoff: true, valid: 0, needed: null, decision: { kind: 'lot', candidates: ['a', 'b'] } },
  ])('$name', ({ candidates, counts, runoff, valid, needed, decision }) => {
    const r = evaluateRound(candidates, counts, runoff ?? false);
    expect(r.valid).toBe(valid);
    expect(r.needed).toBe(needed);
    expect(r.decision).toEqual(decision);
    expect(r.abstentions).toBe(counts.abstain ?? 0);
  });

  it.each([
    { yes: 10, no: 0, accepted: true },
    { yes: 9, no: 1, accepted: false },
    { yes: 0, no: 0, accepted: false },
  ])('joint list: $yes yes, $no no -> accepted $accepted', ({ yes, no, accepted }) => {
    expect(jointListAccepted(yes, no)).toBe(accepted);
  });
});

describe('request for a secret vote: at least one fifth (GO NRW § 50 (1))', () => {
  it.each<{ legal: number; present: number; base: 'legal' | 'present'; supporters: number; required: number; met: boolean }>([
    { legal: 7, present: 7, base: 'legal', supporters: 1, required: 2, met: false },
    { legal: 7, present: 7, base: 'legal', supporters: 2, required: 2, met: true },
    { legal: 10, present: 8, base: 'legal', supporters: 2, required: 2, met: true },
    { legal: 11, present: 8, base: 'legal', supporters: 2, required: 3, met: false },
    { legal: 51, present: 40, base: 'legal', supporters: 10, required: 11, met: false },
    { legal: 51, present: 40, base: 'legal', supporters: 11, required: 11, met: true },
    { legal: 51, present: 40, base: 'present', supporters: 8, required: 8, met: true },
    { legal: 51, present: 41, base: 'present', supporters: 8, required: 9, met: false },
    { legal: 50, present: 0, base: 'present', supporters: 0, required: 1, met: false },
  ])('N=$legal, present=$present, base $base: $supporters supporters of $required needed -> $met', ({ legal, present, base, supporters, required, met }) => {
    const rule = { numerator: 1, denominator: 5, base };
    expect(secretThreshold(rule, { legalMembers: legal, present })).toBe(required);
    expect(secretRequest(rule, supporters, { legalMembers: legal, present }).met).toBe(met);
  });
});

describe('request for a named vote', () => {
  const factions = new Map<string, string[]>([
    ['a', ['a1', 'a2', 'a3']],
    ['b', ['b1', 'b2']],
    ['c', []],
  ]);
  it.each<{ name: string; rule: { minMembers: number | null; oneFaction: boolean }; supporters: string[]; met: boolean; faction: string | null }>([
    { name: 'one faction: all present members of b', rule: { minMembers: null, oneFaction: true }, supporters: ['b1', 'b2'], met: true, faction: 'b' },
    { name: 'one faction: part of a faction is not enough', rule: { minMembers: null, oneFaction: true }, supporters: ['a1', 'a2', 'b1'], met: false, faction: null },
    { name: 'a faction with nobody present cannot ask', rule: { minMembers: null, oneFaction: true }, supporters: [], met: false, faction: null },
    { name: 'member count: 3 of 3', rule: { minMembers: 3, oneFaction: false }, supporters: ['a1', 'b1', 'b2'], met: true, faction: null },
    { name: 'member count: 2 of 3', rule: { minMembers: 3, oneFaction: false }, supporters: ['a1', 'b1'], met: false, faction: null },
    { name: 'member count disabled faction rule: whole faction b is only 2 of 3', rule: { minMembers: 3, oneFaction: false }, supporters: ['b1', 'b2'], met: false, faction: null },
    { name: 'either rule: the faction meets it below the count', rule: { minMembers: 4, oneFaction: true }, supporters: ['b1', 'b2'], met: true, faction: 'b' },
  ])('$name', ({ rule, supporters, met, faction }) => {
    const t = namedRequest(rule, new Set(supporters), factions);
    expect(t.met).toBe(met);
    expect(t.faction).toBe(faction);
    expect(t.supporters).toBe(supporters.length);
  });

  it.each([
    { named: false, secret: false, kind: null },
    { named: true, secret: false, kind: 'named' },
    { named: false, secret: true, kind: 'secret' },
    { named: true, secret: true, kind: 'secret' },
  ])('named met $named, secret met $secret -> $kind (secret beats named)', ({ named, secret, kind }) => {
    expect(requiredKind(named, secret)).toBe(kind);
  });
});
