import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Tally } from '../protocol/common';
import type { Actor, DomainEvent, LoggedEvent } from '../domain/events';
import { electionBallotId } from '../domain/procedure-events';
import { migrate } from './migrations';

export const GENESIS_HASH = '0'.repeat(64);

export interface StoredEvent {
  seq: number;
  at: string;
  actor: Actor;
  event: LoggedEvent;
  prevHash: string;
  hash: string;
}

/** What one command produced: recorded together, in order, under one actor and time. */
export interface BatchEntry {
  actor: Actor;
  at: string;
  events: readonly DomainEvent[];
}

interface EventRow {
  seq: number;
  at: string;
  actor: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export function chainHash(prevHash: string, seq: number, at: string, actorJson: string, type: string, payloadJson: string): string {
  return createHash('sha256').update([prevHash, seq, at, actorJson, type, payloadJson].join('\n')).digest('hex');
}

function payloadOf(event: LoggedEvent): string {
  const { type: _type, ...payload } = event;
  return JSON.stringify(payload);
}

export class ChainBrokenError extends Error {
  constructor(readonly seq: number, reason: string) {
    super(`event log integrity check failed at event ${seq}: ${reason}`);
    this.name = 'ChainBrokenError';
  }
}

/**
 * The append-only event log plus the urn of secret votes, in one SQLite file.
 *
 * Journal mode is a rollback journal (TRUNCATE), not WAL, on purpose: a WAL keeps the page
 * images of every commit until a checkpoint, and the difference between two commits of the urn
 * would show which choice a member who took part at that moment made. With a rollback journal
 * and secure_delete, the file holds only the current counts. synchronous=FULL: a commit is on
 * disk before the call returns, so an ack sent after it survives a power cut.
 */
/** Added to every urn count on disk so that SQLite always stores it in the same six bytes. */
const URN_BIAS = 2 ** 32;

export class EventStore {
  private readonly db: Database.Database;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private readonly insertEvent: Database.Statement;
  private readonly createUrn: Database.Statement;
  private readonly deposit: Database.Statement;
  private readonly createElectionUrn: Database.Statement;
  private readonly electionDeposit: Database.Statement;

  private constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = TRUNCATE');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (seq, at, actor, type, payload, prev_hash, hash) VALUES (@seq, @at, @actor, @type, @payload, @prev_hash, @hash)',
    );
    // fixed-width counters (migrations 002, 003): a deposit rewrites its row in place, in the same bytes
    this.createUrn = this.db.prepare(
      `INSERT INTO urn_counter (vote_id, choice, biased) VALUES (?, 'yes', ${URN_BIAS}), (?, 'no', ${URN_BIAS}), (?, 'abstain', ${URN_BIAS})`,
    );
    this.deposit = this.db.prepare('UPDATE urn_counter SET biased = biased + 1 WHERE vote_id = ? AND choice = ?');
    this.createElectionUrn = this.db.prepare(`INSERT INTO election_urn_counter (ballot_id, option, biased) VALUES (?, ?, ${URN_BIAS})`);
    this.electionDeposit = this.db.prepare('UPDATE election_urn_counter SET biased = biased + 1 WHERE ballot_id = ? AND option = ?');
    const last = this.db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    if (last) {
      this.lastSeq = last.seq;
      this.lastHash = last.hash;
    }
  }

  static open(path: string): EventStore {
    return new EventStore(path);
  }

  get seq(): number {
    return this.lastSeq;
  }

  /** Hash of the last recorded event (the genesis hash while the log is empty). */
  get hash(): string {
    return this.lastHash;
  }

  /**
   * Reads the whole log, checking every link of the hash chain, and the urn's counts.
   * Throws ChainBrokenError if anything was altered.
   */
  load(): { events: StoredEvent[]; urn: Map<string, Tally>; electionUrn: Map<string, Record<string, number>> } {
    const rows = this.db.prepare('SELECT seq, at, actor, type, payload, prev_hash, hash FROM events ORDER BY seq').all() as EventRow[];
    const events: StoredEvent[] = [];
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    for (const row of rows) {
      if (row.seq !== expectedSeq) throw new ChainBrokenError(row.seq, `expected event ${expectedSeq}`);
      if (row.prev_hash !== prev) throw new ChainBrokenError(row.seq, 'previous hash does not match');
      if (chainHash(prev, row.seq, row.at, row.actor, row.type, row.payload) !== row.hash) throw new ChainBrokenError(row.seq, 'hash does not match content');
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      events.push({
        seq: row.seq,
        at: row.at,
        actor: JSON.parse(row.actor) as Actor,
        event: { type: row.type, ...payload } as LoggedEvent,
        prevHash: row.prev_hash,
        hash: row.hash,
      });
      prev = row.hash;
      expectedSeq += 1;
    }
    const urn = new Map<string, Tally>();
    for (const r of this.db.prepare('SELECT vote_id, choice, count FROM urn').all() as { vote_id: string; choice: keyof Tally; count: number }[]) {
      const t = urn.get(r.vote_id) ?? { yes: 0, no: 0, abstain: 0 };
      t[r.choice] = r.count;
      urn.set(r.vote_id, t);
    }
    const electionUrn = new Map<string, Record<string, number>>();
    for (const r of this.db.prepare('SELECT ballot_id, option, count FROM election_urn').all() as { ballot_id: string; option: string; count: number }[]) {
      const counts = electionUrn.get(r.ballot_id) ?? {};
      counts[r.option] = r.count;
      electionUrn.set(r.ballot_id, counts);
    }
    return { events, urn, electionUrn };
  }

  /**
   * Appends the events of several commands in one transaction (one fsync): the group commit.
   * Returns the stored envelopes of the logged events. Throws and writes nothing on failure.
   */
  append(batch: readonly BatchEntry[]): StoredEvent[] {
    const stored: StoredEvent[] = [];
    let seq = this.lastSeq;
    let prev = this.lastHash;
    this.db.transaction(() => {
      for (const entry of batch) {
        const actorJson = JSON.stringify(entry.actor);
        for (const event of entry.events) {
          if (event.type === 'UrnDeposit') {
            const changed = this.deposit.run(event.voteId, event.choice).changes;
            if (changed !== 1) throw new Error(`no urn for vote ${event.voteId}`);
            continue;
          }
          if (event.type === 'ElectionUrnDeposit') {
            const changed = this.electionDeposit.run(electionBallotId(event.electionId, event.round), event.option).changes;
            if (changed !== 1) throw new Error(`no election urn for ${event.electionId} round ${event.round} option ${event.option}`);
            continue;
          }
          seq += 1;
          const payload = payloadOf(event);
          const hash = chainHash(prev, seq, entry.at, actorJson, event.type, payload);
          this.insertEvent.run({ seq, at: entry.at, actor: actorJson, type: event.type, payload, prev_hash: prev, hash });
          if (event.type === 'VoteOpened' && event.kind === 'secret') this.createUrn.run(event.voteId, event.voteId, event.voteId);
          if (event.type === 'ElectionRoundOpened' && event.secret) {
            for (const option of event.options) this.createElectionUrn.run(electionBallotId(event.electionId, event.round), option);
          }
          stored.push({ seq, at: entry.at, actor: entry.actor, event, prevHash: prev, hash });
          prev = hash;
        }
      }
    })();
    this.lastSeq = seq;
    this.lastHash = prev;
    return stored;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
