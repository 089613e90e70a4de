import { describe, expect, it } from 'vitest';
import { parseLog, quantiles, serverOf, votesOf } from '../../tests/load/fsync-times';
import { spreadOffset } from '../../tests/load/messages';

/** A timer log: header, then "<start ns> <duration ns> <call> <tid> <path>" per sync. */
function log(lines: [atMs: number, ms: number, file: string][], command = '/usr/bin/node /x/test-results/bench-server/main.mjs'): string {
  return [`# ${command}`, ...lines.map(([at, ms, file]) => `${Math.round(at * 1e6)} ${Math.round(ms * 1e6)} fsync 42 /data/${file}`), ''].join('\n');
}

describe('fsync-times: reading the fsync timer', () => {
  it('parses the header and the calls, and skips what it cannot read', () => {
    const parsed = parseLog(7, `${log([[1000, 0.25, 'ratssaal.db-wal']])}garbage\n12 x fsync 1 /y\n`);
    expect(parsed).toEqual({
      pid: 7,
      command: '/usr/bin/node /x/test-results/bench-server/main.mjs',
      calls: [{ at: 1000, ms: 0.25, call: 'fsync', thread: 42, file: 'ratssaal.db-wal' }],
    });
  });

  it('tells the servers by their command line', () => {
    const table: [string, ReturnType<typeof serverOf>][] = [
      ['/usr/bin/node --enable-source-maps /w/test-results/bench-server/main.mjs', 'ratssaal'],
      ['/usr/bin/node --import tsx server/main.ts', 'ratssaal'],
      ['/usr/bin/node --import tsx tests/load/echo-server.ts', 'echo-fsync'],
      ['/usr/bin/node tests/load/seat-worker.ts', null],
      ['', null],
    ];
    for (const [command, server] of table) expect(serverOf(command)).toBe(server);
  });

  it('takes quantiles by rank', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantiles(hundred)).toEqual({ p50: 51, p90: 91, p99: 100, max: 100 });
    expect(quantiles([])).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
  });

  it("splits the commit file's syncs into votes, burst or spread by their span, with the other files inside", () => {
    const burst = Array.from({ length: 30 }, (_, i): [number, number, string] => [1000 + i * 10, i === 29 ? 5 : 0.2, 'ratssaal.db-wal']);
    const spread = Array.from({ length: 40 }, (_, i): [number, number, string] => [5000 + i * 50, 0.3, 'ratssaal.db-wal']);
    const stray = Array.from({ length: 5 }, (_, i): [number, number, string] => [20_000 + i * 1000, 0.3, 'ratssaal.db-wal']);
    const others: [number, number, string][] = [
      [500, 9, 'devices.db-wal'],
      [5500, 1.5, 'ratssaal.db'],
      [5600, 0.5, 'ratssaal.db'],
    ];
    const votes = votesOf(parseLog(1, log([...burst, ...spread, ...stray, ...others])));
    expect(votes).toHaveLength(2);
    expect(votes[0]).toMatchObject({ kind: 'burst', syncs: 30, spanMs: 290, others: {} });
    expect(votes[0]!.durations.max).toBe(5);
    expect(votes[1]).toMatchObject({ kind: 'spread', syncs: 40, spanMs: 1950, others: { 'ratssaal.db': { count: 2, maxMs: 1.5 } } });
    // a longer spread threshold makes the second vote a burst as well
    expect(votesOf(parseLog(1, log([...burst, ...spread])), { spreadSpanMs: 2500 }).map((v) => v.kind)).toEqual(['burst', 'burst']);
  });
});

describe('the bench: spread voting over several seat workers', () => {
  it('interleaves the workers so that the ballots come at even intervals, not in small bursts', () => {
    const table: [seats: number, workers: number][] = [
      [1000, 4],
      [500, 2],
      [125, 1],
    ];
    for (const [seats, workers] of table) {
      const perWorker = seats / workers;
      const offsets = Array.from({ length: workers }, (_, w) => Array.from({ length: perWorker }, (_, i) => spreadOffset(i, perWorker, 2000, w / workers))).flat();
      const sorted = [...offsets].sort((a, b) => a - b);
      const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
      // every seat its own moment, all within the window, evenly apart
      expect(new Set(offsets).size).toBe(seats);
      expect(sorted[0]).toBe(0);
      expect(sorted.at(-1)!).toBeLessThan(2000);
      for (const g of gaps) expect(g).toBeCloseTo(2000 / seats, 9);
    }
    expect(spreadOffset(17, 250, 0, 0.5)).toBe(0);
  });
});
