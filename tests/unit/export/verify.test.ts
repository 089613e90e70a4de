/**
 * The audit: `npm run verify` re-checks the hash chain. Flipping a byte of any event's stored
 * content in the database file (raw bytes, as someone with the file and a hex editor would) is
 * found, and the first event that does not match is named.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLog, verifyReport } from '../../../server/security/verify';
import { chainHash } from '../../../server/store/event-store';
import { REPO_ROOT } from '../../helpers/server-process';
import { recordScriptedSession, type ScriptedSession } from '../../helpers/scripted-session';

let session: ScriptedSession;
let rows: { seq: number; at: string; payload: string; hash: string }[];

beforeAll(async () => {
  session = await recordScriptedSession();
  const db = new Database(session.dbPath, { readonly: true });
  rows = db.prepare('SELECT seq, at, payload, hash FROM events ORDER BY seq').all() as typeof rows;
  db.close();
}, 60_000);
afterAll(() => rmSync(session.dir, { recursive: true, force: true }));

/** Where a byte of a stored value lies in the file: found by a window around it that occurs once. */
function fileOffset(file: Buffer, value: Buffer, index: number): number | null {
  for (const half of [12, 24, 48]) {
    const start = Math.max(0, index - half);
    const window = value.subarray(start, Math.min(value.length, index + half));
    const first = file.indexOf(window);
    if (first < 0) return null; // the window straddles a page boundary (overflow pages)
    if (file.indexOf(window, first + 1) < 0) return first + (index - start);
  }
  return null;
}

function flipByteAt(path: string, offset: number): () => void {
  const fd = openSync(path, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, offset);
  const original = b[0] ?? 0;
  writeSync(fd, Buffer.from([original ^ 0x01]), 0, 1, offset);
  return () => {
    writeSync(fd, Buffer.from([original]), 0, 1, offset);
    closeSync(fd);
  };
}

// thousands of file reads, and child processes: generous limits on a shared, busy machine
describe('verify', { timeout: 180_000 }, () => {
  it('reports OK with the number of events and the final hash for an untouched log', () => {
    const check = verifyLog(session.dir);
    expect(check).toEqual({ verified: rows.length, finalHash: rows.at(-1)?.hash, mismatch: null });
    expect(verifyReport(check).text).toBe(`OK: ${rows.length} Ereignisse / events, letzte Prüfsumme / final hash ${rows.at(-1)?.hash ?? ''}`);
  });

  it('finds a flipped byte anywhere in the content of any event, and names that event', () => {
    const file = readFileSync(session.dbPath);
    let flipped = 0;
    let located = 0;
    let total = 0;
    for (const row of rows) {
      const value = Buffer.from(row.payload, 'utf8');
      // every byte of the events; every 7th byte of the register, which fills several pages
      const step = value.length > 1000 ? 7 : 1;
      for (let i = 0; i < value.length; i += step) {
        total += 1;
        const offset = fileOffset(file, value, i);
        if (offset === null) continue;
        located += 1;
        const restore = flipByteAt(session.dbPath, offset);
        try {
          const check = verifyLog(session.dbPath);
          // identical payloads (a member checking in twice at the same seat) share the flip's window
          const candidates = rows.filter((r) => r.payload === row.payload).map((r) => r.seq);
          expect(check.mismatch?.seq, `byte ${i} of event ${row.seq}`).toBeOneOf(candidates);
          expect(check.verified).toBe((check.mismatch?.seq ?? 0) - 1);
          flipped += 1;
        } finally {
          restore();
        }
      }
    }
    console.log(`verify: ${flipped} flipped bytes detected of ${total} positions (${total - located} not located in one page)`);
    expect(located / total).toBeGreaterThan(0.9);
    expect(flipped).toBe(located);
    expect(verifyLog(session.dbPath).mismatch).toBeNull();
  });

  it.each([
    ['a changed time', "UPDATE events SET at = '2026-03-12T16:20:00.000Z' WHERE seq = 10", { seq: 10, reason: 'hash does not match the content' }],
    ['a changed actor', 'UPDATE events SET actor = \'{"kind":"chair"}\' WHERE seq = 12', { seq: 12, reason: 'hash does not match the content' }],
    ['a replaced stored hash', "UPDATE events SET hash = printf('%064d', 0) WHERE seq = 20", { seq: 20, reason: 'hash does not match the content' }],
    ['a deleted event', 'DELETE FROM events WHERE seq = 30', { seq: 31, reason: 'expected event number 30' }],
    ['a re-hashed event (chain to the next breaks)', 'SELECT 1', { seq: 25, reason: 'previous hash does not match the event before' }],
  ])('finds %s (test-only connection with the append-only triggers dropped)', (name, sql, mismatch) => {
    const copy = join(session.dir, `tamper-${rows.length}-${mismatch.seq}.db`);
    copyFileSync(session.dbPath, copy);
    const db = new Database(copy);
    db.exec('DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;');
    db.exec(sql);
    if (name.startsWith('a re-hashed')) {
      // a forger who recomputes the hash of the event they changed still breaks the link to the next one
      const row = db.prepare('SELECT * FROM events WHERE seq = 24').get() as { seq: number; at: string; actor: string; type: string; payload: string; prev_hash: string };
      const payload = row.payload.replace(/"choice":"(yes|no|abstain)"/, '"choice":"$1 "');
      expect(payload).not.toBe(row.payload);
      db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = 24').run(payload, chainHash(row.prev_hash, row.seq, row.at, row.actor, row.type, payload));
    }
    db.close();
    expect(verifyLog(copy).mismatch).toEqual(mismatch);
  });

  it('npm run verify exits 0 with OK, and 1 naming the first event that does not match', () => {
    const copy = join(session.dir, 'copy.db');
    copyFileSync(session.dbPath, copy);
    const run = (target: string) => spawnSync(process.execPath, ['--import', 'tsx', 'server/security/verify.ts', target], { cwd: REPO_ROOT, encoding: 'utf8' });
    const ok = run(session.dir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`OK: ${rows.length} Ereignisse / events, letzte Prüfsumme / final hash ${rows.at(-1)?.hash ?? ''}`);

    const row = rows[14];
    if (!row) throw new Error('row missing');
    const value = Buffer.from(row.payload, 'utf8');
    const offset = fileOffset(readFileSync(copy), value, 5);
    expect(offset).not.toBeNull();
    const tampered = readFileSync(copy);
    tampered[offset ?? 0] = (tampered[offset ?? 0] ?? 0) ^ 0x01;
    writeFileSync(copy, tampered);
    const bad = run(copy);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`Ereignis / event ${row.seq} stimmt nicht / does not match: hash does not match the content`);
    expect(bad.stderr).toContain(`${row.seq - 1} Ereignisse davor sind in Ordnung`);

    const missing = run(join(session.dir, 'nothing-here'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file or folder');
  });
});
