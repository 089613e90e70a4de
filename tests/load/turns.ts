/**
 * Every turn of every bench report on this machine, side by side (npm run bench:turns).
 *
 * One run's ratio says little on a shared machine; this reads all reports in test-results/bench
 * (or the files given) and, per seat count and kind of voting, pairs each vote with the same
 * vote of the other servers (the same round of the same turn) and sets their p99 ratios side by
 * side: the naive durable server over the bare echo (the *floor*: what one fsync per
 * ballot and nothing else costs on this disk) and Ratssaal over both. The echo servers' code is
 * the same in every report, so their turns can be pooled across days; Ratssaal's only from the
 * version that is meant (`--since <ISO time>`).
 *
 *   npm run bench:turns
 *   npm run bench:turns -- --since 2026-12-03T13:00 test-results/bench/bench-2026-12-03T13-*.json
 *
 * Reports with pinned servers (`--pin`) are left out: they measure another set-up. A vote's p99
 * is its own (1,100 ballots at 1,000 seats; at 125 seats about 137, so there it is close to the
 * vote's slowest ballot).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../helpers/server-process';

/** The part of a bench report (bench.ts) that this reads. */
export interface ReportTurns {
  startedAt: string;
  machine?: { pinned?: unknown };
  scenarios: {
    server: string;
    seats: number;
    turn?: number;
    votes: { spreadMs: number; kind: string; ack: { n: number; p99: number } }[];
  }[];
}

export interface TurnSummary {
  seats: number;
  spreadMs: number;
  /** The ratio target of the performance issue for this seat count: 1.25 up to 125 seats, 1.5 above. */
  target: number;
  /** Votes (rounds of a turn) that both echo servers held. */
  votes: number;
  floor: { median: number; q1: number; q3: number; withinTarget: number };
  /** Votes of Ratssaal (in reports since `since`): its ratio to the bare echo and to echo-fsync. */
  ratssaal: { votes: number; median: number; withinTarget: number; toFloor: number } | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The q-quantile by linear interpolation between the closest ranks (q in 0..1). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function targetFor(seats: number): number {
  return seats <= 125 ? 1.25 : 1.5;
}

/**
 * The p99 ratios of the open votes, vote by vote, pooled per seat count and spread. A vote counts
 * when echo and echo-fsync both held it (same turn, same round); Ratssaal's only from reports
 * started at or after `since` (ISO time; all when absent).
 */
export function summarizeTurns(reports: readonly ReportTurns[], since?: string): TurnSummary[] {
  const groups = new Map<string, { seats: number; spreadMs: number; floor: number[]; ours: number[]; toFloor: number[] }>();
  for (const report of reports) {
    if (report.machine?.pinned) continue;
    const p99 = new Map<string, number>();
    for (const sc of report.scenarios) {
      // a server holds each vote `rounds` times per turn: its n-th round is paired with the others' n-th
      const rounds = new Map<number, number>();
      for (const vote of sc.votes) {
        if (vote.kind !== 'open') continue;
        const round = rounds.get(vote.spreadMs) ?? 0;
        rounds.set(vote.spreadMs, round + 1);
        if (vote.ack.n > 0) p99.set(`${sc.seats}|${vote.spreadMs}|${sc.turn ?? 0}.${round}|${sc.server}`, vote.ack.p99);
      }
    }
    for (const [key, echo] of p99) {
      const [seats, spreadMs, turn, server] = key.split('|');
      if (server !== 'echo' || echo <= 0) continue;
      const fsync = p99.get(`${seats}|${spreadMs}|${turn}|echo-fsync`);
      if (fsync === undefined) continue;
      const id = `${seats}|${spreadMs}`;
      const group = groups.get(id) ?? { seats: Number(seats), spreadMs: Number(spreadMs), floor: [], ours: [], toFloor: [] };
      groups.set(id, group);
      group.floor.push(fsync / echo);
      const ours = p99.get(`${seats}|${spreadMs}|${turn}|ratssaal`);
      if (ours !== undefined && (since === undefined || report.startedAt >= since)) {
        group.ours.push(ours / echo);
        group.toFloor.push(ours / fsync);
      }
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.seats - b.seats || a.spreadMs - b.spreadMs)
    .map((g) => {
      const target = targetFor(g.seats);
      const share = (xs: number[]) => round2(xs.filter((x) => x <= target).length / xs.length);
      return {
        seats: g.seats,
        spreadMs: g.spreadMs,
        target,
        votes: g.floor.length,
        floor: { median: round2(quantile(g.floor, 0.5)), q1: round2(quantile(g.floor, 0.25)), q3: round2(quantile(g.floor, 0.75)), withinTarget: share(g.floor) },
        ratssaal:
          g.ours.length === 0
            ? null
            : { votes: g.ours.length, median: round2(quantile(g.ours, 0.5)), withinTarget: share(g.ours), toFloor: round2(quantile(g.toFloor, 0.5)) },
      };
    });
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { since: { type: 'string' } }, allowPositionals: true });
  const dir = join(REPO_ROOT, 'test-results', 'bench');
  const files = positionals.length > 0 ? positionals : readdirSync(dir).filter((f) => /^bench-.*\.json$/.test(f)).map((f) => join(dir, f));
  const reports: ReportTurns[] = [];
  for (const file of files) {
    try {
      reports.push(JSON.parse(readFileSync(file, 'utf8')) as ReportTurns);
    } catch (err) {
      console.error(`skipped ${file}: ${(err as Error).message}`);
    }
  }
  const summary = summarizeTurns(reports, values.since);
  console.log(`${reports.length} reports${values.since ? `; Ratssaal since ${values.since}` : ''}`);
  console.table(
    summary.map((s) => ({
      seats: s.seats,
      voting: s.spreadMs === 0 ? 'burst' : `spread ${s.spreadMs} ms`,
      target: s.target,
      votes: s.votes,
      'floor: echo-fsync / echo, median (quartiles)': `${s.floor.median} (${s.floor.q1}–${s.floor.q3})`,
      'floor within target': `${Math.round(s.floor.withinTarget * 100)} %`,
      'Ratssaal votes': s.ratssaal?.votes ?? 0,
      'Ratssaal / echo, median': s.ratssaal?.median ?? '',
      'Ratssaal within target': s.ratssaal ? `${Math.round(s.ratssaal.withinTarget * 100)} %` : '',
      'Ratssaal / echo-fsync, median': s.ratssaal?.toFloor ?? '',
    })),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
