import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../server/domain';
import { exportSession, minutesOf } from '../../server/export';
import type { Choice } from '../../server/protocol/common';
import { Register } from '../../server/protocol/register';
import { SessionService } from '../../server/session/service';
import { LogReader, readLog } from '../../server/store/log-reader';
import { ThreadedEventStore } from '../../server/store/threaded-store';
import { cardUidFor, makeCouncil } from '../helpers/council';

/**
 * An export (or audit) reading the log while a secret vote runs: it reads in short chunks, so
 * the checkpoint after every urn commit finishes, no secret ballot is refused, and what it read
 * is the log as of the moment it started, with the urns of the votes closed by then.
 */
const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CHAIR: Actor = { kind: 'chair' };
const MEMBERS = 40;
const NOW = new Date('2026-11-23T20:00:00.000Z');
const seat = (seatId: number): Actor => ({ kind: 'seat', seatId });
const ballot = (voteId: string, seatId: number, choice: Choice): Command => ({ type: 'castBallot', voteId, seatId, choice, key: `key-${voteId}-${seatId}` });
const openVote = (voteId: string): Command => ({ type: 'openVote', voteId, itemId: 'top-02', title: voteId, kind: 'secret', majority: { kind: 'simple' } });
const walSize = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
const CHOICES: Choice[] = ['yes', 'no', 'abstain', 'yes', 'yes'];

describe('reading the log while secret ballots are committed', () => {
  it('a slow chunked read never holds up the checkpoint: no ballot refused, WAL empty after each, content as of the start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratssaal-chunks-'));
    dirs.push(dir);
    const path = join(dir, 'ratssaal.db');
    const store = await ThreadedEventStore.open(path);
    const service = new SessionService(store);
    cleanups.push(async () => {
      service.close();
      await service.idle();
      await store.close();
    });
    await service.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members: MEMBERS })) }, { kind: 'system' });
    for (let k = 1; k <= MEMBERS; k += 1) {
      await service.submit({ type: 'presentCard', seatId: k, cardUid: cardUidFor(k) }, { kind: 'reader', readerId: `r${k}`, seatId: k });
    }
    await service.submit({ type: 'selectItem', itemId: 'top-02' }, CHAIR);
    // a closed secret vote (its urn belongs in the export) and a second one that runs during the read
    await service.submit(openVote('v-before'), CHAIR);
    for (let k = 1; k <= 10; k += 1) await service.submit(ballot('v-before', k, CHOICES[k % CHOICES.length]!), seat(k));
    await service.submit({ type: 'closeVote', voteId: 'v-before' }, CHAIR);
    await service.submit(openVote('v-during'), CHAIR);
    await service.submit(ballot('v-during', 1, 'no'), seat(1));
    await store.append([]);
    const atStart = store.seq;
    const expected = readLog(path);
    expect(expected.check.mismatch).toBeNull();
    expect(expected.check.verified).toBe(atStart);

    const reader = LogReader.open(path, { chunkRows: 4 });
    cleanups.push(() => reader.close());
    let chunks = 0;
    let nextSeat = 2;
    const walAfterBallot: number[] = [];
    const snapshot = await reader.snapshotSpread(async ({ readUpTo, upTo }) => {
      chunks += 1;
      expect(upTo).toBe(atStart);
      if (readUpTo >= upTo || nextSeat > MEMBERS) return;
      // between two chunks: a secret ballot, acknowledged; then the writer thread has run its checkpoint
      const acked = await service.submit(ballot('v-during', nextSeat, CHOICES[nextSeat % CHOICES.length]!), seat(nextSeat));
      expect(acked.stored).toHaveLength(1);
      await store.append([]);
      walAfterBallot.push(walSize(path));
      nextSeat += 1;
    });
    expect(chunks).toBeGreaterThan(MEMBERS / 4);
    expect(nextSeat - 2).toBeGreaterThan(10);
    // none refused (a refusal rejects submit above) and every urn commit checkpointed to an empty WAL
    expect(walAfterBallot.every((bytes) => bytes === 0)).toBe(true);
    expect(service.state.votes.get('v-during')?.participants.size).toBe(nextSeat - 1);

    // the read is the log as it was at the start, although ballots were appended meanwhile
    expect(store.seq).toBeGreaterThan(atStart);
    expect(snapshot.check).toEqual(expected.check);
    expect(snapshot.events).toEqual(expected.events);
    // the closed vote's urn is in it; the running vote's (changed during the read) is not
    expect(snapshot.urn.get('v-before')).toEqual(expected.urn.get('v-before'));
    expect(snapshot.urn.has('v-during')).toBe(false);
    const minutes = minutesOf(snapshot);
    const before = minutes.items.flatMap((i) => i.votes).find((v) => v.id === 'v-before');
    expect(before?.urnMatches).toBe(true);
    expect(before?.result?.tally).toEqual({ yes: 6, no: 2, abstain: 2 });
    const file = await exportSession(snapshot, 'json', { now: NOW });
    expect(file.body.equals((await exportSession(expected, 'json', { now: NOW })).body)).toBe(true);

    // the vote closes with every ballot counted, including those cast during the read
    await service.submit({ type: 'closeVote', voteId: 'v-during' }, CHAIR);
    const after = readLog(path);
    const during = minutesOf(after).items.flatMap((i) => i.votes).find((v) => v.id === 'v-during');
    expect(during?.participants).toBe(nextSeat - 1);
    expect(during?.urnMatches).toBe(true);
  }, 60_000);

  it('any chunk size reads the same log, and a row altered in a later chunk stops the read there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratssaal-chunks-'));
    dirs.push(dir);
    const path = join(dir, 'ratssaal.db');
    const store = await ThreadedEventStore.open(path);
    const service = new SessionService(store);
    await service.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members: 12 })) }, { kind: 'system' });
    for (let k = 1; k <= 12; k += 1) {
      await service.submit({ type: 'presentCard', seatId: k, cardUid: cardUidFor(k) }, { kind: 'reader', readerId: `r${k}`, seatId: k });
    }
    service.close();
    await service.idle();
    await store.close();
    const whole = LogReader.open(path, { chunkRows: 1_000_000 }).read();
    expect(whole.check).toMatchObject({ verified: 13, mismatch: null });
    for (const chunkRows of [1, 3, 13, 14]) {
      const reader = LogReader.open(path, { chunkRows });
      expect(reader.read()).toEqual(whole);
      reader.close();
    }
    const { default: Database } = await import('better-sqlite3');
    // a test-only connection with the append-only triggers dropped
    const db = new Database(path);
    db.exec('DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;');
    db.prepare("UPDATE events SET at = '2026-01-01T00:00:00.000Z' WHERE seq = 9").run();
    db.close();
    const broken = LogReader.open(path, { chunkRows: 4 });
    const read = broken.read();
    broken.close();
    expect(read.check.mismatch).toMatchObject({ seq: 9 });
    expect(read.check.verified).toBe(8);
    expect(read.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
