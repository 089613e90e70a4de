import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../server/domain';
import type { Choice } from '../../server/protocol/common';
import { Register } from '../../server/protocol/register';
import { SessionService, StoreFailureError } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { readLog } from '../../server/store/log-reader';
import { ThreadedEventStore } from '../../server/store/threaded-store';
import { cardUidFor, makeCouncil } from '../helpers/council';

/**
 * The event log in WAL mode: one fsync per acknowledged commit, and the checkpoints that keep a
 * secret vote's urn out of the WAL (see EventStore).
 */
const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratssaal-wal-'));
  dirs.push(dir);
  return join(dir, 'ratssaal.db');
}

const walSize = (path: string): number | null => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : null);
const CHAIR: Actor = { kind: 'chair' };
const MEMBERS = 12;
const ballot = (voteId: string, seatId: number, choice: Choice): Command => ({ type: 'castBallot', voteId, seatId, choice, key: `key-${voteId}-${seatId}` });
const seat = (seatId: number): Actor => ({ kind: 'seat', seatId });

/** A command and the checkpoint that may follow it: the service runs it after the acknowledgements, in the next setImmediate. */
async function submitSettled(service: SessionService, command: Command, actor: Actor) {
  const committed = await service.submit(command, actor);
  await new Promise((resolve) => setImmediate(resolve));
  return committed;
}

/** The last event in the database file alone (a copy without the WAL): what the checkpoints brought into it. */
function inDatabase(path: string): number {
  const copy = `${path}.copy`;
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
  } finally {
    db.close();
    rmSync(copy);
  }
}

/** Bytes 18 and 19 of the database header: 1 for a rollback journal, 2 for WAL. */
function fileFormat(path: string): [number, number] {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, 20, 0);
    return [header[18]!, header[19]!];
  } finally {
    closeSync(fd);
  }
}

async function council(store: ConstructorParameters<typeof SessionService>[0]): Promise<SessionService> {
  const service = new SessionService(store);
  await submitSettled(service, { type: 'loadRegister', register: Register.parse(makeCouncil({ members: MEMBERS })) }, { kind: 'system' });
  await Promise.all(
    Array.from({ length: MEMBERS }, (_, k) =>
      service.submit({ type: 'presentCard', seatId: k + 1, cardUid: cardUidFor(k + 1) }, { kind: 'reader', readerId: `r${k + 1}`, seatId: k + 1 }),
    ),
  );
  await submitSettled(service, { type: 'selectItem', itemId: 'top-02' }, CHAIR);
  return service;
}

const openVote = (voteId: string, kind: 'open' | 'secret'): Command => ({ type: 'openVote', voteId, itemId: 'top-02', title: voteId, kind, majority: { kind: 'simple' } });

describe('the event log in WAL mode', () => {
  it('an open ballot is one WAL commit without a checkpoint; a secret ballot and a close are checkpointed to an empty WAL', async () => {
    const path = dbPath();
    const store = EventStore.open(path);
    cleanups.push(() => store.close());
    const service = await council(store);
    expect((store as unknown as { db: Database.Database }).db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(fileFormat(path)).toEqual([2, 2]);

    await submitSettled(service, openVote('v-open', 'open'), CHAIR);
    await submitSettled(service, ballot('v-open', 1, 'yes'), seat(1));
    expect(walSize(path)).toBeGreaterThan(0);
    await submitSettled(service, { type: 'closeVote', voteId: 'v-open' }, CHAIR);
    expect(walSize(path)).toBe(0);

    await submitSettled(service, openVote('v-secret', 'secret'), CHAIR);
    expect(walSize(path)).toBe(0);
    for (let k = 1; k <= 3; k += 1) {
      await submitSettled(service, ballot('v-secret', k, 'no'), seat(k));
      expect(walSize(path)).toBe(0);
    }
    await submitSettled(service, { type: 'closeVote', voteId: 'v-secret' }, CHAIR);
    expect(service.state.votes.get('v-secret')?.outcome?.tally).toEqual({ yes: 0, no: 3, abstain: 0 });
  });

  it('after an open vote the WAL keeps its length and is written again from the start; after a secret vote it is empty', async () => {
    const path = dbPath();
    const store = EventStore.open(path);
    cleanups.push(() => store.close());
    const service = await council(store);
    const vote = async (voteId: string, kind: 'open' | 'secret', seats: number) => {
      await submitSettled(service, openVote(voteId, kind), CHAIR);
      for (let k = 1; k <= seats; k += 1) await submitSettled(service, ballot(voteId, k, 'yes'), seat(k));
      await submitSettled(service, { type: 'closeVote', voteId }, CHAIR);
    };

    // the first vote after the start is truncated (a vote may have been running before it)
    await vote('v-1', 'open', 3);
    expect(walSize(path)).toBe(0);
    // an open vote: every event is in the database file, the WAL file keeps its length
    await vote('v-2', 'open', MEMBERS);
    const kept = walSize(path) ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(inDatabase(path)).toBe(store.seq);
    // the next open vote overwrites it from the start: the file does not grow
    await vote('v-3', 'open', 4);
    expect(walSize(path)).toBe(kept);
    expect(inDatabase(path)).toBe(store.seq);

    // a secret vote: cut to zero bytes at its opening, after every ballot and at its end
    await submitSettled(service, openVote('v-4', 'secret'), CHAIR);
    expect(walSize(path)).toBe(0);
    for (let k = 1; k <= 3; k += 1) {
      await submitSettled(service, ballot('v-4', k, 'no'), seat(k));
      expect(walSize(path)).toBe(0);
    }
    await submitSettled(service, { type: 'requestFloor', seatId: 7, kind: 'ordinary' }, seat(7));
    expect(walSize(path)).toBeGreaterThan(0);
    await submitSettled(service, { type: 'closeVote', voteId: 'v-4' }, CHAIR);
    expect(walSize(path)).toBe(0);
    expect(inDatabase(path)).toBe(store.seq);
  });

  it('without a vote ending, the WAL is checkpointed after 500 groups', () => {
    const path = dbPath();
    const store = EventStore.open(path);
    cleanups.push(() => store.close());
    const before = inDatabase(path);
    for (let k = 0; k < 499; k += 1) store.append([{ actor: CHAIR, at: '2026-11-23T18:00:00.000Z', events: [{ type: 'ItemSelected', itemId: `top-${k % 9}` }] }]);
    expect(inDatabase(path)).toBe(before);
    store.append([{ actor: CHAIR, at: '2026-11-23T18:00:00.000Z', events: [{ type: 'ItemSelected', itemId: 'top-01' }] }]);
    expect(inDatabase(path)).toBe(store.seq);
  });

  it('commit() returns after the WAL commit; the urn leaves the WAL with settle()', () => {
    const path = dbPath();
    const store = EventStore.open(path);
    cleanups.push(() => store.close());
    store.append([{ actor: CHAIR, at: '2026-11-23T18:00:00.000Z', events: [{ type: 'ItemSelected', itemId: 'top-01' }] }]);
    expect(walSize(path)).toBeGreaterThan(0);
    // the urn created with a secret vote is an urn commit: left in the WAL by commit(), taken out by settle()
    store.commit([
      {
        actor: CHAIR,
        at: '2026-11-23T18:00:01.000Z',
        events: [{ type: 'VoteOpened', voteId: 'v-1', itemId: 'top-01', title: 'Geheim', kind: 'secret', majority: { kind: 'simple' } }],
      },
    ]);
    expect(walSize(path)).toBeGreaterThan(0);
    store.settle();
    expect(walSize(path)).toBe(0);
  });

  it('on the main thread, a secret ballot is acknowledged before its checkpoint, and the checkpoint runs before the next group', async () => {
    const path = dbPath();
    const store = EventStore.open(path);
    cleanups.push(() => store.close());
    const service = await council(store);
    await submitSettled(service, openVote('v-secret', 'secret'), CHAIR);
    const order: string[] = [];
    const commit = store.commit.bind(store);
    const settle = store.settle.bind(store);
    store.commit = (batch) => {
      order.push(`commit ${batch.length}`);
      return commit(batch);
    };
    store.settle = () => {
      order.push(`settle, WAL ${walSize(path) === 0 ? 'empty' : 'written'}`);
      settle();
    };
    const second: Promise<unknown>[] = [];
    await service.submit(ballot('v-secret', 1, 'yes'), seat(1)).then(() => {
      // the acknowledgement: on disk, the checkpoint not yet done
      order.push(`ack, WAL ${walSize(path) === 0 ? 'empty' : 'written'}`);
      second.push(service.submit(ballot('v-secret', 2, 'no'), seat(2)));
    });
    await Promise.all(second);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['commit 1', 'ack, WAL written', 'settle, WAL written', 'commit 1', 'settle, WAL written']);
    expect(walSize(path)).toBe(0);
    // a service closed with a checkpoint still due does it at once
    await service.submit(ballot('v-secret', 3, 'abstain'), seat(3));
    expect(walSize(path)).toBeGreaterThan(0);
    service.close();
    expect(walSize(path)).toBe(0);
  });

  it('while a reader keeps the checkpoint from finishing, the next urn commit is refused and writes nothing; other commits go on', async () => {
    const path = dbPath();
    const store = EventStore.open(path, { busyTimeoutMs: 50 });
    cleanups.push(() => store.close());
    const service = await council(store);
    await submitSettled(service, openVote('v-secret', 'secret'), CHAIR);
    await submitSettled(service, ballot('v-secret', 1, 'yes'), seat(1));

    // an export reading the log in one transaction, from its own connection
    const reader = new Database(path, { readonly: true, fileMustExist: true });
    cleanups.push(() => {
      if (reader.open) reader.close();
    });
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT count(*) AS n FROM events').get()).toBeDefined();

    // this one is written and acknowledged; its checkpoint cannot finish while the reader reads
    const acked = await submitSettled(service, ballot('v-secret', 2, 'no'), seat(2));
    expect(acked.stored).toHaveLength(1);
    expect(walSize(path)).toBeGreaterThan(0);
    const before = store.seq;

    // a second urn commit now would put a second version of the urn page into the WAL: refused
    await expect(service.submit(ballot('v-secret', 3, 'abstain'), seat(3))).rejects.toBeInstanceOf(StoreFailureError);
    expect(store.seq).toBe(before);
    expect(service.state.votes.get('v-secret')?.participants.size).toBe(2);
    // a commit that does not touch the urn is not held up
    const floor = await submitSettled(service, { type: 'requestFloor', seatId: 12, kind: 'ordinary' }, seat(12));
    expect(floor.stored).toHaveLength(1);

    reader.exec('COMMIT');
    reader.close();
    await submitSettled(service, ballot('v-secret', 3, 'abstain'), seat(3));
    expect(walSize(path)).toBe(0);
    await submitSettled(service, { type: 'closeVote', voteId: 'v-secret' }, CHAIR);
    expect(service.state.votes.get('v-secret')?.outcome?.tally).toEqual({ yes: 1, no: 1, abstain: 1 });
    const participants = store.load().events.filter((e) => e.event.type === 'SecretBallotCast');
    expect(participants).toHaveLength(3);
  });

  it('a data folder written with the rollback journal of earlier versions is converted on open, log and urn intact', async () => {
    const path = dbPath();
    const first = EventStore.open(path);
    const service = await council(first);
    await submitSettled(service, openVote('v-secret', 'secret'), CHAIR);
    const choices: Choice[] = ['yes', 'yes', 'no', 'abstain', 'yes'];
    for (const [k, c] of choices.entries()) await submitSettled(service, ballot('v-secret', k + 1, c), seat(k + 1));
    await submitSettled(service, { type: 'closeVote', voteId: 'v-secret' }, CHAIR);
    const hash = first.hash;
    first.close();
    // what earlier versions left: journal_mode=TRUNCATE, file format 1, an empty -journal beside it
    const old = new Database(path);
    expect(old.pragma('journal_mode = TRUNCATE', { simple: true })).toBe('truncate');
    old.prepare('SELECT count(*) FROM events').get();
    old.exec('BEGIN IMMEDIATE; COMMIT;');
    old.close();
    expect(fileFormat(path)).toEqual([1, 1]);

    // a reader (export, audit) can read it as it is
    expect(readLog(path).check).toMatchObject({ verified: first.seq, finalHash: hash, mismatch: null });

    const again = EventStore.open(path);
    cleanups.push(() => again.close());
    expect(fileFormat(path)).toEqual([2, 2]);
    expect(again.hash).toBe(hash);
    const replayed = new SessionService(again);
    expect(replayed.state.votes.get('v-secret')?.outcome?.tally).toEqual({ yes: 3, no: 1, abstain: 1 });
    await replayed.submit(openVote('v-after', 'open'), CHAIR);
    expect(again.load().events.at(-1)?.prevHash).toBe(hash);
  });

  it('the export reader opens the file while the server writes, and after it stopped', async () => {
    const path = dbPath();
    const store = await ThreadedEventStore.open(path);
    const service = await council(store);
    await submitSettled(service, openVote('v-secret', 'secret'), CHAIR);
    await submitSettled(service, ballot('v-secret', 1, 'yes'), seat(1));
    await submitSettled(service, ballot('v-secret', 2, 'no'), seat(2));
    // the writer thread answers messages in order: once this is answered, the checkpoint after the urn commit ran
    await store.append([]);
    expect(walSize(path)).toBe(0);
    const running = readLog(path);
    expect(running.check.mismatch).toBeNull();
    expect(running.check.verified).toBe(store.seq);
    // a vote still open at the reader's last event is not part of its view of the urn
    expect(running.urn.has('v-secret')).toBe(false);
    await submitSettled(service, { type: 'closeVote', voteId: 'v-secret' }, CHAIR);
    const closed = readLog(path);
    expect(closed.urn.get('v-secret')).toEqual({ yes: 1, no: 1, abstain: 0 });
    service.close();
    await service.idle();
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const stopped = readLog(path);
    expect(stopped.check.finalHash).toBe(closed.check.finalHash);
  });
});
