import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { Register } from '../../server/protocol/register';
import type { Register as RegisterData, RegisterInput } from '../../server/protocol/register';
import { cardUidFor, makeCouncil, tinyAgenda } from '../helpers/council';
import type { CouncilOptions } from '../helpers/council';

function loadDemo(): RegisterData {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../seeds/demo-council.json', import.meta.url), 'utf8'));
  return Register.parse(raw);
}

function minSeatDistance(seats: readonly { x: number; y: number }[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < seats.length; i++) {
    for (let j = i + 1; j < seats.length; j++) {
      const a = seats[i];
      const b = seats[j];
      if (a && b) min = Math.min(min, Math.hypot(a.x - b.x, a.y - b.y));
    }
  }
  return min;
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('seeds/demo-council.json', () => {
  const seed = loadDemo();

  it('describes the body and profile', () => {
    expect(seed.format).toBe('ratssaal-seed/1');
    expect(seed.body.legalMembers).toBe(45);
    expect(seed.body.name).toMatch(/^Rat der Stadt /);
    expect(seed.profile).toMatchObject({ loginModel: 'card-present', showIndividualOpenVotes: false });
    // settings the seed leaves out get the NRW defaults
    expect(seed.profile.secretVoteRequest).toEqual({ numerator: 1, denominator: 5, base: 'legal' });
    expect(seed.profile).toMatchObject({ speakingTimeSeconds: 300, speakingTimeAtZero: 'warn' });
  });

  it('has 45 full-voting members and 1 advisory member', () => {
    expect(seed.members).toHaveLength(46);
    expect(seed.members.filter((m) => m.votingRight === 'full')).toHaveLength(45);
    const advisory = seed.members.filter((m) => m.votingRight === 'advisory');
    expect(advisory).toHaveLength(1);
    expect(advisory[0]?.role).toBe('officer');
    expect(advisory[0]?.factionId).toBeNull();
    const mayors = seed.members.filter((m) => m.role === 'mayor');
    expect(mayors).toHaveLength(1);
    expect(mayors[0]).toMatchObject({ id: 'm-001', votingRight: 'full', factionId: null });
    seed.members.forEach((m, i) => expect(m.id).toBe(`m-${String(i + 1).padStart(3, '0')}`));
  });

  it('has 6 factions of different sizes with 43 members plus 1 elected member without faction', () => {
    expect(seed.factions).toHaveLength(6);
    const elected = seed.members.filter((m) => m.role === 'member');
    expect(elected).toHaveLength(44);
    expect(elected.every((m) => m.votingRight === 'full')).toBe(true);
    const sizes = countBy(elected.map((m) => m.factionId));
    expect(sizes.get(null)).toBe(1);
    const factionSizes = seed.factions.map((f) => sizes.get(f.id) ?? 0);
    expect(factionSizes.reduce((a, b) => a + b, 0)).toBe(43);
    expect(factionSizes.every((n) => n > 0)).toBe(true);
    expect(new Set(factionSizes).size).toBe(6);
    for (const f of seed.factions) expect(f.shortName).toMatch(/^.{2,5}$/);
  });

  it('has 48 well-spread seats: chair, members and staff', () => {
    expect(seed.seats).toHaveLength(48);
    expect(seed.seats.map((s) => s.id)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(seed.seats.map((s) => s.label)).toEqual(Array.from({ length: 48 }, (_, i) => String(i + 1)));
    expect(seed.seats.filter((s) => s.role === 'chair').map((s) => s.id)).toEqual([1]);
    expect(seed.seats.filter((s) => s.role === 'staff').map((s) => s.id)).toEqual([47, 48]);
    expect(seed.seats.filter((s) => s.role === 'member')).toHaveLength(45);
    const chair = seed.seats[0];
    expect(chair && Math.min(...seed.seats.map((s) => s.y)) === chair.y).toBe(true);
    expect(minSeatDistance(seed.seats)).toBeGreaterThanOrEqual(0.05);
  });

  it('gives every member exactly one card with a unique 7-byte UID', () => {
    const perMember = countBy(seed.cards.map((c) => c.memberId));
    for (const m of seed.members) expect(perMember.get(m.id), m.id).toBe(1);
    expect(seed.cards).toHaveLength(seed.members.length);
    const uids = seed.cards.map((c) => c.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid).toMatch(/^04[0-9A-F]{12}$/);
  });

  it('plans a session with public and non-public items', () => {
    expect(seed.session.date).toMatch(/^2026-12-/);
    expect(seed.session.startTime).toBe('17:00');
    expect(seed.session.agenda.length).toBeGreaterThanOrEqual(8);
    const nonPublic = seed.session.agenda.filter((i) => !i.public);
    expect(nonPublic.length).toBeGreaterThanOrEqual(1);
    for (const item of nonPublic) expect(item.number).toMatch(/^N \d+$/);
    expect(seed.session.agenda.some((i) => i.public && i.motion?.startsWith('Der Rat beschließt'))).toBe(true);
  });
});

describe('makeCouncil', () => {
  const cases: { options: CouncilOptions; factions: number; advisory: number }[] = [
    { options: { members: 1 }, factions: 0, advisory: 0 },
    { options: { members: 3 }, factions: 2, advisory: 0 },
    { options: { members: 125, advisory: 3, loginModel: 'tap-toggle' }, factions: 6, advisory: 3 },
    { options: { members: 1000, factions: 8 }, factions: 8, advisory: 0 },
  ];

  it.each(cases)('builds a valid council with $options.members members', ({ options, factions, advisory }) => {
    const input = makeCouncil(options);
    const parsed = Register.safeParse(input);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
    if (!parsed.success) return;
    const r = parsed.data;
    const n = options.members;
    expect(r.members).toHaveLength(n);
    expect(r.seats).toHaveLength(n);
    expect(r.cards).toHaveLength(n);
    expect(r.factions).toHaveLength(factions);
    expect(r.members[0]).toMatchObject({ id: 'm-0001', role: 'mayor', votingRight: 'full', factionId: null });
    expect(r.members[n - 1]?.id).toBe(`m-${String(n).padStart(4, '0')}`);
    expect(r.members.filter((m) => m.votingRight === 'advisory')).toHaveLength(advisory);
    expect(r.members.slice(n - advisory).every((m) => m.votingRight === 'advisory')).toBe(true);
    expect(r.body.legalMembers).toBe(n - advisory);
    expect(r.profile.loginModel).toBe(options.loginModel ?? 'card-present');
    expect(r.seats[0]?.role).toBe('chair');
    // Seat i is meant for member i, so member i holds card i.
    r.cards.forEach((c, i) => {
      expect(c.memberId).toBe(r.members[i]?.id);
      expect(c.uid).toBe(cardUidFor(i + 1));
    });
    const uids = r.cards.map((c) => c.uid);
    expect(new Set(uids).size).toBe(n);
    const positions = r.seats.map((s) => `${s.x},${s.y}`);
    expect(new Set(positions).size).toBe(n);
    // Every elected member belongs to a faction; sizes differ where possible.
    const sizes = countBy(r.members.filter((m) => m.role === 'member').map((m) => m.factionId));
    expect(sizes.has(null)).toBe(false);
    if (factions >= 2 && n - advisory - 1 >= factions * (factions + 1) / 2) {
      expect(new Set(sizes.values()).size).toBe(factions);
    }
    const nonPublic = r.session.agenda.filter((i) => !i.public);
    expect(r.session.agenda).toHaveLength(3);
    expect(nonPublic).toHaveLength(1);
  });

  it.each(cases)('is deterministic for $options.members members', ({ options }) => {
    expect(makeCouncil(options)).toEqual(makeCouncil(options));
  });

  it('honours seats and legalMembers', () => {
    const r = Register.parse(makeCouncil({ members: 10, seats: 14, legalMembers: 12 }));
    expect(r.seats).toHaveLength(14);
    expect(r.body.legalMembers).toBe(12);
  });

  it('rejects impossible options', () => {
    expect(() => makeCouncil({ members: 0 })).toThrow();
    expect(() => makeCouncil({ members: 2, advisory: 2 })).toThrow();
  });

  it('derives 7-byte NXP-style UIDs that stay unique', () => {
    const uids = Array.from({ length: 20000 }, (_, i) => cardUidFor(i + 1));
    for (const uid of uids.slice(0, 50)) expect(uid).toMatch(/^04[0-9A-F]{12}$/);
    expect(new Set(uids).size).toBe(uids.length);
    expect(cardUidFor(7)).toBe(cardUidFor(7));
  });

  it('has a tiny agenda with one non-public item', () => {
    const agenda = tinyAgenda();
    expect(agenda).toHaveLength(3);
    expect(agenda.filter((i) => !i.public)).toHaveLength(1);
  });
});

describe('Register validation', () => {
  function issues(input: RegisterInput): string[] {
    const result = Register.safeParse(input);
    expect(result.success).toBe(false);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  }

  it('accepts the generated baseline', () => {
    expect(Register.safeParse(makeCouncil({ members: 5 })).success).toBe(true);
  });

  it('rejects a card for an unknown member', () => {
    const input = makeCouncil({ members: 5 });
    input.cards.push({ uid: cardUidFor(99), memberId: 'm-9999' });
    expect(issues(input)).toContain('unknown member m-9999');
  });

  it('rejects duplicate card UIDs', () => {
    const input = makeCouncil({ members: 5 });
    const first = input.cards[0];
    const second = input.cards[1];
    if (!first || !second) throw new Error('expected cards');
    second.uid = first.uid;
    expect(issues(input)).toContain('card UIDs must be unique');
  });

  it('rejects duplicate card UIDs that differ only in spelling', () => {
    const input = makeCouncil({ members: 5 });
    const first = input.cards[0];
    const second = input.cards[1];
    if (!first || !second) throw new Error('expected cards');
    second.uid = first.uid.toLowerCase().replace(/(..)(?!$)/g, '$1:');
    expect(issues(input)).toContain('card UIDs must be unique');
  });

  it('rejects more full-voting members than legalMembers', () => {
    const input = makeCouncil({ members: 5, legalMembers: 4 });
    expect(issues(input).some((m) => m.includes('exceed the legal number 4'))).toBe(true);
  });
});
