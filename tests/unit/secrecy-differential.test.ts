import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../server/domain';
import type { Choice } from '../../server/protocol/common';
import { Register } from '../../server/protocol/register';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { cardUidFor, makeCouncil } from '../helpers/council';

/**
 * The strongest statement about a secret vote on disk: the database file must be a function of
 * who took part and of the totals only. Two sessions with the same members, the same order of
 * ballots, the same server times and the same totals, but with the choices assigned to
 * different members, must leave byte-identical files. Whatever differs would be a trace of who
 * chose what (a cell's position in a page, a freed page, a journal remnant, a row id).
 */
const MEMBERS = 61;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Runs one session with a deterministic clock: every ballot in its own commit, like seats voting one by one. */
async function sessionFile(choices: readonly Choice[]): Promise<Buffer[]> {
  // in memory where the machine offers it: ~250 commits with fsync each, the bytes are the same
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ratssaal-secrecy-'));
  dirs.push(dir);
  const path = join(dir, 'ratssaal.db');
  // the one other time in the file: when the schema was created
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(Date.UTC(2026, 10, 23, 17, 0, 0)));
  const store = EventStore.open(path);
  vi.useRealTimers();
  let tick = 0;
  const service = new SessionService(store, () => new Date(Date.UTC(2026, 10, 23, 18, 0, 0, tick++)));
  const chair: Actor = { kind: 'chair' };
  await service.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members: MEMBERS })) }, { kind: 'system' });
  await Promise.all(
    Array.from({ length: MEMBERS }, (_, i) =>
      service.submit({ type: 'presentCard', seatId: i + 1, cardUid: cardUidFor(i + 1) }, { kind: 'reader', readerId: `r${i + 1}`, seatId: i + 1 }),
    ),
  );
  await service.submit({ type: 'selectItem', itemId: 'top-02' }, chair);
  for (const [n, voteId] of ['v-a', 'v-b'].entries()) {
    await service.submit({ type: 'openVote', voteId, itemId: 'top-02', title: `Geheim ${n}`, kind: 'secret', majority: { kind: 'simple' } }, chair);
    for (let k = 1; k <= MEMBERS; k += 1) {
      const choice = choices[(k - 1 + n * 17) % MEMBERS]!;
      await service.submit({ type: 'castBallot', voteId, seatId: k, choice, key: `key-${voteId}-${k}` }, { kind: 'seat', seatId: k });
    }
    await service.submit({ type: 'closeVote', voteId }, chair);
  }
  // while the server still runs (the WAL and its index exist; the close's checkpoint follows its acknowledgement), then after it stopped
  await new Promise((r) => setImmediate(r));
  const running = FILES.map((suffix) => read(`${path}${suffix}`));
  service.close();
  store.close();
  const stopped = FILES.map((suffix) => read(`${path}${suffix}`));
  return [...running, ...stopped];
}

const FILES = ['', '-journal', '-wal', '-shm'] as const;
const NAMES = [...FILES.map((f) => `db${f} (running)`), ...FILES.map((f) => `db${f} (stopped)`)];

function read(file: string): Buffer {
  try {
    const bytes = readFileSync(file);
    return file.endsWith('-shm') ? withoutRandomSalt(bytes) : bytes;
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * The WAL index (-shm) starts with two copies of a 48-byte header. Bytes 24–47 of each are the
 * checksum of the last WAL frame, the WAL's salts and the header's own checksum: SQLite draws a
 * new random salt whenever the WAL restarts, and the checksums are seeded with it, so these
 * bytes differ between any two runs. Everything else (frame count, page count, change counter,
 * read marks and the page-number hash tables) is compared.
 */
function withoutRandomSalt(shm: Buffer): Buffer {
  const out = Buffer.from(shm);
  for (const start of [24, 72]) if (out.length >= start + 24) out.fill(0, start, start + 24);
  return out;
}

describe('secret votes leave no trace of who chose what in the database file', () => {
  // 61 members, totals 25 yes, 21 no, 15 abstain: counters cross the sizes SQLite stores integers in
  const base: Choice[] = [...Array<Choice>(25).fill('yes'), ...Array<Choice>(21).fill('no'), ...Array<Choice>(15).fill('abstain')];

  it.each([
    ['grouped by option vs. reversed', base, [...base].reverse()],
    ['grouped vs. shuffled', base, shuffled(base, 7)],
    ['two different shuffles', shuffled(base, 11), shuffled(base, 12345)],
  ])('%s: the files are byte-identical', { timeout: 60_000 }, async (_name, a, b) => {
    expect(a).toHaveLength(MEMBERS);
    const [fileA, fileB] = [await sessionFile(a), await sessionFile(b)];
    // while running: the WAL was checkpointed and cut to nothing at the close; its index is there
    expect(fileA[2]).toHaveLength(0);
    expect(fileA[3]!.length).toBeGreaterThan(0);
    fileA.forEach((bytes, i) => {
      const same = bytes.equals(fileB[i]!);
      if (!same) {
        const at = bytes.findIndex((x, j) => x !== fileB[i]![j]);
        expect.fail(`file ${NAMES[i]} differs first at byte ${at} (page ${Math.floor(at / 4096) + 1})`);
      }
      expect(same).toBe(true);
    });
  });

  it('is able to see a difference: different totals give different files', { timeout: 60_000 }, async () => {
    const other: Choice[] = [...base.slice(1), 'no'];
    const [fileA, fileB] = [await sessionFile(base), await sessionFile(other)];
    expect(fileA[0]!.equals(fileB[0]!)).toBe(false);
  });
});
