/**
 * One load scenario: a server in its own process (Ratssaal, or a baseline echo server), the
 * seats in separate worker processes, the chair and the display in this process. Measures and
 * returns numbers; it asserts nothing about time. Used by the bench and by the CI-sized test.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RoleClient } from '../../server/protocol/client';
import type { Choice, Tally } from '../../server/protocol/common';
import type { ChairView, VoteResultView } from '../../server/protocol/views';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { REPO_ROOT, ServerProcess, TEST_PIN } from '../helpers/server-process';
import { now, type CastReport, type FromWorker, type Leg, type SeatPlan, type ToWorker } from './messages';

/** ratssaal-ref: another version of the server (e.g. an older commit), for before/after numbers. */
export type ServerKind = 'ratssaal' | 'ratssaal-ref' | 'echo' | 'echo-fsync';

export interface VotePlan {
  /** 0: every seat votes at the same moment; otherwise spread evenly over this many ms. */
  spreadMs: number;
  kind?: 'open' | 'named' | 'secret';
}

export interface ScenarioOptions {
  server: ServerKind;
  seats: number;
  /** Seat worker processes; default: one per 250 seats, at most 4. */
  workers?: number;
  votes: VotePlan[];
  /** Share of seats that change their vote after the first ack (open and named votes). */
  changeFraction: number;
  /** Where the server keeps its data (must be a real disk for fsync to mean anything). */
  dataDir: string;
  log?: (line: string) => void;
  /** ratssaal only: the server to start (a production bundle's main.mjs); default the sources through tsx. */
  serverEntry?: string;
  /** ratssaal-ref only: the other version's main.ts (through tsx) or bundled main.mjs. */
  refEntry?: string;
  /** Ratssaal only: more environment for the server (e.g. RATSSAAL_COMMIT_THREAD). */
  serverEnv?: Record<string, string>;
  /**
   * CPU lists (taskset syntax) for the server process and for everything on the clients' side
   * (seat workers, this process with the chair and display connections): the clients then do
   * not compete with the server for its core, as if they ran on other machines.
   */
  pin?: { server: string; clients: string };
  /**
   * Every server (baselines too) answers with the moments a command reached its handler and left
   * it (RATSSAAL_TRACE_LEGS): each ballot's round trip is split into the way to the server, the
   * time in it and the way back.
   */
  legs?: boolean;
}

/** Binds every thread of a process (and the threads it starts later) to these CPUs. */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface VoteMeasurement {
  spreadMs: number;
  kind: string;
  ballots: number;
  ack: Stats;
  /** Every acknowledged ballot's latency in ms (for percentiles over several rounds; not written to the report). */
  samples?: number[];
  /** With ScenarioOptions.legs: where the round trips went; null without. */
  legs: LegStats | null;
  /** The legs of every acknowledged ballot, as `samples` (not written to the report). */
  legSamples?: Leg[];
  lost: number;
  refused: Record<string, number>;
  /** Ratssaal only (null for the baselines). */
  tallyExact: boolean | null;
  expected: Tally | null;
  tally: Tally | null;
  openToLastSeatMs: number | null;
  closeToLastResultMs: number | null;
  resultMissing: number;
  bytesInPerSeat: number | null;
  bytesOutPerSeat: number | null;
  viewsPerSeat: number | null;
  chairBytes: number | null;
  chairViews: number | null;
  displayBytes: number | null;
  displayViews: number | null;
  /** Server CPU time during this vote (open to last result) and its share of one core. */
  serverCpuS: number;
  serverCpuPct: number;
  wallS: number;
}

export interface ScenarioResult {
  server: ServerKind;
  seats: number;
  workers: number;
  connectMs: number;
  checkInMs: number | null;
  checkInMissing: number;
  votes: VoteMeasurement[];
  serverPeakRssMb: number;
  /** The peak RSS (VmHWM) as it stood after start, after all seats connected and after the check-in: where the peak is reached. */
  serverPeakRssSteps: { started: number; connected: number; checkedIn: number | null };
  serverCpuS: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: sorted.length, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(sorted.at(-1) ?? 0) };
}

/** Percentiles of each leg of the round trips (ms): to the server's handler, in the server, back. */
export interface LegStats {
  toServer: Stats;
  inServer: Stats;
  back: Stats;
}

export function legStats(legs: readonly Leg[]): LegStats | null {
  if (legs.length === 0) return null;
  return { toServer: stats(legs.map((l) => l[0])), inServer: stats(legs.map((l) => l[1])), back: stats(legs.map((l) => l[2])) };
}

const CLK_TCK = 100;

/** CPU seconds (user + system) of a process so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after the command name: state is field 3, utime 14, stime 15 (1-based in proc(5))
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Peak resident set size of a process in MB (VmHWM). */
export function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

const CHOICES = ['yes', 'no', 'abstain'] as const;
const choiceFor = (seat: number, round: number): Choice => CHOICES[(seat * 7 + round) % 3] ?? 'yes';

class SeatWorker {
  private readonly child: ChildProcess;
  private readonly inbox: FromWorker[] = [];
  private waiting: { type: FromWorker['type']; resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('seat worker has no pid');
    return this.child.pid;
  }

  constructor(readonly seats: SeatPlan[]) {
    this.child = fork(join(REPO_ROOT, 'tests/load/seat-worker.ts'), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (raw) => {
      const m = raw as FromWorker;
      if (m.type === 'error') return this.fail(new Error(`seat worker: ${m.message}`));
      this.inbox.push(m);
      this.deliver();
    });
    this.child.on('exit', (code) => {
      if (code !== 0 && code !== null) this.fail(new Error(`seat worker exited with ${code}`));
    });
  }

  post(message: ToWorker): void {
    this.child.send(message);
  }

  /** Sends a message and resolves with the worker's next message of the given type. */
  async ask<T extends FromWorker['type']>(message: ToWorker, reply: T): Promise<Extract<FromWorker, { type: T }>> {
    this.post(message);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting = { type: reply, resolve: resolve as (m: FromWorker) => void, reject };
      this.deliver();
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'stop' });
    });
  }

  private deliver(): void {
    const w = this.waiting;
    if (!w) return;
    const i = this.inbox.findIndex((m) => m.type === w.type);
    if (i < 0) return;
    const [m] = this.inbox.splice(i, 1);
    this.waiting = null;
    if (m) w.resolve(m);
  }

  private fail(err: Error): void {
    this.failure = err;
    this.waiting?.reject(err);
    this.waiting = null;
  }
}

/** A chair or display connection that keeps only its latest view and counts what it receives. */
class Watcher<R extends 'chair' | 'display'> {
  readonly client: RoleClient<R>;
  latest: unknown = null;
  bytes = 0;
  views = 0;
  private readonly waiters = new Set<() => void>();

  constructor(role: R, server: ServerProcess) {
    const device = server.credentialFor(role);
    const pin = role === 'chair' ? { pin: TEST_PIN } : {};
    this.client = new RoleClient(role, server.url, { validate: false, ...(device ? { device } : {}), ...pin, socket: { ca: server.ca, forceNew: true } });
    const manager = this.client.socket.io;
    manager.on('open', () => {
      manager.engine.on('packet', (p: { data?: unknown }) => {
        if (typeof p.data === 'string') this.bytes += Buffer.byteLength(p.data);
      });
    });
    this.client.onView((v) => {
      this.latest = v;
      this.views += 1;
      for (const w of [...this.waiters]) w();
    });
  }

  connected(): Promise<void> {
    if (this.client.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.client.socket.once('connect', () => resolve());
      this.client.socket.once('connect_error', reject);
    });
  }

  reset(): void {
    this.bytes = 0;
    this.views = 0;
  }

  waitFor(predicate: (v: never) => boolean, timeoutMs: number, what: string): Promise<void> {
    const holds = () => this.latest !== null && predicate(this.latest as never);
    if (holds()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (holds()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      this.waiters.add(check);
    });
  }
}

function ok<T>(r: { ok: true; data: T } | { ok: false; error: { code: string } }): T {
  if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  return r.data;
}

function tallyOf(choices: Iterable<Choice | null>): Tally {
  const t = { yes: 0, no: 0, abstain: 0 };
  for (const c of choices) if (c) t[c] += 1;
  return t;
}

const LONG = 120_000;

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => {});
  const ratssaal = o.server === 'ratssaal' || o.server === 'ratssaal-ref';
  if (o.server === 'ratssaal-ref' && !o.refEntry) throw new Error('ratssaal-ref needs refEntry');
  const seed = ratssaal ? writeCouncil(o.dataDir, { members: o.seats, seats: o.seats }) : undefined;
  const legsEnv: Record<string, string> = o.legs ? { RATSSAAL_TRACE_LEGS: '1' } : {};
  const server = await ServerProcess.start({
    dataDir: join(o.dataDir, 'data'),
    ...(seed ? { seedFile: seed } : {}),
    ...(o.server === 'ratssaal-ref' && o.refEntry ? { entry: o.refEntry } : {}),
    ...(o.server === 'ratssaal' && o.serverEntry ? { entry: o.serverEntry } : {}),
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=<folder>": options for the servers' node (profiling, V8 flags)
    ...(process.env.BENCH_SERVER_NODE_ARGS ? { nodeArgs: process.env.BENCH_SERVER_NODE_ARGS.split(' ').filter(Boolean) } : {}),
    ...(ratssaal
      ? { env: { RATSSAAL_DEMO: '1', ...legsEnv, ...o.serverEnv } }
      : { entry: 'tests/load/echo-server.ts', env: { BENCH_ECHO_FSYNC: o.server === 'echo-fsync' ? '1' : '0', ...legsEnv } }),
  });
  const pid = server.pid;
  if (pid === undefined) throw new Error('server has no pid');
  if (o.pin) {
    pinProcess(pid, o.pin.server);
    pinProcess(process.pid, o.pin.clients);
  }
  // where the event log commits (RATSSAAL_COMMIT_THREAD, or the server's own choice by the disk's fsync time)
  const commitLine = /event log: (.*)/.exec(server.log)?.[1];
  if (commitLine) log(`${o.server} ${o.seats}: event log ${commitLine}`);
  const workerCount = o.workers ?? Math.max(1, Math.min(4, Math.ceil(o.seats / 250)));
  const plans: SeatPlan[][] = Array.from({ length: workerCount }, () => []);
  // every seat an enrolled device, all in one transaction before anyone connects
  if (ratssaal) server.enrolSeats(Array.from({ length: o.seats }, (_, i) => i + 1));
  for (let seat = 1; seat <= o.seats; seat++) {
    const device = ratssaal ? server.credentialFor('seat', seat) : undefined;
    plans[(seat - 1) % workerCount]?.push({ seatId: seat, ...(ratssaal ? { cardUid: cardUidFor(seat) } : {}), ...(device ? { device } : {}) });
  }
  const workers = plans.map((p) => new SeatWorker(p));
  if (o.pin) for (const w of workers) pinProcess(w.pid, o.pin.clients);
  const chair = ratssaal ? new Watcher('chair', server) : null;
  const display = ratssaal ? new Watcher('display', server) : null;
  const cpuStart = cpuSeconds(pid);
  const rssSteps: ScenarioResult['serverPeakRssSteps'] = { started: peakRssMb(pid), connected: 0, checkedIn: null };
  try {
    const t0 = now();
    await Promise.all([chair?.connected(), display?.connected(), ...workers.map((w) => w.ask({ type: 'init', url: server.url, ca: server.ca, seats: w.seats, views: ratssaal }, 'ready'))]);
    const connectMs = now() - t0;
    rssSteps.connected = peakRssMb(pid);
    log(`${o.server} ${o.seats}: ${o.seats} seats connected in ${Math.round(connectMs)} ms`);

    let itemId = '';
    let checkInMs: number | null = null;
    let checkInMissing = 0;
    if (chair) {
      const t1 = now();
      const done = await Promise.all(workers.map((w) => w.ask({ type: 'checkIn', timeoutMs: LONG }, 'checkedIn')));
      checkInMs = Math.max(...done.map((d) => d.doneAt)) - t1;
      checkInMissing = done.reduce((n, d) => n + d.missing, 0);
      await chair.waitFor((v: ChairView) => v.quorum.present === o.seats - checkInMissing, LONG, 'the chair to see every check-in');
      rssSteps.checkedIn = peakRssMb(pid);
      log(`${o.server} ${o.seats}: check-in burst ${Math.round(checkInMs)} ms, missing ${checkInMissing}`);
      const item = (chair.latest as ChairView).agenda.find((i) => i.public && i.motion) ?? (chair.latest as ChairView).agenda[0];
      if (!item) throw new Error('no agenda item');
      itemId = item.id;
      ok(await chair.client.send('selectItem', { itemId }));
      // the seats' pushes of the new item go out before the chair's: not counted as the vote's
      await chair.waitFor((v: ChairView) => v.currentItemId === itemId, LONG, 'the chair to show the selected item');
    }

    const votes: VoteMeasurement[] = [];
    for (const [round, plan] of o.votes.entries()) {
      const kind = plan.kind ?? 'open';
      const changeEvery = o.changeFraction > 0 && kind !== 'secret' ? Math.max(1, Math.round(1 / o.changeFraction)) : 0;
      await Promise.all(workers.map((w) => w.ask({ type: 'arm' }, 'armed')));
      chair?.reset();
      display?.reset();
      const cpu0 = cpuSeconds(pid);
      const tOpen = now();
      let voteId = `v-bench-${round}`;
      let openToLastSeatMs: number | null = null;
      if (chair) {
        voteId = ok(await chair.client.send('openVote', { itemId, title: `Lastprobe ${round + 1}`, kind, majority: { kind: 'simple' } }, LONG)).voteId;
        const seen = await Promise.all(workers.map((w) => w.ask({ type: 'awaitVote', voteId, timeoutMs: LONG }, 'voteSeen')));
        if (seen.some((s) => s.missing > 0)) throw new Error('not every seat saw the vote open');
        openToLastSeatMs = Math.max(...seen.map((s) => s.lastAt)) - tOpen;
      }
      const startAt = Date.now() + 300;
      const reports: CastReport[] = await Promise.all(
        workers.map((w, index) =>
          w.ask(
            {
              type: 'cast',
              voteId,
              startAt,
              spreadMs: plan.spreadMs,
              phase: index / workers.length,
              ackTimeoutMs: 30_000,
              ballots: w.seats.map((s) => ({
                first: choiceFor(s.seatId, round),
                change: changeEvery > 0 && s.seatId % changeEvery === 0 ? choiceFor(s.seatId, round + 1) : null,
              })),
            },
            'cast',
          ),
        ),
      );
      const latencies = reports.flatMap((r) => r.latencies);
      const lost = reports.reduce((n, r) => n + r.lost, 0);
      const refused: Record<string, number> = {};
      for (const r of reports) for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
      const finals = reports.flatMap((r) => r.finals);
      const legSamples = reports.flatMap((r) => r.legs);

      let tally: Tally | null = null;
      let expected: Tally | null = null;
      let closeToLastResultMs: number | null = null;
      let resultMissing = 0;
      let bytesIn = 0;
      let bytesOut = 0;
      let seatViews = 0;
      if (chair) {
        expected = tallyOf(finals);
        const voted = finals.filter((c) => c !== null).length;
        await chair.waitFor((v: ChairView) => v.vote?.summary.id === voteId && v.vote.cast === voted, LONG, 'the chair to count every ballot');
        const tClose = now();
        const result: VoteResultView = ok(await chair.client.send('closeVote', { voteId }, LONG)).result;
        tally = result.tally;
        const results = await Promise.all(workers.map((w) => w.ask({ type: 'awaitResult', voteId, timeoutMs: LONG }, 'result')));
        const arrivals = results.flatMap((r) => r.arrivals);
        closeToLastResultMs = arrivals.length > 0 ? Math.max(...arrivals) - tClose : null;
        resultMissing = results.reduce((n, r) => n + r.missing, 0);
        bytesIn = results.reduce((n, r) => n + r.bytesIn, 0);
        bytesOut = results.reduce((n, r) => n + r.bytesOut, 0);
        seatViews = results.reduce((n, r) => n + r.views, 0);
      }
      const wallS = (now() - tOpen) / 1000;
      const serverCpuS = cpuSeconds(pid) - cpu0;
      const m: VoteMeasurement = {
        spreadMs: plan.spreadMs,
        kind,
        ballots: latencies.length + lost,
        ack: stats(latencies),
        samples: latencies,
        legs: legStats(legSamples),
        legSamples,
        lost,
        refused,
        tallyExact: tally && expected ? tally.yes === expected.yes && tally.no === expected.no && tally.abstain === expected.abstain : null,
        expected,
        tally,
        openToLastSeatMs: openToLastSeatMs === null ? null : Math.round(openToLastSeatMs),
        closeToLastResultMs: closeToLastResultMs === null ? null : Math.round(closeToLastResultMs),
        resultMissing,
        bytesInPerSeat: chair ? Math.round(bytesIn / o.seats) : null,
        bytesOutPerSeat: chair ? Math.round(bytesOut / o.seats) : null,
        viewsPerSeat: chair ? Math.round((seatViews / o.seats) * 100) / 100 : null,
        chairBytes: chair?.bytes ?? null,
        chairViews: chair?.views ?? null,
        displayBytes: display?.bytes ?? null,
        displayViews: display?.views ?? null,
        serverCpuS: Math.round(serverCpuS * 100) / 100,
        serverCpuPct: Math.round((serverCpuS / wallS) * 100),
        wallS: Math.round(wallS * 100) / 100,
      };
      log(
        `${o.server} ${o.seats} ${kind} spread ${plan.spreadMs} ms: ack p50 ${m.ack.p50} p99 ${m.ack.p99} max ${m.ack.max} ms, lost ${lost}` +
          (chair ? `, tally exact ${m.tallyExact}, close→last result ${m.closeToLastResultMs} ms, ${m.bytesInPerSeat} B/seat` : ''),
      );
      votes.push(m);
    }
    return {
      server: o.server,
      seats: o.seats,
      workers: workerCount,
      connectMs: Math.round(connectMs),
      checkInMs: checkInMs === null ? null : Math.round(checkInMs),
      checkInMissing,
      votes,
      serverPeakRssMb: peakRssMb(pid),
      serverPeakRssSteps: rssSteps,
      serverCpuS: Math.round((cpuSeconds(pid) - cpuStart) * 100) / 100,
    };
  } finally {
    chair?.client.close();
    display?.client.close();
    await Promise.all(workers.map((w) => w.stop()));
    await server.stop();
    // the server's own output, for looking into a run (BENCH_SERVER_LOG=folder)
    const logDir = process.env.BENCH_SERVER_LOG;
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      writeFileSync(join(logDir, `server-${o.server}-${o.seats}.log`), server.log);
    }
  }
}
