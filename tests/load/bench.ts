/**
 * The load bench (npm run bench). For each seat count: a bare Socket.IO echo server, an echo
 * server with one fsync per message, and Ratssaal, each in its own process with the same TLS
 * and the same seat workers; then the event log's size and replay time. Prints a table and
 * writes everything to test-results/bench/. Loopback only; stops by itself.
 *
 *   npm run bench -- --seats 125,1000 --spread 2000 --change 0.1 --skip-replay
 *   npm run bench -- --seats 125 --ref ../other-checkout/server/main.ts   (before/after)
 *   npm run bench -- --seats 1000 --source   (the TypeScript sources through tsx, not the production build)
 *   npm run bench -- --seats 125 --secret   (a third vote: secret, spread; its ballots go to the urn)
 *
 * Ratssaal runs as production runs it: the bundle of scripts/build-server.ts (built first, into
 * test-results/bench-server), started by plain node.
 *
 * Environment: BENCH_DATA (a folder on a real disk; default: the system's temp folder).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../../scripts/build-server';
import { REPO_ROOT } from '../helpers/server-process';
import { measureReplay, type ReplayResult } from './replay';
import { runScenario, type ScenarioResult, type ServerKind, type VoteMeasurement } from './scenario';

const { values } = parseArgs({
  options: {
    seats: { type: 'string', default: '125,500,1000' },
    spread: { type: 'string', default: '2000' },
    change: { type: 'string', default: '0.1' },
    workers: { type: 'string' },
    'replay-votes': { type: 'string', default: '100' },
    'replay-ballots': { type: 'string', default: '1000' },
    'skip-replay': { type: 'boolean', default: false },
    'skip-baselines': { type: 'boolean', default: false },
    /** Adds a secret vote, spread like the second, after the open ones. */
    secret: { type: 'boolean', default: false },
    /** main.ts (through tsx) or a bundled main.mjs of another version, measured as "ratssaal-ref" in the same run. */
    ref: { type: 'string' },
    /** Runs Ratssaal from its TypeScript sources through tsx instead of the production build. */
    source: { type: 'boolean', default: false },
  },
});

function numbers(text: string, name: string): number[] {
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 5000)) throw new Error(`--${name} takes whole numbers from 1 to 5000, got "${text}"`);
  return list;
}

const seatCounts = numbers(values.seats, 'seats');
const spreadMs = Number(values.spread);
const changeFraction = Number(values.change);
const workers = values.workers === undefined ? undefined : Number(values.workers);
const base = process.env.BENCH_DATA ?? tmpdir();
const line = (s: string) => console.log(s);

interface Row {
  seats: number;
  server: ServerKind;
  vote: VoteMeasurement;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const serverEntry = values.source ? undefined : join(await buildServer(join(REPO_ROOT, 'test-results', 'bench-server')), 'main.mjs');
  const scenarios: ScenarioResult[] = [];
  const kinds: ServerKind[] = values['skip-baselines'] ? ['ratssaal'] : ['echo', 'echo-fsync', 'ratssaal'];
  if (values.ref) kinds.push('ratssaal-ref');
  for (const seats of seatCounts) {
    for (const server of kinds) {
      const dir = mkdtempSync(join(base, `ratssaal-bench-${server}-${seats}-`));
      try {
        scenarios.push(
          await runScenario({
            server,
            seats,
            ...(workers === undefined ? {} : { workers }),
            votes: [{ spreadMs: 0 }, { spreadMs }, ...(values.secret ? [{ spreadMs, kind: 'secret' as const }] : [])],
            changeFraction,
            dataDir: dir,
            log: line,
            ...(values.ref ? { refEntry: values.ref } : {}),
            ...(serverEntry ? { serverEntry } : {}),
          }),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  let replay: ReplayResult | null = null;
  if (!values['skip-replay']) {
    const dir = mkdtempSync(join(base, 'ratssaal-bench-replay-'));
    try {
      replay = await measureReplay({ dir, votes: Number(values['replay-votes']), ballots: Number(values['replay-ballots']), log: line });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const rows: Row[] = scenarios.flatMap((s) => s.votes.map((vote) => ({ seats: s.seats, server: s.server, vote })));
  // the echo server acknowledges every kind of vote alike: its open vote of the same spread is the baseline
  const bare = (seats: number, spread: number) => rows.find((r) => r.seats === seats && r.server === 'echo' && r.vote.spreadMs === spread)?.vote.ack.p99;
  const voting = (v: { spreadMs: number; kind: string }) => `${v.spreadMs === 0 ? 'burst' : `spread ${v.spreadMs} ms`}${v.kind === 'open' ? '' : ` ${v.kind}`}`;
  const headline = rows
    .filter((r) => r.server === 'ratssaal' || r.server === 'ratssaal-ref')
    .map((r) => {
      const b = bare(r.seats, r.vote.spreadMs);
      return { server: r.server, seats: r.seats, spreadMs: r.vote.spreadMs, kind: r.vote.kind, p99: r.vote.ack.p99, bareP99: b ?? null, ratio: b ? Math.round((r.vote.ack.p99 / b) * 100) / 100 : null };
    });

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
    options: { seatCounts, spreadMs, changeFraction, workers: workers ?? 'auto', server: serverEntry ? 'production build' : 'sources through tsx' },
    headline,
    scenarios,
    replay,
  };
  const outDir = join(REPO_ROOT, 'test-results', 'bench');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  line('');
  line(`Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}`);
  const table = rows.map((r) => ({
    seats: r.seats,
    server: r.server,
    voting: voting(r.vote),
    ballots: r.vote.ballots,
    'p50 ms': r.vote.ack.p50,
    'p95 ms': r.vote.ack.p95,
    'p99 ms': r.vote.ack.p99,
    'max ms': r.vote.ack.max,
    lost: r.vote.lost,
    'tally exact': r.vote.tallyExact ?? '',
    'open→last seat ms': r.vote.openToLastSeatMs ?? '',
    'close→last result ms': r.vote.closeToLastResultMs ?? '',
    'B/seat/vote': r.vote.bytesInPerSeat ?? '',
    'chair KB': r.vote.chairBytes === null ? '' : Math.round(r.vote.chairBytes / 1024),
    'chair pushes': r.vote.chairViews ?? '',
    'CPU %': r.vote.serverCpuPct,
  }));
  console.table(table);
  console.table(
    scenarios.map((s) => ({
      seats: s.seats,
      server: s.server,
      'connect ms': s.connectMs,
      'check-in burst ms': s.checkInMs ?? '',
      'check-in missing': s.checkInMissing,
      'peak RSS MB': s.serverPeakRssMb,
      'peak RSS after start / connect / check-in MB': `${s.serverPeakRssSteps.started} / ${s.serverPeakRssSteps.connected} / ${s.serverPeakRssSteps.checkedIn ?? '–'}`,
      'server CPU s': s.serverCpuS,
    })),
  );
  console.table(headline.map((h) => ({ server: h.server, seats: h.seats, voting: voting(h), 'p99 ms': h.p99, 'bare echo p99 ms': h.bareP99, 'ratio': h.ratio })));
  if (replay) {
    line(
      `Event log: ${replay.bytesPer1000Ballots} bytes per 1,000 ballots (${replay.events} events, ${Math.round(replay.fileBytes / 1024 / 1024)} MB file); ` +
        `replay of ${replay.votes} votes × ${replay.ballotsPerVote} ballots at start: ${replay.replayMs} ms (peak RSS ${replay.peakRssMb} MB)`,
    );
  }
  line(`Written to ${file}`);
  const failed = rows.filter((r) => r.vote.lost > 0 || r.vote.tallyExact === false || r.vote.resultMissing > 0);
  if (failed.length > 0) {
    console.error(`CORRECTNESS FAILURE in ${failed.length} runs: lost ballots, missing results or a wrong tally`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
