/** Messages between the load bench and its seat worker processes (over the fork IPC channel). */
import type { Choice } from '../../server/protocol/common';

export interface SeatPlan {
  seatId: number;
  /** The seat's device credential (enrolled by the bench before the workers start). */
  device?: string;
  /** Card to tap for the check-in (Ratssaal only). */
  cardUid?: string;
}

export type ToWorker =
  | { type: 'init'; url: string; ca: string; seats: SeatPlan[]; views: boolean }
  | { type: 'checkIn'; timeoutMs: number }
  /** Reset the byte and view counters (before the chair opens a vote). */
  | { type: 'arm' }
  /** Wait until every seat shows the vote open and eligible. */
  | { type: 'awaitVote'; voteId: string; timeoutMs: number }
  | {
      type: 'cast';
      voteId: string;
      /** Wall-clock time (ms) at which the first ballot goes out. */
      startAt: number;
      /** 0: all at once; otherwise each seat's ballot at a fixed offset within this window. */
      spreadMs: number;
      /** Per seat (same order as init.seats): the first choice, and an optional changed choice. */
      ballots: { first: Choice; change: Choice | null }[];
      ackTimeoutMs: number;
    }
  | { type: 'awaitResult'; voteId: string; timeoutMs: number }
  | { type: 'stop' };

export interface CastReport {
  type: 'cast';
  /** Milliseconds from emit to ack, one per acknowledged ballot (first and changed). */
  latencies: number[];
  /** Ballots that got no ack in time. */
  lost: number;
  /** Ballots the server refused (code → count). */
  refused: Record<string, number>;
  /** The choice each seat's last acknowledged ballot recorded (null: none). */
  finals: (Choice | null)[];
  /**
   * Per acknowledged ballot whose answer carried `legs` (RATSSAAL_TRACE_LEGS): ms to the
   * server's handler, in the server, and back to the seat; they add up to its latency.
   */
  legs: Leg[];
}

export type Leg = [toServer: number, inServer: number, back: number];

export type FromWorker =
  | { type: 'ready' }
  | { type: 'checkedIn'; doneAt: number; missing: number }
  | { type: 'armed' }
  | { type: 'voteSeen'; lastAt: number; missing: number }
  | CastReport
  | {
      type: 'result';
      /** Wall-clock arrival of the result view, one per seat that got it. */
      arrivals: number[];
      missing: number;
      /** Engine.io payload bytes received / sent by all seats of this worker since arm. */
      bytesIn: number;
      bytesOut: number;
      /** View pushes received by all seats of this worker since arm. */
      views: number;
    }
  | { type: 'error'; message: string };

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
