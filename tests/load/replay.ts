/**
 * The event log's cost: its size per 1,000 ballots, and the time a server needs at start to
 * replay a session of many votes. The log is built through the real session service and store
 * (durable group commits, one per vote's ballots), then a fresh process opens and replays it.
 *
 * Run as a script with a database path, it is that fresh process: it prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Choice } from '../../server/protocol/common';
import { Register } from '../../server/protocol/register';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { cardUidFor, makeCouncil } from '../helpers/council';
import { REPO_ROOT } from '../helpers/server-process';
import { peakRssMb } from './scenario';

export interface ReplayResult {
  votes: number;
  ballotsPerVote: number;
  events: number;
  fileBytes: number;
  bytesPer1000Ballots: number;
  buildS: number;
  replayMs: number;
  peakRssMb: number;
}

const CHOICES = ['yes', 'no', 'abstain'] as const;

export async function measureReplay(o: { dir: string; votes: number; ballots: number; log?: (s: string) => void }): Promise<ReplayResult> {
  const path = join(o.dir, 'ratssaal.db');
  const store = EventStore.open(path);
  const session = new SessionService(store);
  const system = { kind: 'system' } as const;
  const started = Date.now();
  await session.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members: o.ballots, seats: o.ballots })) }, system);
  await Promise.all(
    Array.from({ length: o.ballots }, (_, i) => session.submit({ type: 'presentCard', seatId: i + 1, cardUid: cardUidFor(i + 1) }, { kind: 'reader', readerId: `sim-${i + 1}`, seatId: i + 1 })),
  );
  const itemId = session.state.register?.session.agenda[1]?.id ?? '';
  await session.submit({ type: 'selectItem', itemId }, { kind: 'chair' });
  const before = statSync(path).size;
  for (let v = 0; v < o.votes; v++) {
    const voteId = `v-replay-${v}`;
    await session.submit({ type: 'openVote', voteId, itemId, title: `Abstimmung ${v + 1}`, kind: 'open', majority: { kind: 'simple' } }, { kind: 'chair' });
    await Promise.all(
      Array.from({ length: o.ballots }, (_, i) => {
        const choice: Choice = CHOICES[(i + v) % 3] ?? 'yes';
        const key = `${v.toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`.padEnd(32, '0');
        return session.submit({ type: 'castBallot', voteId, seatId: i + 1, choice, key }, { kind: 'seat', seatId: i + 1 });
      }),
    );
    await session.submit({ type: 'closeVote', voteId }, { kind: 'chair' });
    if ((v + 1) % 20 === 0) o.log?.(`replay log: ${v + 1}/${o.votes} votes written`);
  }
  const events = session.state.seq;
  session.close();
  store.close();
  const buildS = (Date.now() - started) / 1000;
  const fileBytes = statSync(path).size;
  const bytesPer1000Ballots = Math.round(((fileBytes - before) / (o.votes * o.ballots)) * 1000);
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'tests/load/replay.ts', path], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  const measured = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { replayMs: number; peakRssMb: number; seq: number };
  if (measured.seq !== events) throw new Error(`replay ended at event ${measured.seq}, the log has ${events}`);
  return { votes: o.votes, ballotsPerVote: o.ballots, events, fileBytes, bytesPer1000Ballots, buildS: Math.round(buildS), replayMs: measured.replayMs, peakRssMb: measured.peakRssMb };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = process.argv[2];
  if (!path) throw new Error('usage: replay.ts <database>');
  const t0 = performance.now();
  const store = EventStore.open(path);
  const session = new SessionService(store);
  const replayMs = Math.round(performance.now() - t0);
  console.log(JSON.stringify({ replayMs, peakRssMb: peakRssMb(process.pid), seq: session.state.seq }));
  store.close();
}
