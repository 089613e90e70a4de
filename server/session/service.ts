import { apply, decide, DomainError, emptyState, isUrnDeposit, restoreElectionUrn, restoreUrn, type Actor, type Command, type CouncilState, type DomainEvent } from '../domain';
import type { EventStore, StoredEvent } from '../store/event-store';

export interface Committed {
  /** The logged events of this command, as stored (empty: nothing changed, e.g. a repeated ballot). */
  stored: StoredEvent[];
  /** Everything the command produced, urn deposits included (never leaves the process). */
  events: readonly DomainEvent[];
}

/** One committed group: every logged event of it, in order. */
export type ChangeListener = (stored: readonly StoredEvent[]) => void;

interface Pending {
  command: Command;
  actor: Actor;
  resolve: (c: Committed) => void;
  reject: (e: unknown) => void;
}

export class StoreFailureError extends Error {
  constructor(cause: unknown) {
    super(`the event log could not be written: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreFailureError';
  }
}

/** Rebuilds the state from the log: replay every event, then the urn's counts. */
export function replay(store: EventStore): CouncilState {
  const { events, urn, electionUrn } = store.load();
  const state = emptyState();
  for (const e of events) apply(state, e.event, { seq: e.seq, at: e.at });
  restoreUrn(state, urn);
  restoreElectionUrn(state.procedure, electionUrn);
  return state;
}

/**
 * The one writer. Every change of the record passes here: decide -> apply -> append -> ack ->
 * publish. Commands arriving in the same tick are decided in order against the state that
 * includes their predecessors, then committed together in one transaction (group commit), and
 * only then acknowledged: a seat that saw "recorded" must survive a power cut.
 */
export class SessionService {
  private stateRef: CouncilState;
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly listeners = new Set<ChangeListener>();
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.stateRef = replay(store);
  }

  /** Read-only by convention: only this service changes it. */
  get state(): CouncilState {
    return this.stateRef;
  }

  submit(command: Command, actor: Actor): Promise<Committed> {
    if (this.closed) return Promise.reject(new Error('session service is closed'));
    return new Promise<Committed>((resolve, reject) => {
      this.queue.push({ command, actor, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits whatever is queued now; used on shutdown so nothing accepted is dropped. */
  flush(): void {
    this.scheduled = false;
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
    let stored: StoredEvent[];
    try {
      stored = this.store.append(accepted.map((a) => ({ actor: a.pending.actor, at: a.at, events: a.events })));
    } catch (err) {
      // the in-memory state ran ahead of the disk: throw it away and rebuild from the log
      this.stateRef = replay(this.store);
      const failure = new StoreFailureError(err);
      for (const a of accepted) a.pending.reject(failure);
      return;
    }
    let offset = 0;
    for (const a of accepted) {
      const count = a.events.filter((e) => !isUrnDeposit(e)).length;
      a.pending.resolve({ stored: stored.slice(offset, offset + count), events: a.events });
      offset += count;
    }
    if (stored.length > 0) {
      for (const listener of this.listeners) {
        try {
          listener(stored);
        } catch (err) {
          console.error('view publisher failed', err);
        }
      }
    }
  }

  /** Commits what is queued and refuses anything after. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
