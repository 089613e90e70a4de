/**
 * Whether the event log's disk has become slow while the server runs.
 *
 * Every group commit is timed (from the hand-over to the log until it is on disk). A disk that
 * slows down — a worn SD card, network storage under load, a failing drive — does not fail a
 * write, so the storage alarm stays silent, but every seat waits that long for "recorded" and
 * the chair's counter crawls. The chair must learn why, so that the vote can be interrupted and
 * the technician called (RULES.md §11). Pure: the caller gives each commit's duration and time.
 */

export interface CommitHealthOptions {
  /** How many of the latest commits are looked at. */
  window: number;
  /** Slow when the median of a full window is at least this (ms). */
  slowMs: number;
  /** One commit at least this long (ms) is slow at once: a stall. */
  stallMs: number;
  /** Slow until this many commits in a row each took less than recoverMs. */
  recoverCount: number;
  recoverMs: number;
}

/**
 * On a local SSD or disk a commit takes well under 10 ms, on an SD card 10–40 ms. A quarter of
 * a second per commit at the median is what a member notices at the seat.
 */
export const COMMIT_HEALTH_DEFAULTS: CommitHealthOptions = { window: 9, slowMs: 250, stallMs: 2000, recoverCount: 5, recoverMs: 100 };

export interface SlowStorage {
  /** When the commits became slow (ISO time). */
  since: string;
  /** The median and the longest of the latest commits (ms, whole numbers). */
  medianMs: number;
  maxMs: number;
}

export type HealthChange = 'slow' | 'recovered' | null;

export class CommitHealth {
  private readonly recent: number[] = [];
  private fastInARow = 0;
  private slow: SlowStorage | null = null;

  constructor(private readonly o: CommitHealthOptions = COMMIT_HEALTH_DEFAULTS) {}

  /** Null while the disk keeps up. */
  get state(): SlowStorage | null {
    return this.slow;
  }

  /**
   * Records one commit's duration. Returns 'slow' when this commit made the disk slow,
   * 'recovered' when it ended a slow spell, otherwise null (the figures of a slow spell are
   * updated all the same).
   */
  record(ms: number, at: Date): HealthChange {
    if (!Number.isFinite(ms) || ms < 0) return null;
    this.recent.push(ms);
    if (this.recent.length > this.o.window) this.recent.shift();
    this.fastInARow = ms < this.o.recoverMs ? this.fastInARow + 1 : 0;
    const figures = { medianMs: Math.round(median(this.recent)), maxMs: Math.round(Math.max(...this.recent)) };
    if (this.slow) {
      if (this.fastInARow >= this.o.recoverCount) {
        this.slow = null;
        return 'recovered';
      }
      this.slow = { ...this.slow, ...figures };
      return null;
    }
    const full = this.recent.length >= this.o.window;
    if (ms >= this.o.stallMs || (full && median(this.recent) >= this.o.slowMs)) {
      this.slow = { since: at.toISOString(), ...figures };
      return 'slow';
    }
    return null;
  }
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
