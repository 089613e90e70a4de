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
      /**
       * This worker's place among the workers (its index / their number, 0 to < 1): its seats'
       * offsets are shifted by that fraction of one seat's slot, so that the workers' ballots
       * interleave evenly instead of arriving together.
       */
      phase: number;
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

/**
 * When a seat votes in spread voting, ms after the start: the worker's seats take the slots of
 * the window in a fixed scattered order (no randomness: runs are comparable), each worker shifted
 * by its phase (its index / the number of workers) of one slot, so that over all workers one
 * ballot follows the other at even intervals (1,000 seats over 2 s: one every 2 ms).
 */
export function spreadOffset(seatIndex: number, seats: number, spreadMs: number, phase: number): number {
  if (spreadMs === 0) return 0;
  return (spreadMs * (((seatIndex * 7919) % seats) + phase)) / seats;
}
