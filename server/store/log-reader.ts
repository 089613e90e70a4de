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

/**
 * Reads the log of a database file without changing anything in it (read-only connection, no
 * migrations): for exports and audits, also while the server runs. Every link of the hash chain
 * is checked; parsing stops at the first event that does not match.
 */
export class LogReader {
  private readonly db: Database.Database;

  private constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  static open(path: string): LogReader {
    return new LogReader(path);
  }

  /** Walks the chain; the events up to the first mismatch are returned with the check. */
  read(): { check: LogCheck; events: StoredEvent[] } {
    const rows = this.db.prepare('SELECT seq, at, actor, type, payload, prev_hash, hash FROM events ORDER BY seq').iterate() as IterableIterator<Row>;
    const events: StoredEvent[] = [];
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let mismatch: ChainMismatch | null = null;
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
    return { check: { verified: events.length, finalHash: prev, mismatch }, events };
  }

  /** The urn's counts of secret votes. */
  urn(): Map<string, Tally> {
    const urn = new Map<string, Tally>();
    for (const r of this.db.prepare('SELECT vote_id, choice, count FROM urn').all() as { vote_id: string; choice: keyof Tally; count: number }[]) {
      const t = urn.get(r.vote_id) ?? { yes: 0, no: 0, abstain: 0 };
      t[r.choice] = r.count;
      urn.set(r.vote_id, t);
    }
    return urn;
  }

  /** The log and the urn as of one moment (one read transaction), also while the server writes. */
  snapshot(): { check: LogCheck; events: StoredEvent[]; urn: Map<string, Tally> } {
    return this.db.transaction(() => ({ ...this.read(), urn: this.urn() }))();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function checkRow(row: Row, expectedSeq: number, prev: string): ChainMismatch | null {
  if (row.seq !== expectedSeq) return { seq: row.seq, reason: `expected event number ${expectedSeq}` };
  if (row.prev_hash !== prev) return { seq: row.seq, reason: 'previous hash does not match the event before' };
  if (chainHash(prev, row.seq, row.at, row.actor, row.type, row.payload) !== row.hash) return { seq: row.seq, reason: 'hash does not match the content' };
  return null;
}

/** Reads a data folder's (or a file's) log, checks the chain and closes the file again. */
export function readLog(dataDirOrFile: string): { check: LogCheck; events: StoredEvent[]; urn: Map<string, Tally> } {
  const reader = LogReader.open(resolveDbPath(dataDirOrFile));
  try {
    return reader.snapshot();
  } finally {
    reader.close();
  }
}
