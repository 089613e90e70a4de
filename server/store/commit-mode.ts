import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the event log commits. On the main thread a ballot needs no hand-over between threads,
 * which is faster wherever an fsync is short (a local SSD: 0.1–1 ms; docs/performance.md,
 * round 6). But the event loop stands still during each fsync, so on slow storage (SD cards,
 * network storage: 5–100 ms per fsync) the writer thread keeps handshakes, pings and pushes
 * moving. RATSSAAL_COMMIT_THREAD=1 or 0 decides; without it the server times a few fsyncs of
 * its data folder at start and decides by itself.
 */
export type CommitThreadSetting = boolean | 'auto';

/** A median fsync above this (ms) counts as slow storage: the writer thread is used. */
export const SLOW_FSYNC_MS = 4;

export interface FsyncProbe {
  /** Median and slowest of the timed write + fsync pairs, in ms. */
  medianMs: number;
  maxMs: number;
  writes: number;
}

/**
 * Times up to `writes` overwrites of one 4 KB block, each followed by an fsync, in a file of
 * the data folder (as a WAL commit does: a page written in place, then synced); stops early
 * after `budgetMs`. The file is removed again.
 */
export function probeFsync(dir: string, writes = 16, budgetMs = 1000): FsyncProbe {
  const file = join(dir, `.fsync-probe-${process.pid}`);
  const block = Buffer.alloc(4096, 0x52);
  const times: number[] = [];
  const fd = openSync(file, 'w');
  try {
    // the first write gives the file its length: not timed
    writeSync(fd, block, 0, block.length, 0);
    fsyncSync(fd);
    const start = performance.now();
    while (times.length < writes && (times.length === 0 || performance.now() - start < budgetMs)) {
      const t0 = performance.now();
      writeSync(fd, block, 0, block.length, 0);
      fsyncSync(fd);
      times.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)!, writes: times.length };
}

export interface CommitMode {
  thread: boolean;
  /** Why, for the start banner (German / English). */
  reason: string;
}

/** The setting, or for 'auto' the probe's verdict (the probe runs only then). */
export function chooseCommitMode(setting: CommitThreadSetting, probe: () => FsyncProbe): CommitMode {
  if (setting !== 'auto') return { thread: setting, reason: `RATSSAAL_COMMIT_THREAD=${setting ? 1 : 0}` };
  let p: FsyncProbe;
  try {
    p = probe();
  } catch (err) {
    // a full or failing disk: the server starts anyway (its first write raises the storage alarm), on the safer side
    const detail = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
    return { thread: true, reason: `fsync nicht messbar / could not time fsync: ${detail}` };
  }
  const measured = `fsync ${p.medianMs.toFixed(1)} ms`;
  if (p.medianMs > SLOW_FSYNC_MS) return { thread: true, reason: `${measured}: langsamer Datenträger / slow storage` };
  return { thread: false, reason: measured };
}
