import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tally } from '../protocol/common';
import type { Actor, LoggedEvent } from '../domain/events';
import { chainHash, GENESIS_HASH, type StoredEvent } from './event-store';

/** The file name of the event log inside a data folder. */
export const DB_FILE = 'ratssaal.db';

/** Accepts a data folder or the database file itself. */
export function resolveDbPath(dataDirOrFile: string): string {
  if (!existsSync(dataDirOrFile)) throw new Error(`no such file or folder: ${dataDirOrFile}`);
  const path = statSync(dataDirOrFile).isDirectory() ? join(dataDirOrFile, DB_FILE) : dataDirOrFile;
  if (!existsSync(path)) throw new Error(`no event log ${DB_FILE} in ${dataDirOrFile}`);
  return path;
}

export interface ChainMismatch {
  seq: number;
  reason: string;
}

export interface LogCheck {
  /** Number of events whose link in the chain holds, from the first on. */
  verified: number;
  /** Hash of the last verified event (the genesis hash for an empty log). */
  finalHash: string;
  /** The first event that does not match, or null when the whole chain holds. */
  mismatch: ChainMismatch | null;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** How many events one short read transaction reads, by default. */
export const LOG_READ_CHUNK = 2000;

export interface LogSnapshot {
  check: LogCheck;
  events: StoredEvent[];
  /** The urn's counts of the secret votes closed within `events` (final: a closed vote's urn never changes again). */
  urn: Map<string, Tally>;
}

/**
 * Reads the log of a database file without changing anything in it (read-only connection, no
 * migrations): for exports and audits, also while the server runs. Every link of the hash chain
 * is checked; parsing stops at the first event that does not match.
 *
 * No read transaction is held longer than one chunk of rows: in WAL mode a reader that stays in
 * a transaction keeps the checkpoint after a secret ballot's urn commit from finishing, and the
 * next urn commit would be refused after the busy timeout. The log is append-only, so the
 * events up to a sequence number fixed at the start are the same whichever moment each chunk is
 * read at; the urn is read after them and kept only for the votes closed up to that number.
 */
export class LogReader {
  private readonly db: Database.Database;
  private readonly chunkRows: number;
  private readonly lastSeqStmt: Database.Statement;
  private readonly chunkStmt: Database.Statement;

  private constructor(path: string, o: { chunkRows?: number }) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.chunkRows = Math.max(1, o.chunkRows ?? LOG_READ_CHUNK);
    this.lastSeqStmt = this.db.prepare('SELECT max(seq) AS seq FROM events');
    this.chunkStmt = this.db.prepare('SELECT seq, at, actor, type, payload, prev_hash, hash FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
  }

  static open(path: string, o: { chunkRows?: number } = {}): LogReader {
    return new LogReader(path, o);
  }

  /** The last recorded sequence number now (0 for an empty log). */
  lastSeq(): number {
    return (this.lastSeqStmt.get() as { seq: number | null }).seq ?? 0;
  }

  /**
   * Walks the chain up to `upTo` (default: the last event now), one chunk per read transaction;
   * yields after every chunk so that a caller can spread the work. The events up to the first
   * mismatch are returned with the check.
   */
  *readInChunks(upTo: number = this.lastSeq()): Generator<{ readUpTo: number }, { check: LogCheck; events: StoredEvent[] }, void> {
    const events: StoredEvent[] = [];
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let mismatch: ChainMismatch | null = null;
    let after = 0;
    while (mismatch === null && after < upTo) {
      // .all(), not .iterate(): the statement (and its read transaction) ends before the rows are checked
      const rows = this.chunkStmt.all(after, upTo, this.chunkRows) as Row[];
      if (rows.length === 0) {
        mismatch = { seq: expectedSeq, reason: `expected event number ${expectedSeq}` };
        break;
      }
      for (const row of rows) {
        mismatch = checkRow(row, expectedSeq, prev);
        if (mismatch === null) {
          try {
            const payload = JSON.parse(row.payload) as Record<string, unknown>;
            events.push({
              seq: row.seq,
              at: row.at,
              actor: JSON.parse(row.actor) as Actor,
              event: { ...payload, type: row.type } as LoggedEvent,
              prevHash: row.prev_hash,
              hash: row.hash,
            });
          } catch (err) {
            mismatch = { seq: row.seq, reason: `content is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
          }
        }
        if (mismatch !== null) break;
        prev = row.hash;
        expectedSeq += 1;
      }
      after = rows.at(-1)!.seq;
      if (mismatch === null) yield { readUpTo: after };
    }
    return { check: { verified: events.length, finalHash: prev, mismatch }, events };
  }

  /** Walks the chain up to `upTo` (default: the last event now) in short read transactions. */
  read(upTo?: number): { check: LogCheck; events: StoredEvent[] } {
    const walk = this.readInChunks(upTo);
    for (;;) {
      const step = walk.next();
      if (step.done) return step.value;
    }
  }

  /** The urn's counts of every secret vote, as of now (one statement). */
  urn(): Map<string, Tally> {
    const urn = new Map<string, Tally>();
    for (const r of this.db.prepare('SELECT vote_id, choice, count FROM urn').all() as { vote_id: string; choice: keyof Tally; count: number }[]) {
      const t = urn.get(r.vote_id) ?? { yes: 0, no: 0, abstain: 0 };
      t[r.choice] = r.count;
      urn.set(r.vote_id, t);
    }
    return urn;
  }

  /**
   * The log up to the last event now, and the urns of the votes closed in it: a consistent view,
   * also while the server writes, without a long read transaction (see the class comment).
   */
  snapshot(): LogSnapshot {
    return finishSnapshot(this, this.read());
  }

  /** As snapshot(), awaiting `between()` after every chunk (to spread a long read over the event loop). */
  async snapshotSpread(between: (progress: { readUpTo: number; upTo: number }) => Promise<void>): Promise<LogSnapshot> {
    const upTo = this.lastSeq();
    const walk = this.readInChunks(upTo);
    for (;;) {
      const step = walk.next();
      if (step.done) return finishSnapshot(this, step.value);
      await between({ readUpTo: step.value.readUpTo, upTo });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Keeps the urns of the votes closed within the events read: later deposits belong to votes still open at that point. */
function finishSnapshot(reader: LogReader, read: { check: LogCheck; events: StoredEvent[] }): LogSnapshot {
  const closed = new Set<string>();
  for (const e of read.events) if (e.event.type === 'VoteClosed') closed.add(e.event.voteId);
  const urn = new Map<string, Tally>();
  for (const [voteId, tally] of reader.urn()) if (closed.has(voteId)) urn.set(voteId, tally);
  return { ...read, urn };
}

function checkRow(row: Row, expectedSeq: number, prev: string): ChainMismatch | null {
  if (row.seq !== expectedSeq) return { seq: row.seq, reason: `expected event number ${expectedSeq}` };
  if (row.prev_hash !== prev) return { seq: row.seq, reason: 'previous hash does not match the event before' };
  if (chainHash(prev, row.seq, row.at, row.actor, row.type, row.payload) !== row.hash) return { seq: row.seq, reason: 'hash does not match the content' };
  return null;
}

/** Reads a data folder's (or a file's) log, checks the chain and closes the file again. */
export function readLog(dataDirOrFile: string): LogSnapshot {
  const reader = LogReader.open(resolveDbPath(dataDirOrFile));
  try {
    return reader.snapshot();
  } finally {
    reader.close();
  }
}
