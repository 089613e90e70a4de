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
 *   npm run bench -- --rounds 3   (each vote that many times per server; default: enough rounds for
 *                                   1,000 ballots per kind of vote, at most 8, so that a p99 is one)
 *   npm run bench -- --seats 1000 --repeat 5   (the servers take turns, five times: echo, echo-fsync,
 *                                   Ratssaal, echo, … ; percentiles over all turns, and the ratio of
 *                                   each turn on its own with their median: a slow minute of the
 *                                   machine then hits all servers alike)
 *   npm run bench -- --pin   (every server on CPU 0, seat workers and bench on the others: the
 *                             clients no longer take the server's core; Linux, taskset)
 *   npm run bench -- --legs  (every server says when a ballot reached its handler and when it
 *                             answered: each round trip split into to the server / in it / back)
 *
 * Ratssaal runs as production runs it: the bundle of scripts/build-server.ts (built first, into
 * test-results/bench-server), started by plain node.
 *
 * Environment: BENCH_DATA (a folder on a real disk; default: the system's temp folder);
 * BENCH_ECHO_WRITE=line|wal|wal-append (how echo-fsync writes: tests/load/echo-server.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../../scripts/build-server';
import { REPO_ROOT } from '../helpers/server-process';
import { measureReplay, type ReplayResult } from './replay';
import { legStats, runScenario, stats, type LegStats, type ScenarioResult, type ServerKind, type Stats, type VoteMeasurement } from './scenario';

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
    /** How often each vote is held per server ("auto": up to 1,000 ballots per kind of vote, at most 8). */
    rounds: { type: 'string', default: 'auto' },
    /** How often the servers take turns per seat count (echo, echo-fsync, Ratssaal, echo, …). */
    repeat: { type: 'string', default: '1' },
    /** Runs Ratssaal from its TypeScript sources through tsx instead of the production build. */
    source: { type: 'boolean', default: false },
    /** Every server on the first CPU, the seat workers and the bench on the others (Linux, taskset). */
    pin: { type: 'boolean', default: false },
    /** Every server's answers carry when the command came and went (RATSSAAL_TRACE_LEGS): a table of the legs. */
    legs: { type: 'boolean', default: false },
  },
});

function numbers(text: string, name: string): number[] {
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 5000)) throw new Error(`--${name} takes whole numbers from 1 to 5000, got "${text}"`);
  return list;
}

const seatCounts = numbers(values.seats, 'seats');
const cpuCount = cpus().length;
if (values.pin && cpuCount < 2) throw new Error('--pin needs at least two CPUs');
const pin = values.pin ? { server: '0', clients: cpuCount === 2 ? '1' : `1-${cpuCount - 1}` } : null;
const spreadMs = Number(values.spread);
const changeFraction = Number(values.change);
const workers = values.workers === undefined ? undefined : Number(values.workers);
const base = process.env.BENCH_DATA ?? tmpdir();
const line = (s: string) => console.log(s);
const repeat = numbers(values.repeat, 'repeat')[0]!;
const roundsFor = (seats: number): number => {
  if (values.rounds !== 'auto') return numbers(values.rounds, 'rounds')[0]!;
  return Math.min(8, Math.max(1, Math.ceil(1000 / seats)));
};

/** One kind of vote (seats, server, spread, kind) over all its rounds: percentiles of all ballots together. */
interface Pooled {
  seats: number;
  server: ServerKind;
  spreadMs: number;
  kind: string;
  rounds: number;
  ballots: number;
  ack: Stats;
  /** With --legs: the legs of all ballots of all rounds. */
  legs: LegStats | null;
  lost: number;
  refused: number;
  /** null for the baselines; false if any round's tally was wrong. */
  tallyExact: boolean | null;
  resultMissing: number;
  openToLastSeatMs: { median: number; max: number } | null;
  closeToLastResultMs: { median: number; max: number } | null;
  bytesInPerSeat: number | null;
  chairBytes: number | null;
  chairViews: number | null;
  serverCpuPct: number;
}

/** The middle value; of an even count, the mean of the two middle ones (rounded to 0.01). */
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = (s.length - 1) / 2;
  return Math.round((((s[Math.floor(mid)] ?? 0) + (s[Math.ceil(mid)] ?? 0)) / 2) * 100) / 100;
};
const spanOf = (xs: readonly (number | null)[]): { median: number; max: number } | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : { median: median(v), max: Math.max(...v) };
};
const meanOf = (xs: readonly (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : Math.round(v.reduce((a, b) => a + b, 0) / v.length);
};

function pool(rows: readonly Row[]): Pooled[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.seats}|${r.server}|${r.vote.spreadMs}|${r.vote.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const votes = g.map((r) => r.vote);
    const exact = votes.map((v) => v.tallyExact);
    return {
      seats: first.seats,
      server: first.server,
      spreadMs: first.vote.spreadMs,
      kind: first.vote.kind,
      rounds: g.length,
      ballots: votes.reduce((n, v) => n + v.ballots, 0),
      ack: stats(votes.flatMap((v) => v.samples ?? [])),
      legs: legStats(votes.flatMap((v) => v.legSamples ?? [])),
      lost: votes.reduce((n, v) => n + v.lost, 0),
      refused: votes.reduce((n, v) => n + Object.values(v.refused).reduce((a, b) => a + b, 0), 0),
      tallyExact: exact.every((e) => e === null) ? null : exact.every((e) => e === true),
      resultMissing: votes.reduce((n, v) => n + v.resultMissing, 0),
      openToLastSeatMs: spanOf(votes.map((v) => v.openToLastSeatMs)),
      closeToLastResultMs: spanOf(votes.map((v) => v.closeToLastResultMs)),
      bytesInPerSeat: meanOf(votes.map((v) => v.bytesInPerSeat)),
      chairBytes: meanOf(votes.map((v) => v.chairBytes)),
      chairViews: meanOf(votes.map((v) => v.chairViews)),
      serverCpuPct: meanOf(votes.map((v) => v.serverCpuPct)) ?? 0,
    };
  });
}

interface Row {
  seats: number;
  server: ServerKind;
  /** Which turn of the servers (--repeat), from 0. */
  turn: number;
  vote: VoteMeasurement;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const serverEntry = values.source ? undefined : join(await buildServer(join(REPO_ROOT, 'test-results', 'bench-server')), 'main.mjs');
  const scenarios: (ScenarioResult & { turn: number })[] = [];
  const kinds: ServerKind[] = values['skip-baselines'] ? ['ratssaal'] : ['echo', 'echo-fsync', 'ratssaal'];
  if (values.ref) kinds.push('ratssaal-ref');
  for (const seats of seatCounts) {
    for (let turn = 0; turn < repeat; turn++) {
      for (const server of kinds) {
        if (repeat > 1) line(`— ${seats} seats, turn ${turn + 1} of ${repeat}: ${server}`);
        const dir = mkdtempSync(join(base, `ratssaal-bench-${server}-${seats}-`));
        try {
          const result = await runScenario({
            server,
            seats,
            ...(workers === undefined ? {} : { workers }),
            votes: Array.from({ length: roundsFor(seats) }, () => [
              { spreadMs: 0 },
              { spreadMs },
              ...(values.secret ? [{ spreadMs, kind: 'secret' as const }] : []),
            ]).flat(),
            changeFraction,
            dataDir: dir,
            log: line,
            ...(values.ref ? { refEntry: values.ref } : {}),
            ...(serverEntry ? { serverEntry } : {}),
            ...(pin ? { pin } : {}),
            legs: values.legs,
          });
          scenarios.push({ ...result, turn });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
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

  const rows: Row[] = scenarios.flatMap((s) => s.votes.map((vote) => ({ seats: s.seats, server: s.server, turn: s.turn, vote })));
  const pooled = pool(rows);
  // the echo server acknowledges every kind of vote alike: its open vote of the same spread is the baseline
  const baseline = (server: ServerKind, seats: number, spread: number) =>
    pooled.find((p) => p.seats === seats && p.server === server && p.spreadMs === spread && p.kind === 'open')?.ack.p99 ?? null;
  const ratio = (a: number, b: number | null) => (b ? Math.round((a / b) * 100) / 100 : null);
  // each turn on its own: Ratssaal's p99 in that turn over the bare echo's p99 in the same turn
  const p99Of = (server: ServerKind, seats: number, spread: number, kind: string, turn: number): number | null => {
    const samples = rows.filter((r) => r.turn === turn && r.seats === seats && r.server === server && r.vote.spreadMs === spread && r.vote.kind === kind).flatMap((r) => r.vote.samples ?? []);
    return samples.length === 0 ? null : stats(samples).p99;
  };
  const turnRatios = (p: Pick<Pooled, 'server' | 'seats' | 'spreadMs' | 'kind'>): number[] =>
    Array.from({ length: repeat }, (_, turn) => {
      const own = p99Of(p.server, p.seats, p.spreadMs, p.kind, turn);
      return own === null ? null : ratio(own, p99Of('echo', p.seats, p.spreadMs, 'open', turn));
    }).filter((r): r is number => r !== null);
  const voting = (v: { spreadMs: number; kind: string }) => `${v.spreadMs === 0 ? 'burst' : `spread ${v.spreadMs} ms`}${v.kind === 'open' ? '' : ` ${v.kind}`}`;
  const headline = pooled
    .filter((p) => p.server === 'ratssaal' || p.server === 'ratssaal-ref')
    .map((p) => {
      const bare = baseline('echo', p.seats, p.spreadMs);
      const fsync = baseline('echo-fsync', p.seats, p.spreadMs);
      const turns = turnRatios(p);
      // the floor: what one fsync per ballot and nothing else costs on this disk, over the bare echo
      const floorTurns = turnRatios({ server: 'echo-fsync', seats: p.seats, spreadMs: p.spreadMs, kind: 'open' });
      return {
        server: p.server,
        seats: p.seats,
        spreadMs: p.spreadMs,
        kind: p.kind,
        ballots: p.ack.n,
        p99: p.ack.p99,
        bareP99: bare,
        ratio: ratio(p.ack.p99, bare),
        turnRatios: turns,
        turnRatioMedian: turns.length === 0 ? null : median(turns),
        echoFsyncP99: fsync,
        ratioToEchoFsync: ratio(p.ack.p99, fsync),
        echoFsyncRatio: fsync === null ? null : ratio(fsync, bare),
        echoFsyncTurnRatioMedian: floorTurns.length === 0 ? null : median(floorTurns),
      };
    });

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform, pinned: pin },
    options: { seatCounts, spreadMs, changeFraction, repeat, workers: workers ?? 'auto', server: serverEntry ? 'production build' : 'sources through tsx' },
    headline,
    pooled,
    // every round on its own, without the raw latencies
    scenarios: scenarios.map((sc) => ({ ...sc, votes: sc.votes.map(({ samples: _samples, legSamples: _legs, ...v }) => v) })),
    replay,
  };
  const outDir = join(REPO_ROOT, 'test-results', 'bench');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  line('');
  line(`Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}${pin ? `; servers pinned to CPU ${pin.server}, seat workers and bench to CPU ${pin.clients}` : ''}`);
  const span = (x: { median: number; max: number } | null) => (x === null ? '' : `${x.median} / ${x.max}`);
  const table = pooled.map((p) => ({
    seats: p.seats,
    server: p.server,
    voting: voting(p),
    rounds: p.rounds,
    ballots: p.ballots,
    'p50 ms': p.ack.p50,
    'p95 ms': p.ack.p95,
    'p99 ms': p.ack.p99,
    'max ms': p.ack.max,
    lost: p.lost,
    'tally exact': p.tallyExact ?? '',
    'open→last seat ms (median / max)': span(p.openToLastSeatMs),
    'close→last result ms (median / max)': span(p.closeToLastResultMs),
    'B/seat/vote': p.bytesInPerSeat ?? '',
    'chair KB': p.chairBytes === null ? '' : Math.round(p.chairBytes / 1024),
    'chair pushes': p.chairViews ?? '',
    'CPU %': p.serverCpuPct,
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
  console.table(
    headline.map((h) => ({
      server: h.server,
      seats: h.seats,
      voting: voting(h),
      ballots: h.ballots,
      'p99 ms': h.p99,
      'bare echo p99 ms': h.bareP99 ?? '',
      ratio: h.ratio ?? '',
      ...(repeat > 1 ? { 'ratio per turn': h.turnRatios.join(' / '), 'median of turns': h.turnRatioMedian ?? '' } : {}),
      'echo-fsync p99 ms': h.echoFsyncP99 ?? '',
      'ratio to echo-fsync': h.ratioToEchoFsync ?? '',
      'echo-fsync / echo (floor)': h.echoFsyncRatio === null ? '' : `${h.echoFsyncRatio}${repeat > 1 && h.echoFsyncTurnRatioMedian !== null ? ` (turns ${h.echoFsyncTurnRatioMedian})` : ''}`,
    })),
  );
  if (values.legs) {
    // the time in the server is exact; the two ways share the error of the processes' clock origins
    line('Where a ballot\'s round trip went (ms, p50 / p99): to the server\'s handler, in the server, back to the seat');
    console.table(
      pooled.flatMap(({ legs, ...p }) =>
        legs === null
          ? []
          : [
              {
                seats: p.seats,
                server: p.server,
                voting: voting(p),
                'to server': `${legs.toServer.p50} / ${legs.toServer.p99}`,
                'in server': `${legs.inServer.p50} / ${legs.inServer.p99}`,
                back: `${legs.back.p50} / ${legs.back.p99}`,
                'round trip': `${p.ack.p50} / ${p.ack.p99}`,
              },
            ],
      ),
    );
  }
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
