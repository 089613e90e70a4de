import { apply, decide, DomainError, emptyState, isUrnDeposit, restoreElectionUrn, restoreUrn, type Actor, type Command, type CouncilState, type DomainEvent } from '../domain';
import type { BatchEntry, EventStore, StoredEvent } from '../store/event-store';
import { CommitHealth, type SlowStorage } from '../store/commit-health';
import type { WriterTiming } from '../store/threaded-store';

/**
 * What the service needs of the log: EventStore commits on the calling thread,
 * ThreadedEventStore on a writer thread (append returns a promise that settles after the commit).
 */
export interface EventLog {
  readonly seq: number;
  load(): ReturnType<EventStore['load']>;
  /** The same check and events as load, handed over one by one (the stores' faster replay). */
  scan?: EventStore['scan'];
  append(batch: readonly BatchEntry[]): StoredEvent[] | Promise<StoredEvent[]>;
  /**
   * A log that commits on this thread may split append into the commit the acknowledgements wait
   * for and the checkpoint that may follow it (settle), so that the checkpoint runs after the
   * acknowledgements went out, as the writer thread does it.
   */
  commit?(batch: readonly BatchEntry[]): StoredEvent[];
  /** Required with commit: the checkpoint the commits since the last one call for. */
  settle?(): void;
  /** A log with a writer thread: where the last group's time went (for the commit trace). */
  readonly lastTiming?: WriterTiming | null;
  /** Closes the connection (after a hand-over to another log, see SessionService.replaceLog). */
  close?(): void | Promise<void>;
}

export interface Committed {
  /** The logged events of this command, as stored (empty: nothing changed, e.g. a repeated ballot). */
  stored: StoredEvent[];
  /** Everything the command produced, urn deposits included (never leaves the process). */
  events: readonly DomainEvent[];
}

/** One committed group: every logged event of it, in order. */
export type ChangeListener = (stored: readonly StoredEvent[]) => void;

/** The log's disk became slow (with its figures) or kept up again (null). */
export type StorageHealthListener = (slow: SlowStorage | null) => void;

interface Pending {
  command: Command;
  actor: Actor;
  resolve: (c: Committed) => void;
  reject: (e: unknown) => void;
  /** When it was submitted (performance.now), for the commit trace. */
  at: number;
}

/** Diagnostics for the load bench: one line per group commit, where its time went. */
export const TRACE_COMMITS = process.env.RATSSAAL_TRACE_COMMITS === '1';

export class StoreFailureError extends Error {
  constructor(cause: unknown) {
    super(`the event log could not be written: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreFailureError';
  }
}

/** Rebuilds the state from the log: replay every event, then the urn's counts. */
export function replay(store: EventLog): CouncilState {
  const state = emptyState();
  let urns: Omit<ReturnType<EventLog['load']>, 'events'>;
  if (store.scan) {
    urns = store.scan((event, meta) => apply(state, event, meta));
  } else {
    const { events, ...rest } = store.load();
    for (const e of events) apply(state, e.event, { seq: e.seq, at: e.at });
    urns = rest;
  }
  const { urn, electionUrn } = urns;
  restoreUrn(state, urn);
  restoreElectionUrn(state.procedure, electionUrn);
  return state;
}

/**
 * The one writer. Every change of the record passes here: decide -> apply -> append -> ack ->
 * publish. Commands arriving in the same tick are decided in order against the state that
 * includes their predecessors, then committed together in one transaction (group commit), and
 * only then acknowledged: a seat that saw "recorded" must survive a power cut.
 *
 * With a log that commits on another thread, one group is in flight at a time: commands that
 * arrive while it is being written wait and form the next group, decided as soon as it is on
 * disk. So a burst costs a few commits, not one per command, and the event loop keeps serving
 * connections during each fsync.
 */
export class SessionService {
  private stateRef: CouncilState;
  private queue: Pending[] = [];
  private scheduled = false;
  /** The group being written by an asynchronous log, if any. */
  private inFlight: Promise<void> | null = null;
  /** Commands in the group being written. */
  private inFlightSize = 0;
  /** Committed, acknowledged, not yet told to the listeners. */
  private unpublished: StoredEvent[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private closed = false;
  /** A checkpoint is due after this tick's acknowledgements (a log that commits on this thread). */
  private settling = false;
  /** How long the group commits take: whether the disk has become slow. */
  private readonly health = new CommitHealth();
  private readonly healthListeners = new Set<StorageHealthListener>();

  private store: EventLog;

  constructor(
    store: EventLog,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.store = store;
    this.stateRef = replay(store);
  }

  /**
   * Hands the log over to another connection to the same file — from commits on this thread to
   * the writer thread when the disk became slow — between two groups: the group being written
   * finishes, the checkpoint owed is done, commands that arrive meanwhile wait and form the next
   * group. The new log must stand where the old one stands (same last event); if it cannot be
   * opened, the old one stays and the error is passed on. `swapped` is told the new log at the
   * moment it takes over, before anything else can run (so a shutdown that waits for idle()
   * closes the right one). Returns the log now in use.
   */
  async replaceLog<L extends EventLog>(open: () => Promise<L>, swapped?: (next: L) => void): Promise<L> {
    await this.idle();
    if (this.closed) throw new Error('session service is closed');
    let release = () => {};
    this.inFlight = new Promise<void>((resolve) => (release = resolve));
    this.inFlightSize = 0;
    try {
      this.settling = false;
      this.store.settle?.();
      const next = await open();
      if (next.seq !== this.store.seq) {
        await next.close?.();
        throw new Error(`the new connection to the log stands at event ${next.seq}, the old one at ${this.store.seq}`);
      }
      const old = this.store;
      this.store = next;
      swapped?.(next);
      await old.close?.();
      return next;
    } finally {
      this.inFlight = null;
      release();
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** Read-only by convention: only this service changes it. */
  get state(): CouncilState {
    return this.stateRef;
  }

  submit(command: Command, actor: Actor): Promise<Committed> {
    if (this.closed) return Promise.reject(new Error('session service is closed'));
    return new Promise<Committed>((resolve, reject) => {
      this.queue.push({ command, actor, resolve, reject, at: TRACE_COMMITS ? performance.now() : 0 });
      this.schedule();
    });
  }

  /** Commands waiting or being written: how many more commits are on their way (a burst when large). */
  get backlog(): number {
    return this.queue.length + (this.inFlight ? this.inFlightSize : 0);
  }

  /** Resolves when no group is being written (for an orderly shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Null while the log's disk keeps up; otherwise since when and how long its commits take. */
  get slowStorage(): SlowStorage | null {
    return this.health.state;
  }

  /** Told when the disk becomes slow, when its figures change during a slow spell, and when it recovers. */
  subscribeStorageHealth(listener: StorageHealthListener): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  private commitTook(ms: number): void {
    const before = this.health.state;
    const change = this.health.record(ms, this.clock());
    if (change === 'slow') console.error(`event log: the disk is slow: commits take ${this.health.state?.medianMs ?? '?'} ms (median of the latest), the longest ${this.health.state?.maxMs ?? '?'} ms`);
    if (change === 'recovered') console.error('event log: the disk keeps up again');
    const after = this.health.state;
    if (change || (after && (after.medianMs !== before?.medianMs || after.maxMs !== before.maxMs))) {
      for (const listener of this.healthListeners) listener(after);
    }
  }

  /**
   * Commits whatever is queued now; used on shutdown so nothing accepted is dropped. While a
   * group is in flight this does nothing: the queue follows as soon as that group is written.
   */
  flush(): void {
    this.scheduled = false;
    if (this.inFlight) return;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    const accepted: { pending: Pending; at: string; events: DomainEvent[] }[] = [];
    let seq = this.store.seq;
    for (const pending of group) {
      let events: DomainEvent[];
      try {
        events = decide(this.stateRef, pending.command);
      } catch (err) {
        pending.reject(err);
        continue;
      }
      const at = this.clock().toISOString();
      for (const event of events) {
        if (!isUrnDeposit(event)) seq += 1;
        apply(this.stateRef, event, { seq, at });
      }
      accepted.push({ pending, at, events });
    }
    if (accepted.length === 0) return;
    const decided = TRACE_COMMITS ? performance.now() : 0;
    let written: StoredEvent[] | Promise<StoredEvent[]>;
    const batch = accepted.map((a) => ({ actor: a.pending.actor, at: a.at, events: a.events }));
    const started = performance.now();
    try {
      written = this.store.commit ? this.store.commit(batch) : this.store.append(batch);
    } catch (err) {
      this.failed(accepted, err);
      return;
    }
    if (Array.isArray(written)) {
      this.commitTook(performance.now() - started);
      if (TRACE_COMMITS) this.trace(accepted, decided, ' (on this thread)');
      this.committed(accepted, written);
      if (this.store.commit) this.settleSoon();
      return;
    }
    this.inFlightSize = accepted.length;
    this.inFlight = written.then(
      (stored) => {
        this.commitTook(performance.now() - started);
        if (TRACE_COMMITS) {
          // the writer thread's part: to the thread, the commit, back to this thread's event loop
          const t = this.store.lastTiming;
          const origin = performance.timeOrigin;
          const now = performance.now();
          this.trace(accepted, decided, t ? ` (to writer ${(t.received - origin - decided).toFixed(2)}, commit ${(t.committed - t.received).toFixed(2)}, back ${(t.replied - t.committed).toFixed(2)}, then ${(now + origin - t.replied).toFixed(2)})` : '');
        }
        this.committed(accepted, stored);
      },
      (err: unknown) => this.failed(accepted, err),
    );
    void this.inFlight.finally(() => {
      this.inFlight = null;
      // what arrived during the write is the next group: write it now
      if (this.queue.length > 0) this.flush();
    });
  }

  /** One line of the commit trace (RATSSAAL_TRACE_COMMITS=1): a group's size, its wait in the queue, its write. */
  private trace(accepted: readonly { pending: Pending }[], decided: number, parts: string): void {
    const now = performance.now();
    const waited = accepted.map((a) => decided - a.pending.at);
    console.log(`commit: group of ${accepted.length}, queued+decided ${Math.min(...waited).toFixed(1)}–${Math.max(...waited).toFixed(1)} ms, write ${(now - decided).toFixed(1)} ms${parts}`);
  }

  /**
   * The checkpoint a commit on this thread may call for: after its acknowledgements (they go out
   * in this tick's microtasks) and its views (publish, queued just before), and before the next
   * group (decided in a later setImmediate). A group that touches an urn while a checkpoint is
   * still owed does it first itself (EventStore.commit).
   */
  private settleSoon(): void {
    if (this.settling) return;
    this.settling = true;
    setImmediate(() => {
      this.settling = false;
      if (!this.closed) this.store.settle?.();
    });
  }

  /** The in-memory state ran ahead of the disk: throw it away, rebuild it from the log, refuse the group. */
  private failed(accepted: readonly { pending: Pending }[], err: unknown): void {
    this.stateRef = replay(this.store);
    const failure = new StoreFailureError(err);
    for (const a of accepted) a.pending.reject(failure);
  }

  private committed(accepted: readonly { pending: Pending; events: readonly DomainEvent[] }[], stored: StoredEvent[]): void {
    let offset = 0;
    for (const a of accepted) {
      const count = a.events.filter((e) => !isUrnDeposit(e)).length;
      a.pending.resolve({ stored: stored.slice(offset, offset + count), events: a.events });
      offset += count;
    }
    if (stored.length === 0) return;
    // publish after the acks: they are small and a seat waits for them; the views can follow
    if (this.unpublished.length === 0) setImmediate(() => this.publish());
    for (const e of stored) this.unpublished.push(e);
  }

  /** Tells the listeners about everything committed since the last call, in one go. */
  private publish(): void {
    const stored = this.unpublished;
    this.unpublished = [];
    if (stored.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(stored);
      } catch (err) {
        console.error('view publisher failed', err);
      }
    }
  }

  /** Commits what is queued and refuses anything after. */
  close(): void {
    this.flush();
    // a checkpoint still due (an urn's pages in the WAL) is done now, not left to the next start
    if (this.settling) this.store.settle?.();
    this.closed = true;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
