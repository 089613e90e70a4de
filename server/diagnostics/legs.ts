/**
 * Where a command's round trip goes (RATSSAAL_TRACE_LEGS=1, for the load bench): every answer
 * carries `legs`, the moment the command reached its handler and the moment the answer left it.
 * Both are milliseconds since the epoch with sub-millisecond resolution, taken as the bench's
 * seats take theirs (performance.timeOrigin + performance.now()), so a seat can split its round
 * trip into the way to the server, the time in the server and the way back. The time in the
 * server is exact (one clock); the two ways share the error of the processes' clock origins,
 * and their sum is exact again. Never on in a session: an answer's shape is the protocol's.
 */
export const TRACE_LEGS = process.env.RATSSAAL_TRACE_LEGS === '1';

/** Milliseconds since the epoch, sub-millisecond, comparable between processes of one machine. */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The answer with its legs: [reached the handler, answered]. */
export function withLegs<T extends object>(answer: T, arrivedMs: number): T & { legs: [number, number] } {
  return { ...answer, legs: [arrivedMs, clockMs()] };
}
