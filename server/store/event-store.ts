import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
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
  // one-shot hash: no Hash object per event (the replay at start checks every link)
  return hash('sha256', [prevHash, seq, at, actorJson, type, payloadJson].join('\n'), 'hex');
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

/** Added to every urn count on disk so that SQLite always stores it in the same six bytes. */
const URN_BIAS = 2 ** 32;

/**
 * After this many groups or logged events since the last checkpoint the write-ahead log is copied
 * into the database, whatever the commits touched. Counted, not read off the file: after a
 * RESTART checkpoint the file keeps its length while the commits overwrite it. A group writes at
 * least one 4 KB page; 500 single-ballot groups make a WAL of about 4–6 MB.
 */
const WAL_CHECKPOINT_GROUPS = 500;
const WAL_CHECKPOINT_EVENTS = 8000;

/** A WAL file longer than this is cut back to it when it is started again (journal_size_limit). */
const WAL_KEEP_BYTES = 16 * 1024 * 1024;

/**
 * The append-only event log plus the urn of secret votes, in one SQLite file.
 *
 * Journal mode WAL with synchronous=FULL: a commit is on disk when the WAL is (one fsync), and
 * only then does append()/commit() return, so an ack sent after it survives a power cut.
 *
 * Secrecy: a WAL keeps the page images of successive commits until a checkpoint, and two
 * versions of an urn page next to the ordered participation events in the log would show which
 * choice a member made. So every commit that touched an urn (a secret ballot's deposit, a
 * secret vote's or election round's opening) is followed by wal_checkpoint(TRUNCATE): its pages
 * are copied into the database (secure_delete overwrites what they replace) and the WAL is cut
 * to zero bytes. A group that touches an urn is not written while such a checkpoint is still
 * owed (a reader kept it from finishing, or the disk refused it): the WAL never holds more than
 * one urn-touching group's pages — the same exposure as a rollback journal's before-images
 * during a commit (docs/performance.md, "Secrecy of the WAL"). The end of a vote during which an
 * urn was touched is truncated too, so the WAL is empty after every secret vote.
 *
 * Other checkpoints (the end of a vote without an urn, every 500 groups) use
 * wal_checkpoint(RESTART): everything is copied into the database just the same, but the file
 * keeps its length and the next commits overwrite it from the start. An fsync of a file that
 * grows must also write the file's new length (a journal commit of the file system); one that
 * overwrites does not: on this project's test machines that is a third of a commit's time at the
 * median and half of it at the 99th percentile (docs/performance.md, round 5). The old frames
 * left behind the write position belong to groups without an urn page, whose content is in the
 * log anyway.
 *
 * Databases written in the older rollback-journal mode are converted when they are opened.
 */
export interface EventStoreOptions {
  /** How long a commit or checkpoint waits for readers of the file (export, audit) before it gives up; default 5 s. */
  busyTimeoutMs?: number;
}

export class EventStore {
  private readonly db: Database.Database;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private readonly insertEvent: Database.Statement;
  private readonly createUrn: Database.Statement;
  private readonly deposit: Database.Statement;
  private readonly createElectionUrn: Database.Statement;
  private readonly electionDeposit: Database.Statement;
  private readonly busyTimeoutMs: number;
  /**
   * The checkpoint the commits since the last one call for: 'truncate' after an urn was touched
   * (its pages may still be in the WAL) or a vote with an urn ended, 'restart' after any other
   * vote ended, null when only the WAL's size decides.
   */
  private owed: 'truncate' | 'restart' | null = null;
  /** An urn was touched since the last vote ended (true at start: a vote may be running). */
  private urnSinceVoteEnd = true;
  /** Something is in the WAL (a checkpoint would copy it into the database). */
  private walDirty = false;
  /** Groups and logged events committed since the last checkpoint. */
  private sinceCheckpoint = { groups: 0, events: 0 };

  private constructor(
    readonly path: string,
    options: EventStoreOptions,
  ) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = new Database(path, { timeout: this.busyTimeoutMs });
    // a hot rollback journal left by an older version is rolled back before the switch
    if (this.db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error(`the event log ${path} could not be switched to WAL mode`);
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    // checkpoints are ours: after urn commits, and off the acknowledgement path (see settle)
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
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
    // a WAL left by a crash may hold the last urn commit: bring it into the database first
    this.walDirty = true;
    this.owed = 'truncate';
    this.settle();
  }

  static open(path: string, options: EventStoreOptions = {}): EventStore {
    return new EventStore(path, options);
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
    return { events, ...this.urns() };
  }

  /**
   * The replay at start without holding the whole log: every row is checked against the hash
   * chain (as in load) and handed to `visit` as it is read, then the urn's counts are returned.
   * The actor is not parsed (replaying the state does not need it). Throws ChainBrokenError if
   * anything was altered; what `visit` saw before that must be thrown away by the caller.
   */
  scan(visit: (event: LoggedEvent, meta: { seq: number; at: string }) => void): Omit<ReturnType<EventStore['load']>, 'events'> {
    // raw rows (arrays) in one read transaction: no object per row, and the urn as of the same moment
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT seq, at, actor, type, payload, prev_hash, hash FROM events ORDER BY seq').raw().iterate() as IterableIterator<
        [number, string, string, string, string, string, string]
      >;
      let prev = GENESIS_HASH;
      let expectedSeq = 1;
      for (const [seq, at, actor, type, payload, prevHash, hash] of rows) {
        if (seq !== expectedSeq) throw new ChainBrokenError(seq, `expected event ${expectedSeq}`);
        if (prevHash !== prev) throw new ChainBrokenError(seq, 'previous hash does not match');
        if (chainHash(prev, seq, at, actor, type, payload) !== hash) throw new ChainBrokenError(seq, 'hash does not match content');
        visit({ type, ...(JSON.parse(payload) as Record<string, unknown>) } as LoggedEvent, { seq, at });
        prev = hash;
        expectedSeq += 1;
      }
      return this.urns();
    })();
  }

  private urns(): Omit<ReturnType<EventStore['load']>, 'events'> {
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
    return { urn, electionUrn };
  }

  /**
   * Appends the events of several commands in one transaction (one fsync): the group commit,
   * followed by the checkpoint it calls for (settle). Returns the stored envelopes of the logged
   * events. Throws and writes nothing on failure.
   */
  append(batch: readonly BatchEntry[]): StoredEvent[] {
    const stored = this.commit(batch);
    this.settle();
    return stored;
  }

  /**
   * The group commit alone: returns when the transaction is on disk, before any checkpoint. The
   * caller must call settle() before the next commit that may touch an urn (the log writer
   * thread does it right after acknowledging the group). Throws and writes nothing on failure,
   * also when the group touches an urn while the checkpoint of an earlier one is still owed.
   */
  commit(batch: readonly BatchEntry[]): StoredEvent[] {
    const changesUrn = batch.some((entry) => entry.events.some(changesAnUrn));
    const endsVote = batch.some((entry) => entry.events.some(endsAVote));
    // waits for readers up to the busy timeout: a second urn change must not join the first in the WAL
    if (changesUrn && this.owed === 'truncate' && !this.checkpoint('truncate', true)) {
      throw new Error('the write-ahead log still holds the previous urn commit (a reader keeps it from being checkpointed); nothing was written');
    }
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
    this.walDirty = true;
    this.sinceCheckpoint.groups += 1;
    this.sinceCheckpoint.events += stored.length;
    if (changesUrn) this.urnSinceVoteEnd = true;
    if (changesUrn || (endsVote && this.urnSinceVoteEnd)) this.owed = 'truncate';
    else if (endsVote) this.owed ??= 'restart';
    if (endsVote) this.urnSinceVoteEnd = false;
    return stored;
  }

  /**
   * Does the checkpoint the last commits call for: always after an urn was touched, otherwise
   * when the WAL has grown large. Never throws: what was committed stays committed; a checkpoint
   * that could not finish is retried here and before the next urn commit.
   */
  settle(): void {
    if (!this.walDirty) return;
    const { groups, events } = this.sinceCheckpoint;
    if (this.owed === null && groups < WAL_CHECKPOINT_GROUPS && events < WAL_CHECKPOINT_EVENTS) return;
    try {
      // without waiting: a reader that holds the WAL must not hold up the next group; an urn change waits in commit()
      this.checkpoint(this.owed ?? 'restart', false);
    } catch (err) {
      console.error(`event log: checkpoint failed (${err instanceof Error ? err.message : String(err)}); retried before the next urn commit`);
    }
  }

  /**
   * Copies the WAL into the database; 'truncate' then cuts the WAL to zero bytes, 'restart' lets
   * the next commit write it again from the start. False if a reader kept it from finishing.
   */
  private checkpoint(mode: 'truncate' | 'restart', waitForReaders: boolean): boolean {
    const pragma = mode === 'truncate' ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(RESTART)';
    let result: { busy: number; log: number; checkpointed: number } | undefined;
    if (waitForReaders) {
      [result] = this.db.pragma(pragma) as (typeof result)[];
    } else {
      this.db.pragma('busy_timeout = 0');
      try {
        [result] = this.db.pragma(pragma) as (typeof result)[];
      } finally {
        this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      }
    }
    // TRUNCATE reports an empty log; RESTART the frames it copied, all of them
    const done = result !== undefined && result.busy === 0 && (mode === 'truncate' ? result.log <= 0 : result.checkpointed === result.log);
    if (done) {
      this.walDirty = false;
      this.owed = null;
      this.sinceCheckpoint = { groups: 0, events: 0 };
    }
    return done;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Whether writing this event changes an urn table: a deposit, or the new urn of a secret vote or election round. */
function changesAnUrn(event: DomainEvent): boolean {
  return (
    event.type === 'UrnDeposit' ||
    event.type === 'ElectionUrnDeposit' ||
    (event.type === 'VoteOpened' && event.kind === 'secret') ||
    (event.type === 'ElectionRoundOpened' && event.secret)
  );
}

/**
 * A vote or election round ends: checkpointed too, so that no vote's frames wait in the WAL —
 * truncated to zero bytes after a vote that touched an urn, restarted after any other.
 */
function endsAVote(event: DomainEvent): boolean {
  return event.type === 'VoteClosed' || event.type === 'VoteInterrupted' || event.type === 'ElectionRoundClosed' || event.type === 'ElectionCancelled';
}
