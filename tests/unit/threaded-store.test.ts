import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../server/domain';
import type { Choice } from '../../server/protocol/common';
import { Register } from '../../server/protocol/register';
import { SessionService, StoreFailureError, type EventLog } from '../../server/session/service';
import { EventStore, type BatchEntry, type StoredEvent } from '../../server/store/event-store';
import { ThreadedEventStore } from '../../server/store/threaded-store';
import { cardUidFor, makeCouncil } from '../helpers/council';

const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratssaal-threaded-'));
  dirs.push(dir);
  return join(dir, 'ratssaal.db');
}

const CHAIR: Actor = { kind: 'chair' };
const choiceFor = (i: number): Choice => (['yes', 'no', 'abstain'] as const)[i % 3] ?? 'yes';
const ballot = (seatId: number, choice: Choice, voteId = 'v-1'): Command => ({ type: 'castBallot', voteId, seatId, choice, key: `key-${voteId}-${seatId}` });

/** An EventLog that counts its appends and hands each to a real store after the current turn. */
class CountingLog implements EventLog {
  appends: number[] = [];
  failNext = false;

  constructor(readonly inner: EventStore) {}

  get seq(): number {
    return this.inner.seq;
  }

  load() {
    return this.inner.load();
  }

  append(batch: readonly BatchEntry[]): Promise<StoredEvent[]> {
    this.appends.push(batch.length);
    const fail = this.failNext;
    this.failNext = false;
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        if (fail) reject(new Error('disk I/O error'));
        else resolve(this.inner.append(batch));
      }, 5),
    );
  }
}

async function bootService(log: EventLog, members: number): Promise<SessionService> {
  const service = new SessionService(log);
  await service.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members })) }, { kind: 'system' });
  await Promise.all(
    Array.from({ length: members }, (_, k) =>
      service.submit({ type: 'presentCard', seatId: k + 1, cardUid: cardUidFor(k + 1) }, { kind: 'reader', readerId: `r${k + 1}`, seatId: k + 1 }),
    ),
  );
  await service.submit({ type: 'openVote', voteId: 'v-1', itemId: 'top-02', title: 'Test', kind: 'open', majority: { kind: 'simple' } }, CHAIR);
  return service;
}

describe('threaded event store', () => {
  it('commits on the writer thread: a second connection reads every appended event, chained', async () => {
    const path = dbPath();
    const store = await ThreadedEventStore.open(path);
    cleanups.push(() => store.close());
    const stored = await store.append([
      { actor: CHAIR, at: '2026-01-15T17:00:00.000Z', events: [{ type: 'ItemSelected', itemId: 'top-01' }] },
      { actor: CHAIR, at: '2026-01-15T17:00:01.000Z', events: [{ type: 'ItemSelected', itemId: 'top-02' }] },
    ]);
    expect(stored.map((e) => e.seq)).toEqual([1, 2]);
    expect(store.seq).toBe(2);
    const other = EventStore.open(path);
    try {
      const { events } = other.load();
      expect(events.map((e) => e.event)).toEqual([
        { type: 'ItemSelected', itemId: 'top-01' },
        { type: 'ItemSelected', itemId: 'top-02' },
      ]);
      expect(events.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
    } finally {
      other.close();
    }
  });

  it('runs a session: concurrent ballots in a few groups, exact tally after a restart from the file', async () => {
    const path = dbPath();
    const store = await ThreadedEventStore.open(path);
    const service = await bootService(store, 60);
    const acks = await Promise.all(Array.from({ length: 60 }, (_, k) => service.submit(ballot(k + 1, choiceFor(k)), CHAIR)));
    expect(acks.every((a) => a.stored.length === 1)).toBe(true);
    await service.submit({ type: 'closeVote', voteId: 'v-1' }, CHAIR);
    service.close();
    await service.idle();
    await store.close();
    await expect(store.append([])).rejects.toThrow(/closed/);

    const again = await ThreadedEventStore.open(path);
    cleanups.push(() => again.close());
    const replayed = new SessionService(again);
    expect(replayed.state.votes.get('v-1')?.outcome?.tally).toEqual({ yes: 20, no: 20, abstain: 20 });
  });
});

describe('session service over a log that commits asynchronously', () => {
  it('keeps one group in flight; what arrives meanwhile is the next group', async () => {
    const inner = EventStore.open(dbPath());
    cleanups.push(() => inner.close());
    const log = new CountingLog(inner);
    const service = await bootService(log, 30);
    log.appends = [];
    const first = Array.from({ length: 10 }, (_, k) => service.submit(ballot(k + 1, 'yes'), CHAIR));
    // these arrive while the first group is being written
    await new Promise((r) => setTimeout(r, 1));
    const second = Array.from({ length: 20 }, (_, k) => service.submit(ballot(k + 11, 'no'), CHAIR));
    await Promise.all([...first, ...second]);
    expect(log.appends).toEqual([10, 20]);
    expect(service.state.votes.get('v-1')?.participants.size).toBe(30);
    expect(inner.load().events.filter((e) => e.event.type === 'BallotCast')).toHaveLength(30);
  });

  it('acknowledges a group before it tells the view publishers', async () => {
    const inner = EventStore.open(dbPath());
    cleanups.push(() => inner.close());
    const service = await bootService(new CountingLog(inner), 5);
    await new Promise((r) => setImmediate(r)); // the set-up's own publication
    const order: string[] = [];
    service.subscribe((stored) => order.push(`published ${stored.length}`));
    await Promise.all([1, 2, 3].map((s) => service.submit(ballot(s, 'yes'), CHAIR).then(() => order.push(`ack ${s}`))));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['ack 1', 'ack 2', 'ack 3', 'published 3']);
  });

  it('a failed write refuses its group with StoreFailureError, rebuilds the state, and the next group succeeds', async () => {
    const inner = EventStore.open(dbPath());
    cleanups.push(() => inner.close());
    const log = new CountingLog(inner);
    const service = await bootService(log, 8);
    log.failNext = true;
    const failed = await Promise.allSettled([1, 2, 3, 4].map((s) => service.submit(ballot(s, 'yes'), CHAIR)));
    expect(failed.every((r) => r.status === 'rejected' && r.reason instanceof StoreFailureError)).toBe(true);
    expect(service.state.votes.get('v-1')?.participants.size).toBe(0);
    await Promise.all([1, 2, 3, 4].map((s) => service.submit(ballot(s, 'no'), CHAIR)));
    await service.submit({ type: 'closeVote', voteId: 'v-1' }, CHAIR);
    expect(service.state.votes.get('v-1')?.outcome?.tally).toEqual({ yes: 0, no: 4, abstain: 0 });
    expect(new SessionService(log).state.votes.get('v-1')?.outcome?.tally).toEqual({ yes: 0, no: 4, abstain: 0 });
  });
});

describe('SessionService.replaceLog: from commits on this thread to the writer thread while running', () => {
  it('hands over between groups: ballots before, during and after the switch are all recorded once, in one chain', async () => {
    const path = dbPath();
    const first = EventStore.open(path);
    const service = await bootService(first, 9);
    await Promise.all([1, 2, 3].map((s) => service.submit(ballot(s, 'yes'), CHAIR)));
    let threaded: ThreadedEventStore | null = null;
    const swapped: EventLog[] = [];
    const switching = service.replaceLog(
      async () => (threaded = await ThreadedEventStore.open(path)),
      (next) => swapped.push(next),
    );
    // submitted while the writer thread starts: they wait and form the next group
    const during = [4, 5, 6].map((s) => service.submit(ballot(s, 'no'), CHAIR));
    expect(await switching).toBe(threaded);
    expect(swapped).toEqual([threaded]);
    cleanups.push(() => threaded!.close());
    await Promise.all(during);
    await Promise.all([7, 8, 9].map((s) => service.submit(ballot(s, 'abstain'), CHAIR)));
    await service.submit({ type: 'closeVote', voteId: 'v-1' }, CHAIR);
    expect(service.state.votes.get('v-1')?.outcome?.tally).toEqual({ yes: 3, no: 3, abstain: 3 });
    // the old connection is closed; the file holds one unbroken chain with every ballot once
    expect(() => first.seq && first.load()).toThrow();
    await service.idle();
    await threaded!.close();
    const check = EventStore.open(path);
    cleanups.push(() => check.close());
    const { events } = check.load();
    expect(events.filter((e) => e.event.type === 'BallotCast')).toHaveLength(9);
    expect(new SessionService(check).state.votes.get('v-1')?.outcome?.tally).toEqual({ yes: 3, no: 3, abstain: 3 });
  });

  it('keeps the old log when the new one cannot be opened or stands elsewhere, and goes on', async () => {
    const path = dbPath();
    const first = EventStore.open(path);
    cleanups.push(() => first.close());
    const service = await bootService(first, 4);
    const swapped: EventLog[] = [];
    await expect(service.replaceLog(() => Promise.reject(new Error('no thread')), (n) => swapped.push(n))).rejects.toThrow('no thread');
    const elsewhere = EventStore.open(dbPath());
    await expect(service.replaceLog(() => Promise.resolve(elsewhere))).rejects.toThrow(/stands at event 0, the old one at \d+/);
    expect(() => elsewhere.load()).toThrow(); // closed again
    expect(swapped).toEqual([]);
    await Promise.all([1, 2, 3, 4].map((s) => service.submit(ballot(s, 'yes'), CHAIR)));
    expect(first.load().events.filter((e) => e.event.type === 'BallotCast')).toHaveLength(4);
  });
});
