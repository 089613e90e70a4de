/**
 * Deterministic generated councils for integration tests and benchmarks.
 *
 * Member i (1-based) gets id "m-0001".., the card cardUidFor(i) and is meant to sit on seat i.
 * Member 1 is the mayor (seat 1 is the chair's desk); advisory members come last.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoginModel, RegisterInput } from '../../server/protocol/register';

export interface CouncilOptions {
  /** Total number of members including the mayor and advisory members. */
  members: number;
  /** Number of seats; defaults to the number of members. */
  seats?: number;
  /** Number of factions (capped at the number of elected members); defaults to 6. */
  factions?: number;
  /** Members with advisory voice only, placed last; defaults to 0. */
  advisory?: number;
  /** Legal number of members; defaults to the number of members with full voting right. */
  legalMembers?: number;
  loginModel?: LoginModel;
}

type MemberInput = RegisterInput['members'][number];
type SeatInput = RegisterInput['seats'][number];
type FactionInput = RegisterInput['factions'][number];
type AgendaItemInput = RegisterInput['session']['agenda'][number];

const FIRST_NAMES = [
  'Anna', 'Bernd', 'Claudia', 'Dieter', 'Eva', 'Frank', 'Gabriele', 'Holger', 'Ines', 'Jan',
  'Katrin', 'Lars', 'Monika', 'Norbert', 'Olga', 'Peter', 'Renate', 'Sven', 'Tanja', 'Uwe',
] as const;
const LAST_NAMES = [
  'Albers', 'Brinkmann', 'Dreier', 'Ebert', 'Fuchs', 'Gerling', 'Hansen', 'Imhoff', 'Jansen', 'Kettler',
  'Lohmann', 'Meier', 'Nolte', 'Ostermann', 'Pohl', 'Quast', 'Reuter', 'Stein', 'Thiel', 'Vogt',
  'Wagner', 'Zander', 'Beckmann',
] as const;
const FACTION_NAMES = [
  'Bürgerbündnis', 'Soziale Liste', 'Grüne Liste', 'Unabhängige Bürger', 'Liberale Mitte',
  'Zukunftsliste', 'Wählergruppe Nord', 'Wählergruppe Süd',
] as const;
const FACTION_COLORS = [
  '#1F4E8C', '#B8322A', '#3A8F3A', '#E08E0B', '#138A8A', '#7B3FA0', '#6B6B6B', '#A0522D',
] as const;

function pick<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error('empty list');
  return value;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
}

export function memberIdFor(index: number): string {
  return `m-${String(index).padStart(4, '0')}`;
}

const UID_SPACE = 1n << 48n;
/** Odd multiplier: index -> index * K + C is a bijection modulo 2^48, so UIDs never collide. */
const UID_MULTIPLIER = 0x5deece66dn;
const UID_OFFSET = 0x2f3a91c4b7e5n;

/**
 * A deterministic 7-byte NXP-style UID (14 upper-case hex chars starting with "04") for the
 * member with the given 1-based index. Unique for all indices below 2^48.
 */
export function cardUidFor(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`card index must be a non-negative integer, got ${index}`);
  const value = (BigInt(index) * UID_MULTIPLIER + UID_OFFSET) % UID_SPACE;
  return `04${value.toString(16).toUpperCase().padStart(12, '0')}`;
}

/** Splits total into count parts of different sizes (weights count, count-1, .., 1), largest remainders. */
function factionSizes(total: number, count: number): number[] {
  if (count === 0) return [];
  const weights = Array.from({ length: count }, (_, i) => count - i);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Everyone gets at least one seat; the rest is split by weight.
  const rest = total - count;
  const exact = weights.map((w) => (rest * w) / weightSum);
  const sizes = exact.map((e) => 1 + Math.floor(e));
  let missing = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (missing === 0) break;
    sizes[i] = (sizes[i] ?? 0) + 1;
    missing -= 1;
  }
  return sizes;
}

/** Seat 1 is the chair's desk at the top centre; the others fill a grid below it. */
function makeSeats(count: number): SeatInput[] {
  const seats: SeatInput[] = [{ id: 1, label: '1', x: 0.5, y: 0.05, role: 'chair' }];
  const rest = count - 1;
  if (rest === 0) return seats;
  const columns = Math.ceil(Math.sqrt(rest));
  const rows = Math.ceil(rest / columns);
  const round = (v: number) => Math.round(v * 10000) / 10000;
  for (let k = 0; k < rest; k++) {
    const column = k % columns;
    const row = Math.floor(k / columns);
    const x = columns === 1 ? 0.5 : 0.05 + (0.9 * column) / (columns - 1);
    const y = rows === 1 ? 0.55 : 0.15 + (0.8 * row) / (rows - 1);
    seats.push({ id: k + 2, label: String(k + 2), x: round(x), y: round(y), role: 'member' });
  }
  return seats;
}

/** A tiny agenda: two public items and one non-public item. */
export function tinyAgenda(): AgendaItemInput[] {
  return [
    { id: 'top-01', number: '1', title: 'Eröffnung und Feststellung der Beschlussfähigkeit', public: true },
    {
      id: 'top-02',
      number: '2',
      title: 'Testvorlage',
      public: true,
      motion: 'Der Rat beschließt die Testvorlage.',
      documentRef: 'Drucksache 2026/001',
    },
    {
      id: 'top-n1',
      number: 'N 1',
      title: 'Nichtöffentliche Testvorlage',
      public: false,
      motion: 'Der Rat beschließt die nichtöffentliche Testvorlage.',
      documentRef: 'Drucksache 2026/002',
    },
  ];
}

export function makeCouncil(options: CouncilOptions): RegisterInput {
  const memberCount = options.members;
  const advisory = options.advisory ?? 0;
  const seatCount = options.seats ?? memberCount;
  checkCount('members', memberCount, 1);
  checkCount('advisory', advisory, 0);
  checkCount('seats', seatCount, 1);
  if (advisory >= memberCount) throw new Error('at least the mayor must have a full voting right');
  const fullVoting = memberCount - advisory;
  const elected = fullVoting - 1;
  const factionCount = Math.min(options.factions ?? 6, elected);
  checkCount('factions', factionCount, 0);

  const factions: FactionInput[] = Array.from({ length: factionCount }, (_, i) => ({
    id: `f-${i + 1}`,
    name: `${pick(FACTION_NAMES, i)}${i >= FACTION_NAMES.length ? ` ${i + 1}` : ''}`,
    shortName: `F${i + 1}`,
    color: pick(FACTION_COLORS, i),
  }));
  // factionOf[k] is the faction of the k-th elected member; contiguous blocks, largest first.
  const factionOf: (string | null)[] = [];
  factionSizes(elected, factionCount).forEach((size, f) => {
    for (let k = 0; k < size; k++) factionOf.push(`f-${f + 1}`);
  });

  const members: MemberInput[] = [];
  for (let i = 1; i <= memberCount; i++) {
    const name = { firstName: pick(FIRST_NAMES, i - 1), lastName: pick(LAST_NAMES, i - 1) };
    if (i === 1) {
      members.push({ id: memberIdFor(i), ...name, factionId: null, votingRight: 'full', role: 'mayor' });
    } else if (i > fullVoting) {
      members.push({ id: memberIdFor(i), ...name, factionId: null, votingRight: 'advisory', role: 'officer' });
    } else {
      members.push({ id: memberIdFor(i), ...name, factionId: factionOf[i - 2] ?? null, votingRight: 'full', role: 'member' });
    }
  }

  return {
    format: 'ratssaal-seed/1',
    body: {
      id: `test-council-${memberCount}`,
      name: `Testrat mit ${memberCount} Mitgliedern`,
      place: 'Ratssaal, Testrathaus, Marktplatz 1',
      legalMembers: options.legalMembers ?? fullVoting,
    },
    profile: { loginModel: options.loginModel ?? 'card-present', showIndividualOpenVotes: false },
    factions,
    members,
    seats: makeSeats(seatCount),
    cards: members.map((m, i) => ({ uid: cardUidFor(i + 1), memberId: m.id })),
    session: {
      id: '2026-01-15-test',
      title: '1. Sitzung des Testrates',
      date: '2026-01-15',
      startTime: '17:00',
      agenda: tinyAgenda(),
    },
  };
}

/** Writes makeCouncil(options) as JSON into dir (created if missing) and returns the file's path. */
export function writeCouncil(dir: string, options: CouncilOptions): string {
  mkdirSync(dir, { recursive: true });
  const name = [
    `council-m${options.members}`,
    `s${options.seats ?? options.members}`,
    `f${options.factions ?? 6}`,
    `a${options.advisory ?? 0}`,
    `l${options.legalMembers ?? 'auto'}`,
    options.loginModel ?? 'card-present',
  ].join('-');
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(makeCouncil(options), null, 2)}\n`);
  return path;
}
