/**
 * The body of the log writer thread: owns the writing connection to the event log and appends
 * one group at a time. Started by ThreadedEventStore; never imported by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventStore } from './event-store';
import type { WriterReply, WriterRequest } from './threaded-store';

const port = parentPort;
if (!port) throw new Error('writer-thread.ts runs only as a worker thread');
const store = EventStore.open((workerData as { path: string }).path);

port.on('message', (m: WriterRequest) => {
  if (m.type === 'close') {
    store.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    return;
  }
  const received = performance.timeOrigin + performance.now();
  try {
    const stored = store.commit(m.batch);
    const committed = performance.timeOrigin + performance.now();
    port.postMessage({ type: 'appended', id: m.id, stored, received, committed } satisfies WriterReply);
  } catch (err) {
    port.postMessage({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) } satisfies WriterReply);
    return;
  }
  // after the acknowledgement went out: the checkpoint costs the next group, not this one
  store.settle();
});
port.postMessage({ type: 'ready', seq: store.seq } satisfies WriterReply);
