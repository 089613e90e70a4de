import { describe, it, expect } from 'vitest';
import { computeOutcome, type OutcomeInput } from '../../../server/domain/rules/result';
import type { Choice } from '../../../server/protocol/common';

/** Register order of factions is f-b, f-a, f-c (not alphabetical); factionless (null) last. */
const FACTION_OF: Readonly<Record<string, string | null>> = { m1: 'f-a', m2: 'f-b', m3: null, m4: 'f-a', m5: 'f-c', m6: 'f-b' };

function input(over: Partial<OutcomeInput> & { cast?: [string, Choice][] } = {}): OutcomeInput {
  const { cast = [], ...rest } = over;
  return {
    kind: 'open',
    majority: { kind: 'simple' },
    ballots: new Map(cast),
    secretTally: { yes: 0, no: 0, abstain: 0 },
    participants: cast.length,
    eligible: 6,
    context: { legalMembers: 7, present: 6 },
    factionOf: (id) => FACTION_OF[id] ?? null,
    factionOrder: ['f-b', 'f-a', 'f-c', null],
    ...rest,
  };
}

// ballots arrive in the order they were cast, not sorted by id
const CAST: [string, Choice][] = [
  ['m4', 'no'],
  ['m3', 'yes'],
  ['m1', 'yes'],
  ['m2', 'abstain'],
];

describe('computeOutcome: open and named votes', () => {
  it.each(['open', 'named'] as const)('%s: byFaction in register order, factionless last, factions without ballots omitted', (kind) => {
    const o = computeOutcome(input({ kind, cast: CAST }));
    expect(o.byFaction).toEqual([
      { factionId: 'f-b', yes: 0, no: 0, abstain: 1 },
      { factionId: 'f-a', yes: 1, no: 1, abstain: 0 },
      { factionId: null, yes: 1, no: 0, abstain: 0 },
    ]);
  });

  it.each(['open', 'named'] as const)('%s: choices sorted by member id', (kind) => {
    expect(computeOutcome(input({ kind, cast: CAST })).choices).toEqual([
      { memberId: 'm1', choice: 'yes' },
      { memberId: 'm2', choice: 'abstain' },
      { memberId: 'm3', choice: 'yes' },
      { memberId: 'm4', choice: 'no' },
    ]);
  });

  it('tally counts the ballots and ignores secretTally', () => {
    const o = computeOutcome(input({ cast: CAST, secretTally: { yes: 9, no: 9, abstain: 9 } }));
    expect(o.tally).toEqual({ yes: 2, no: 1, abstain: 1 });
    expect(o.passed).toBe(true);
  });

  it('byFaction rows add up to the tally', () => {
    const o = computeOutcome(input({ cast: [...CAST, ['m5', 'no'], ['m6', 'no']] }));
    const sum = (o.byFaction ?? []).reduce((a, r) => ({ yes: a.yes + r.yes, no: a.no + r.no, abstain: a.abstain + r.abstain }), { yes: 0, no: 0, abstain: 0 });
    expect(sum).toEqual(o.tally);
    expect(o.byFaction?.map((r) => r.factionId)).toEqual(['f-b', 'f-a', 'f-c', null]);
  });

  it('no ballots: empty breakdown, rejected', () => {
    const o = computeOutcome(input());
    expect(o).toMatchObject({ tally: { yes: 0, no: 0, abstain: 0 }, byFaction: [], choices: [], passed: false });
  });
});

describe('computeOutcome: secret votes', () => {
  const secret = computeOutcome(
    input({ kind: 'secret', cast: [], secretTally: { yes: 3, no: 2, abstain: 1 }, participants: 6, eligible: 6 }),
  );

  it.each([
    ['byFaction', secret.byFaction],
    ['choices', secret.choices],
  ])('%s is null', (_field, value) => {
    expect(value).toBeNull();
  });

  it('uses the urn tally', () => {
    expect(secret.tally).toEqual({ yes: 3, no: 2, abstain: 1 });
    expect(secret.passed).toBe(true);
  });

  it('ignores any ballots passed by mistake', () => {
    const o = computeOutcome(input({ kind: 'secret', cast: CAST, secretTally: { yes: 0, no: 1, abstain: 0 } }));
    expect(o).toMatchObject({ tally: { yes: 0, no: 1, abstain: 0 }, byFaction: null, choices: null, passed: false });
  });
});

describe('computeOutcome: passthrough and majority', () => {
  it.each([
    { participants: 4, eligible: 6, legalMembers: 7, present: 6 },
    { participants: 40, eligible: 41, legalMembers: 45, present: 42 },
  ])('participants $participants, eligible $eligible, present $present, N $legalMembers', ({ participants, eligible, legalMembers, present }) => {
    const o = computeOutcome(input({ cast: CAST, participants, eligible, context: { legalMembers, present } }));
    expect(o).toMatchObject({ participants, eligible, present, legalMembers });
  });

  it.each([
    { name: 'simple: 2 yes, 1 no passes', majority: { kind: 'simple' } as const, neededYes: 2, passed: true },
    { name: 'absoluteLegal of 7: 2 yes are short of 4', majority: { kind: 'absoluteLegal' } as const, neededYes: 4, passed: false },
  ])('$name', ({ majority, neededYes, passed }) => {
    const o = computeOutcome(input({ cast: CAST, majority }));
    expect(o.required.neededYes).toBe(neededYes);
    expect(o.passed).toBe(passed);
  });
});
