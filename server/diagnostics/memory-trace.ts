import { writeHeapSnapshot } from 'node:v8';

/**
 * RATSSAAL_TRACE_MEMORY=<ms>: logs the process's memory (RSS, V8 heap, memory outside the heap)
 * every <ms> milliseconds, and the largest RSS seen so far, to find which phase of a session
 * costs memory. RATSSAAL_HEAP_SNAPSHOT=<folder> also writes a V8 heap snapshot there whenever
 * the RSS passes a new 25 MB step. Both off by default; for profiling only.
 */
export function startMemoryTrace(env: NodeJS.ProcessEnv = process.env): (() => void) | null {
  const every = Number(env.RATSSAAL_TRACE_MEMORY ?? '');
  if (!Number.isFinite(every) || every <= 0) return null;
  const snapshotDir = env.RATSSAAL_HEAP_SNAPSHOT;
  const mb = (n: number) => Math.round(n / 1e5) / 10;
  let peak = 0;
  let nextSnapshotAt = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    console.log(
      `memory: rss ${mb(m.rss)} MB (peak ${mb(peak)}), heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)} MB)`,
    );
    if (snapshotDir && m.rss >= nextSnapshotAt) {
      if (nextSnapshotAt > 0) console.log(`memory: heap snapshot ${writeHeapSnapshot(`${snapshotDir}/ratssaal-${Date.now()}-${Math.round(m.rss / 1e6)}MB.heapsnapshot`)}`);
      nextSnapshotAt = (Math.floor(m.rss / 25e6) + 1) * 25e6;
    }
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}
