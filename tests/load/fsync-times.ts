/**
 * `npm run bench:fsync`: builds the fsync timer (tests/load/fsync-timer.c) and reads what it
 * recorded during a bench run: for every server process, the durations of the syncs of its
 * commit file (the file it syncs most: Ratssaal's WAL, echo-fsync's log) vote by vote, and the
 * syncs of other files that fell inside a vote (a checkpoint, the device registry).
 *
 *   npm run bench:fsync -- build
 *   FSYNC_TIMER_DIR=<folder> LD_PRELOAD=test-results/fsync-timer/fsync-timer.so npm run bench -- --seats 1000 --skip-replay
 *   npm run bench:fsync -- report <folder> [--spread-span-ms 1500]
 *
 * A vote is a run of commit-file syncs with no gap over 300 ms, at least 20 of them; it counts as
 * spread voting when it lasts at least --spread-span-ms (the bench spreads over 2 s), else as a
 * burst.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../helpers/server-process';

export interface SyncCall {
  /** Start, ms on the monotonic clock. */
  at: number;
  ms: number;
  call: 'fsync' | 'fdatasync';
  thread: number;
  /** File name (without the folder). */
  file: string;
}

export interface ProcessLog {
  pid: number;
  command: string;
  calls: SyncCall[];
}

/** One process's log as the timer wrote it; lines it cannot read are skipped. */
export function parseLog(pid: number, text: string): ProcessLog {
  const lines = text.split('\n');
  const command = lines[0]?.startsWith('# ') ? lines[0].slice(2).trim() : '';
  const calls: SyncCall[] = [];
  for (const line of lines) {
    const m = /^(\d+) (\d+) (fsync|fdatasync) (\d+) (.*)$/.exec(line);
    if (!m) continue;
    calls.push({ at: Number(m[1]) / 1e6, ms: Number(m[2]) / 1e6, call: m[3] as SyncCall['call'], thread: Number(m[4]), file: m[5]!.split('/').at(-1) ?? '' });
  }
  return { pid, command, calls };
}

/** Which server a command line is: Ratssaal (bundle or sources), the echo server, or null (bench, workers). */
export function serverOf(command: string): 'ratssaal' | 'echo-fsync' | null {
  if (/echo-server/.test(command)) return 'echo-fsync';
  if (/main\.mjs|server\/main\.ts/.test(command)) return 'ratssaal';
  return null;
}

export interface Quantiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function quantiles(values: readonly number[]): Quantiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return { p50: at(50), p90: at(90), p99: at(99), max: s.at(-1) ?? 0 };
}

export interface VoteSyncs {
  kind: 'burst' | 'spread';
  /** The commit file's syncs in this vote. */
  syncs: number;
  spanMs: number;
  durations: Quantiles;
  /** Syncs of other files between the vote's first and last commit: file -> count and longest. */
  others: Record<string, { count: number; maxMs: number }>;
}

/**
 * The votes of one process: runs of syncs of its commit file (the file synced most) with no gap
 * over gapMs, at least minSyncs long.
 */
export function votesOf(log: ProcessLog, o: { gapMs?: number; minSyncs?: number; spreadSpanMs?: number } = {}): VoteSyncs[] {
  const gapMs = o.gapMs ?? 300;
  const minSyncs = o.minSyncs ?? 20;
  const spreadSpanMs = o.spreadSpanMs ?? 1500;
  const counts = new Map<string, number>();
  for (const c of log.calls) counts.set(c.file, (counts.get(c.file) ?? 0) + 1);
  const commitFile = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const commits = log.calls.filter((c) => c.file === commitFile).sort((a, b) => a.at - b.at);
  const runs: SyncCall[][] = [];
  for (const c of commits) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && c.at - last.at <= gapMs) run.push(c);
    else runs.push([c]);
  }
  return runs
    .filter((r) => r.length >= minSyncs)
    .map((r) => {
      const from = r[0]!.at;
      const to = r.at(-1)!.at;
      const others: VoteSyncs['others'] = {};
      for (const c of log.calls) {
        if (c.file === commitFile || c.at < from || c.at > to) continue;
        const o = (others[c.file] ??= { count: 0, maxMs: 0 });
        o.count += 1;
        o.maxMs = Math.max(o.maxMs, c.ms);
      }
      return {
        kind: to - from >= spreadSpanMs ? ('spread' as const) : ('burst' as const),
        syncs: r.length,
        spanMs: to - from,
        durations: quantiles(r.map((c) => c.ms)),
        others,
      };
    });
}

function build(): void {
  const dir = join(REPO_ROOT, 'test-results', 'fsync-timer');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'fsync-timer.so');
  execFileSync('cc', ['-O2', '-Wall', '-shared', '-fPIC', '-o', out, join(REPO_ROOT, 'tests/load/fsync-timer.c'), '-ldl'], { stdio: 'inherit' });
  console.log(`built ${out}\nrun: mkdir -p /tmp/fsync && FSYNC_TIMER_DIR=/tmp/fsync LD_PRELOAD=${out} npm run bench -- …`);
}

function report(dir: string, spreadSpanMs: number): void {
  const rows: Record<string, string | number>[] = [];
  for (const name of readdirSync(dir).filter((f) => /^\d+\.log$/.test(f))) {
    const log = parseLog(Number(name.slice(0, -4)), readFileSync(join(dir, name), 'utf8'));
    const server = serverOf(log.command);
    if (!server) continue;
    for (const v of votesOf(log, { spreadSpanMs })) {
      const r = (x: number) => Math.round(x * 100) / 100;
      rows.push({
        server,
        pid: log.pid,
        voting: v.kind,
        syncs: v.syncs,
        'span ms': Math.round(v.spanMs),
        'p50 ms': r(v.durations.p50),
        'p90 ms': r(v.durations.p90),
        'p99 ms': r(v.durations.p99),
        'max ms': r(v.durations.max),
        'other syncs in the vote': Object.entries(v.others)
          .map(([f, o]) => `${f} ×${o.count} (≤ ${r(o.maxMs)} ms)`)
          .join(', '),
      });
    }
  }
  if (rows.length === 0) console.log(`no votes in ${dir}: was the bench run with FSYNC_TIMER_DIR and LD_PRELOAD?`);
  else console.table(rows);
}

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'spread-span-ms': { type: 'string', default: '1500' } } });
  const [command, dir] = positionals;
  if (command === 'build') return build();
  if (command === 'report' && dir) return report(dir, Number(values['spread-span-ms']));
  console.error('usage: npm run bench:fsync -- build | report <folder> [--spread-span-ms 1500]');
  process.exitCode = 2;
}

if (process.argv[1]?.endsWith('fsync-times.ts')) main();
