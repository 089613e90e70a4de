import { Worker } from 'node:worker_threads';
import { EventStore, type BatchEntry, type StoredEvent } from './event-store';

/** When the writer thread took a group, when its commit returned, when the answer was back (ms since the epoch). */
export interface WriterTiming {
  received: number;
  committed: number;
  replied: number;
}

export type WriterRequest = { type: 'append'; id: number; batch: readonly BatchEntry[] } | { type: 'close' };
export type WriterReply =
  | { type: 'ready'; seq: number }
  /** received/committed: when the writer took the group and when its commit returned (ms since the epoch, for the commit trace). */
  | { type: 'appended'; id: number; stored: StoredEvent[]; received: number; committed: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };

/** The worker's entry: the TypeScript source runs through tsx's loader, compiled JavaScript directly. */
function writerSource(): string {
  const self = import.meta.url;
  const target = new URL(self.endsWith('.ts') ? './writer-thread.ts' : './writer-thread.js', self).href;
  if (!self.endsWith('.ts')) return `import(${JSON.stringify(target)});`;
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
}

/**
 * The event log with its writes on a thread of their own. The same file, format and
 * guarantees as EventStore (the thread runs one), but a commit's fsyncs no longer stop the
 * event loop: while one group is being written, the next one gathers, and connections keep
 * being served. append() resolves only after the group's transaction is on disk.
 *
 * Reads (the replay at start, and after a failed write) use a connection on this thread;
 * they happen only when no write is in flight.
 */
export class ThreadedEventStore {
  private readonly reader: EventStore;
  private readonly worker: Worker;
  private lastSeq: number;
  private lastHash: string;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: StoredEvent[]) => void; reject: (e: Error) => void }>();
  private readonly started: Promise<void>;
  private closing: Promise<void> | null = null;
  private dead: Error | null = null;
  /** Where the last group's time went, for RATSSAAL_TRACE_COMMITS. */
  lastTiming: WriterTiming | null = null;

  private constructor(readonly path: string) {
    // opening here first runs the migrations before the writer opens the file
    this.reader = EventStore.open(path);
    this.lastSeq = this.reader.seq;
    this.lastHash = this.reader.hash;
    this.worker = new Worker(writerSource(), { eval: true, workerData: { path } });
    this.started = new Promise((resolve, reject) => {
      const onReady = (m: WriterReply) => {
        if (m.type !== 'ready') return;
        this.worker.off('message', onReady);
        if (m.seq !== this.lastSeq) reject(new Error(`the log writer sees event ${m.seq}, the reader ${this.lastSeq}`));
        else resolve();
      };
      this.worker.on('message', onReady);
      this.worker.once('error', reject);
    });
    this.worker.on('message', (m: WriterReply) => this.onReply(m));
    this.worker.on('error', (err) => this.die(err));
    this.worker.on('exit', (code) => this.die(new Error(`the log writer thread stopped (exit code ${code})`)));
  }

  /** Opens the file and starts its writer thread; resolves when the writer is ready. */
  static async open(path: string): Promise<ThreadedEventStore> {
    const store = new ThreadedEventStore(path);
    try {
      await store.started;
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  get seq(): number {
    return this.lastSeq;
  }

  /** The hash of the last event written: the log's current final hash. */
  get hash(): string {
    return this.lastHash;
  }

  load(): ReturnType<EventStore['load']> {
    return this.reader.load();
  }

  scan(...args: Parameters<EventStore['scan']>): ReturnType<EventStore['scan']> {
    return this.reader.scan(...args);
  }

  /** Appends one group in one transaction on the writer thread; resolves after its commit. */
  append(batch: readonly BatchEntry[]): Promise<StoredEvent[]> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closing) return Promise.reject(new Error('the event log is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (stored) => {
          const last = stored.at(-1);
          if (last) {
            this.lastSeq = last.seq;
            this.lastHash = last.hash;
          }
          resolve(stored);
        },
        reject,
      });
      this.worker.postMessage({ type: 'append', id, batch } satisfies WriterRequest);
    });
  }

  /** Waits for the writes in flight, then closes the writer and the reader. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.dead) {
        await new Promise<void>((resolve) => {
          const onClosed = (m: WriterReply) => {
            if (m.type === 'closed') resolve();
          };
          this.worker.on('message', onClosed);
          this.worker.once('exit', () => resolve());
          // the worker handles messages in order: every append before this one is answered first
          this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
        });
        await this.worker.terminate();
      }
      this.reader.close();
    })();
    return this.closing;
  }

  private onReply(m: WriterReply): void {
    if (m.type !== 'appended' && m.type !== 'failed') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'appended') {
      this.lastTiming = { received: m.received, committed: m.committed, replied: performance.timeOrigin + performance.now() };
      p.resolve(m.stored);
    }
    else p.reject(new Error(m.message));
  }

  private die(err: Error): void {
    if (this.closing && this.pending.size === 0) return;
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
