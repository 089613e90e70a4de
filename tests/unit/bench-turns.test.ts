import { describe, expect, it } from 'vitest';
import { quantile, summarizeTurns, targetFor, type ReportTurns } from '../load/turns';

const vote = (spreadMs: number, p99: number, kind = 'open') => ({ spreadMs, kind, ack: { n: 100, p99 } });
/** One report: per turn the three servers' p99 of a burst and a spread vote at `seats`. */
function report(startedAt: string, seats: number, turns: [echo: number, fsync: number, ours: number][], extra: Partial<ReportTurns> = {}): ReportTurns {
  return {
    startedAt,
    scenarios: turns.flatMap(([echo, fsync, ours], turn) => [
      { server: 'echo', seats, turn, votes: [vote(0, echo * 10), vote(2000, echo)] },
      { server: 'echo-fsync', seats, turn, votes: [vote(0, fsync * 10), vote(2000, fsync)] },
      { server: 'ratssaal', seats, turn, votes: [vote(0, ours * 10), vote(2000, ours), vote(2000, 99, 'secret')] },
    ]),
    ...extra,
  };
}

describe('quantile', () => {
  it.each([
    [[3, 1, 2], 0.5, 2],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4, 5], 0.25, 2],
    [[7], 0.75, 7],
  ])('%j at %d is %d', (xs, q, want) => expect(quantile(xs, q)).toBe(want));
  it('is NaN without values', () => expect(quantile([], 0.5)).toBeNaN());
});

describe('targetFor', () => {
  it.each([
    [50, 1.25],
    [125, 1.25],
    [126, 1.5],
    [1000, 1.5],
  ])('%d seats: %d', (seats, want) => expect(targetFor(seats)).toBe(want));
});

describe('summarizeTurns', () => {
  it('sets each turn of the same report side by side, per seat count and spread', () => {
    const summary = summarizeTurns([
      report('2026-12-03T10:00:00Z', 125, [
        [2, 3, 2.4],
        [4, 4, 6],
      ]),
    ]);
    expect(summary.map((s) => [s.seats, s.spreadMs])).toEqual([
      [125, 0],
      [125, 2000],
    ]);
    const spread = summary[1]!;
    expect(spread.votes).toBe(2);
    // floors 1.5 and 1.0, Ratssaal 1.2 and 1.5, to echo-fsync 0.8 and 1.5
    expect(spread.floor).toEqual({ median: 1.25, q1: 1.13, q3: 1.38, withinTarget: 0.5 });
    expect(spread.ratssaal).toEqual({ votes: 2, median: 1.35, withinTarget: 0.5, toFloor: 1.15 });
  });

  it('pools the echo servers of every report but Ratssaal only since the given time; leaves out pinned runs', () => {
    const reports = [
      report('2026-12-03T09:00:00Z', 1000, [[2, 2, 8]]),
      report('2026-12-03T14:00:00Z', 1000, [[2, 4, 3]]),
      report('2026-12-03T15:00:00Z', 1000, [[1, 9, 9]], { machine: { pinned: { server: '0', clients: '1' } } }),
    ];
    const [, spread] = summarizeTurns(reports, '2026-12-03T13:00');
    expect(spread!.votes).toBe(2);
    expect(spread!.floor.median).toBe(1.5);
    expect(spread!.ratssaal).toEqual({ votes: 1, median: 1.5, withinTarget: 1, toFloor: 0.75 });
  });

  it('pairs the n-th round of a turn with the n-th round of the other servers', () => {
    const rounds: ReportTurns = {
      startedAt: '2026-12-03T10:00:00Z',
      scenarios: [
        { server: 'echo', seats: 1000, turn: 0, votes: [vote(2000, 2), vote(2000, 4)] },
        { server: 'echo-fsync', seats: 1000, turn: 0, votes: [vote(2000, 3), vote(2000, 4)] },
        { server: 'ratssaal', seats: 1000, turn: 0, votes: [vote(2000, 4), vote(2000, 8)] },
      ],
    };
    const [spread] = summarizeTurns([rounds]);
    expect(spread!.votes).toBe(2);
    expect(spread!.floor).toMatchObject({ median: 1.25, withinTarget: 1 });
    expect(spread!.ratssaal).toEqual({ votes: 2, median: 2, withinTarget: 0, toFloor: 1.67 });
  });

  it('needs both echo servers in the same turn; a turn without Ratssaal still gives a floor', () => {
    const only: ReportTurns = {
      startedAt: '2026-12-03T10:00:00Z',
      scenarios: [
        { server: 'echo', seats: 200, turn: 0, votes: [vote(2000, 2)] },
        { server: 'echo-fsync', seats: 200, turn: 1, votes: [vote(2000, 3)] },
        { server: 'echo', seats: 200, turn: 2, votes: [vote(2000, 2)] },
        { server: 'echo-fsync', seats: 200, turn: 2, votes: [vote(2000, 5)] },
      ],
    };
    const [spread] = summarizeTurns([only]);
    expect(spread!.votes).toBe(1);
    expect(spread!.floor.median).toBe(2.5);
    expect(spread!.ratssaal).toBeNull();
  });
});
