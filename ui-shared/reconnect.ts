/**
 * When to reconnect after the server dropped the connection on purpose ('io server disconnect':
 * a revocation, a restart). The first try comes almost at once, so a revoked device shows its
 * refusal without waiting; later tries back off. The jitter spreads a room of seats that were
 * all dropped at the same moment, so they do not knock on the server in one burst.
 */
export const RECONNECT = {
  /** The first try waits only the jitter: 0 up to this many ms. */
  firstJitterMs: 400,
  /** The second try waits this, then twice as long each time, up to maxMs. */
  baseMs: 1000,
  maxMs: 15_000,
  /** Later tries vary by up to this share of their delay, either way. */
  jitterShare: 0.25,
  /** A connection that stayed up this long counts as healthy: the next drop starts again at the first try. */
  healthyAfterMs: 10_000,
} as const;

/**
 * The delay before reconnect try number `attempt` (0 = the first after a drop); `random` is a
 * number in [0, 1), Math.random in the app, fixed in tests.
 */
export function reconnectDelay(attempt: number, random: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  if (attempt <= 0) return Math.floor(r * RECONNECT.firstJitterMs);
  const nominal = Math.min(RECONNECT.baseMs * 2 ** (attempt - 1), RECONNECT.maxMs);
  const jitter = (r * 2 - 1) * RECONNECT.jitterShare * nominal;
  return Math.round(nominal + jitter);
}

/**
 * Counts drops in a row: a drop soon after the last connect is the next attempt, a drop after a
 * healthy connection starts again at 0. `now` is passed in, so the rule is testable.
 */
export class ReconnectPolicy {
  private attempt = 0;
  private connectedAt: number | null = null;

  connected(now: number): void {
    this.connectedAt = now;
  }

  /** The delay for the reconnect after a drop at `now`. */
  dropped(now: number, random: number): number {
    if (this.connectedAt !== null && now - this.connectedAt >= RECONNECT.healthyAfterMs) this.attempt = 0;
    this.connectedAt = null;
    const delay = reconnectDelay(this.attempt, random);
    this.attempt += 1;
    return delay;
  }
}
