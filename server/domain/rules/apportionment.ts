/**
 * Proportional distribution of seats (committee seats, RULES.md §7; GO NRW § 50 (3)).
 * Pure and exact: every comparison is done in integers, so no floating-point rounding can
 * ever move a seat. Ties at the last seats are not guessed: they are reported, and a lot
 * (a random value that comes in from outside the domain) decides them.
 */

export type ApportionmentMethod = 'hare-niemeyer' | 'dhondt';
export const APPORTIONMENT_METHODS: readonly ApportionmentMethod[] = ['hare-niemeyer', 'dhondt'];

export interface ListVotes {
  id: string;
  votes: number;
}

export interface Apportionment {
  method: ApportionmentMethod;
  /** Seats per list id, in input order; lists without a seat have 0. */
  seats: Record<string, number>;
  /** Seats that could not be given because lists tie for them; null when everything is decided. */
  tie: { seatsLeft: number; tied: string[] } | null;
}

function check(lists: readonly ListVotes[], seats: number): void {
  if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`seats must be a positive integer, got ${seats}`);
  if (lists.length === 0) throw new RangeError('at least one list is needed');
  if (new Set(lists.map((l) => l.id)).size !== lists.length) throw new RangeError('list ids must be unique');
  for (const l of lists) {
    if (!Number.isSafeInteger(l.votes) || l.votes < 0) throw new RangeError(`votes of ${l.id} must be a non-negative integer`);
  }
  if (lists.every((l) => l.votes === 0)) throw new RangeError('no votes: nothing to distribute');
}

/**
 * Hands out `free` seats to candidates ranked by a key (highest first). `better(a, b)` > 0 when
 * a ranks above b, 0 on a tie. Returns the winners, plus the tied group straddling the cut.
 */
function cut<T extends { id: string }>(
  ranked: T[],
  free: number,
  better: (a: T, b: T) => number,
): { winners: string[]; tie: { seatsLeft: number; tied: string[] } | null } {
  const sorted = [...ranked].sort((a, b) => better(b, a));
  if (free <= 0) return { winners: [], tie: null };
  if (free >= sorted.length) return { winners: sorted.map((c) => c.id), tie: null };
  const boundary = sorted[free - 1] as T;
  const next = sorted[free] as T;
  if (better(boundary, next) !== 0) return { winners: sorted.slice(0, free).map((c) => c.id), tie: null };
  const above = sorted.filter((c) => better(c, boundary) > 0).map((c) => c.id);
  const tied = sorted.filter((c) => better(c, boundary) === 0).map((c) => c.id);
  return { winners: above, tie: { seatsLeft: free - above.length, tied } };
}

/**
 * Largest remainders with the Hare quota (Hare-Niemeyer): list i gets floor(v_i·S/V) seats,
 * the rest go to the largest remainders (v_i·S mod V); equal remainders at the cut go to lot.
 */
export function hareNiemeyer(lists: readonly ListVotes[], seats: number): Apportionment {
  check(lists, seats);
  const total = lists.reduce((a, l) => a + l.votes, 0);
  const result: Record<string, number> = {};
  let given = 0;
  const remainders = lists.map((l) => {
    const product = BigInt(l.votes) * BigInt(seats);
    const whole = Number(product / BigInt(total));
    result[l.id] = whole;
    given += whole;
    return { id: l.id, remainder: product % BigInt(total) };
  });
  // a list with no votes has no remainder to claim a seat with
  const candidates = remainders.filter((r) => r.remainder > 0n);
  const { winners, tie } = cut(candidates, seats - given, (a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? 1 : -1));
  for (const id of winners) result[id] = (result[id] ?? 0) + 1;
  return { method: 'hare-niemeyer', seats: result, tie };
}

/**
 * Highest averages with divisors 1, 2, 3, … (d'Hondt). Seat by seat: the list with the highest
 * v_i/(s_i+1) gets the next seat; equal quotients for the last seats go to lot.
 */
export function dHondt(lists: readonly ListVotes[], seats: number): Apportionment {
  check(lists, seats);
  const result: Record<string, number> = Object.fromEntries(lists.map((l) => [l.id, 0]));
  // every quotient v/d that could win one of the seats: d runs up to seats for each list
  const quotients: { id: string; votes: number; divisor: number }[] = [];
  for (const l of lists) {
    if (l.votes === 0) continue;
    for (let d = 1; d <= seats; d += 1) quotients.push({ id: `${l.id}\u0000${d}`, votes: l.votes, divisor: d });
  }
  // a/da vs b/db compared as a·db vs b·da
  const { winners, tie } = cut(quotients, seats, (a, b) => {
    const left = BigInt(a.votes) * BigInt(b.divisor);
    const right = BigInt(b.votes) * BigInt(a.divisor);
    return left === right ? 0 : left > right ? 1 : -1;
  });
  const listOf = (qid: string) => qid.slice(0, qid.indexOf('\u0000'));
  for (const qid of winners) result[listOf(qid)] = (result[listOf(qid)] ?? 0) + 1;
  return {
    method: 'dhondt',
    seats: result,
    tie: tie ? { seatsLeft: tie.seatsLeft, tied: [...new Set(tie.tied.map(listOf))] } : null,
  };
}

export function apportion(method: ApportionmentMethod, lists: readonly ListVotes[], seats: number): Apportionment {
  return method === 'dhondt' ? dHondt(lists, seats) : hareNiemeyer(lists, seats);
}

/**
 * Draws `count` distinct winners from `candidates` (in the given order) with one random value
 * (hex, at least 16 bytes). The value is read as a big number and used digit by digit in the
 * mixed radix k, k-1, …: uniform up to a bias of k!/2^bits, which is nil for 128 bits and more.
 */
export function drawLot(candidates: readonly string[], count: number, randomHex: string): string[] {
  if (!/^[0-9a-f]{32,128}$/i.test(randomHex)) throw new RangeError('the random value must be 16 to 64 bytes of hex');
  if (count < 1 || count > candidates.length) throw new RangeError(`cannot draw ${count} of ${candidates.length}`);
  let r = BigInt(`0x${randomHex}`);
  const pool = [...candidates];
  const drawn: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const k = BigInt(pool.length);
    const index = Number(r % k);
    r /= k;
    drawn.push(...pool.splice(index, 1));
  }
  return drawn;
}

/** Settles the tie of an apportionment: the drawn lists get one seat each. */
export function settleTie(a: Apportionment, winners: readonly string[]): Apportionment {
  if (!a.tie) throw new RangeError('nothing to settle');
  if (winners.length !== a.tie.seatsLeft || new Set(winners).size !== winners.length) {
    throw new RangeError(`exactly ${a.tie.seatsLeft} distinct lists must be drawn`);
  }
  const seats = { ...a.seats };
  for (const id of winners) {
    if (!a.tie.tied.includes(id)) throw new RangeError(`${id} is not among the tied lists`);
    seats[id] = (seats[id] ?? 0) + 1;
  }
  return { method: a.method, seats, tie: null };
}
