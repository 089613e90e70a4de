/**
 * A worker process of the load bench: simulates a share of the seats, each with its own
 * Socket.IO connection over TLS, like a seat touchscreen. Runs outside the server's process so
 * the clients do not share its event loop. Driven by the bench over the IPC channel.
 */
import { RoleClient } from '../../server/protocol/client';
import type { Choice } from '../../server/protocol/common';
import type { SeatView } from '../../server/protocol/views';
import { now, spreadOffset, type CastReport, type FromWorker, type SeatPlan, type ToWorker } from './messages';

interface Seat {
  plan: SeatPlan;
  client: RoleClient<'seat'>;
  latest: SeatView | null;
  waiters: Set<() => void>;
  bytesIn: number;
  bytesOut: number;
  views: number;
  /** The open vote / the result this seat was last shown, and when that view arrived. */
  voteFor: string | null;
  voteAt: number;
  resultFor: string | null;
  resultAt: number;
}

const seats: Seat[] = [];

function send(message: FromWorker): void {
  process.send?.(message);
}

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

function connect(url: string, ca: string, plan: SeatPlan, views: boolean): Seat {
  // forceNew: a connection of its own, as a seat's touchscreen has (no multiplexing)
  const client = new RoleClient('seat', url, { seatId: plan.seatId, ...(plan.device ? { device: plan.device } : {}), validate: false, socket: { ca, reconnection: false, timeout: 60_000, forceNew: true } });
  const seat: Seat = { plan, client, latest: null, waiters: new Set(), bytesIn: 0, bytesOut: 0, views: 0, voteFor: null, voteAt: 0, resultFor: null, resultAt: 0 };
  const manager = client.socket.io;
  manager.on('open', () => {
    // engine.io packets: what actually crosses the wire, pushes and acks alike (TLS framing aside)
    manager.engine.on('packet', (p: { data?: unknown }) => {
      seat.bytesIn += byteLength(p.data);
    });
    manager.engine.on('packetCreate', (p: { data?: unknown }) => {
      seat.bytesOut += byteLength(p.data);
    });
  });
  if (views) {
    client.onView((v) => {
      seat.latest = v;
      seat.views += 1;
      const voteFor = v.vote?.eligible ? v.vote.summary.id : null;
      if (voteFor !== seat.voteFor) {
        seat.voteFor = voteFor;
        seat.voteAt = now();
      }
      const resultFor = v.result?.voteId ?? null;
      if (resultFor !== seat.resultFor) {
        seat.resultFor = resultFor;
        seat.resultAt = now();
      }
      for (const w of [...seat.waiters]) w();
    });
  }
  return seat;
}

/** Resolves with the time the predicate first held for this seat, or null at the deadline. */
function waitFor(seat: Seat, predicate: (v: SeatView) => boolean, deadline: number): Promise<number | null> {
  if (seat.latest && predicate(seat.latest)) return Promise.resolve(now());
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      seat.waiters.delete(check);
      resolve(null);
    }, Math.max(0, deadline - Date.now()));
    const check = () => {
      if (seat.latest && predicate(seat.latest)) {
        clearTimeout(timer);
        seat.waiters.delete(check);
        resolve(now());
      }
    };
    seat.waiters.add(check);
  });
}

function connected(s: Seat): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (s.client.socket.connected) return resolve();
    s.client.socket.once('connect', () => resolve());
    s.client.socket.once('connect_error', (err) => reject(new Error(`seat ${s.plan.seatId}: ${err.message}`)));
  });
}

/** Seats power up a few at a time (TLS handshakes are the costly part of connecting). */
const CONNECTING_AT_ONCE = 25;

async function init(m: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  for (let i = 0; i < m.seats.length; i += CONNECTING_AT_ONCE) {
    const wave = m.seats.slice(i, i + CONNECTING_AT_ONCE).map((plan) => connect(m.url, m.ca, plan, m.views));
    seats.push(...wave);
    await Promise.all(wave.map(connected));
  }
  send({ type: 'ready' });
}

async function checkIn(m: Extract<ToWorker, { type: 'checkIn' }>): Promise<void> {
  const deadline = Date.now() + m.timeoutMs;
  const times = await Promise.all(
    seats.map(async (s) => {
      const uid = s.plan.cardUid;
      if (!uid) return null;
      const r = await s.client.send('demoTap', { uid }, m.timeoutMs);
      if (!r.ok) return null;
      return waitFor(s, (v) => v.member !== null, deadline);
    }),
  );
  const done = times.filter((t): t is number => t !== null);
  send({ type: 'checkedIn', doneAt: Math.max(0, ...done), missing: times.length - done.length });
}

function arm(): void {
  for (const s of seats) {
    s.bytesIn = 0;
    s.bytesOut = 0;
    s.views = 0;
  }
  send({ type: 'armed' });
}

async function awaitVote(m: Extract<ToWorker, { type: 'awaitVote' }>): Promise<void> {
  const deadline = Date.now() + m.timeoutMs;
  const got = await Promise.all(seats.map((s) => waitFor(s, (v) => v.vote?.summary.id === m.voteId && v.vote.eligible, deadline)));
  const times = got.map((t, i) => (t === null ? null : (seats[i]?.voteAt ?? t)));
  const seen = times.filter((t): t is number => t !== null);
  send({ type: 'voteSeen', lastAt: Math.max(0, ...seen), missing: times.length - seen.length });
}

async function castOne(s: Seat, voteId: string, choice: Choice, timeoutMs: number, report: CastReport): Promise<boolean> {
  const key = globalThis.crypto.randomUUID().replaceAll('-', '');
  const sentAt = now();
  try {
    const r = await s.client.send('castBallot', { voteId, choice, key }, timeoutMs);
    const ackAt = now();
    const latency = ackAt - sentAt;
    if (!r.ok) {
      report.refused[r.error.code] = (report.refused[r.error.code] ?? 0) + 1;
      return false;
    }
    report.latencies.push(latency);
    const legs = (r as { legs?: unknown }).legs;
    if (Array.isArray(legs) && typeof legs[0] === 'number' && typeof legs[1] === 'number') report.legs.push([legs[0] - sentAt, legs[1] - legs[0], ackAt - legs[1]]);
    return true;
  } catch {
    report.lost += 1;
    return false;
  }
}

async function cast(m: Extract<ToWorker, { type: 'cast' }>): Promise<void> {
  const report: CastReport = { type: 'cast', latencies: [], lost: 0, refused: {}, finals: seats.map(() => null), legs: [] };
  const count = seats.length;
  await Promise.all(
    seats.map(async (s, i) => {
      const plan = m.ballots[i];
      if (!plan) return;
      const offset = spreadOffset(i, count, m.spreadMs, m.phase);
      const wait = m.startAt + offset - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (await castOne(s, m.voteId, plan.first, m.ackTimeoutMs, report)) report.finals[i] = plan.first;
      if (plan.change !== null) {
        // a member changes their mind a moment after the first ack
        await new Promise((r) => setTimeout(r, 200 + ((i * 31) % 300)));
        if (await castOne(s, m.voteId, plan.change, m.ackTimeoutMs, report)) report.finals[i] = plan.change;
      }
    }),
  );
  send(report);
}

async function awaitResult(m: Extract<ToWorker, { type: 'awaitResult' }>): Promise<void> {
  const deadline = Date.now() + m.timeoutMs;
  const got = await Promise.all(seats.map((s) => waitFor(s, (v) => v.result?.voteId === m.voteId, deadline)));
  // the arrival of the view itself (it may have come before this message)
  const times = got.map((t, i) => (t === null ? null : (seats[i]?.resultAt ?? t)));
  const arrivals = times.filter((t): t is number => t !== null);
  send({
    type: 'result',
    arrivals,
    missing: times.length - arrivals.length,
    bytesIn: seats.reduce((n, s) => n + s.bytesIn, 0),
    bytesOut: seats.reduce((n, s) => n + s.bytesOut, 0),
    views: seats.reduce((n, s) => n + s.views, 0),
  });
}

process.on('message', (raw) => {
  const m = raw as ToWorker;
  const run = async () => {
    switch (m.type) {
      case 'init':
        return init(m);
      case 'checkIn':
        return checkIn(m);
      case 'arm':
        return arm();
      case 'awaitVote':
        return awaitVote(m);
      case 'cast':
        return cast(m);
      case 'awaitResult':
        return awaitResult(m);
      case 'stop':
        for (const s of seats) s.client.close();
        process.disconnect();
        return;
    }
  };
  run().catch((err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
