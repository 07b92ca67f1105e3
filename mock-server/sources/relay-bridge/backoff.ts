// Reconnect delays: exponential from `initialMs` to `maxMs`, with jitter so
// several bridges (or several relays behind one load balancer) that lost the
// same relay do not all knock again in the same millisecond.

export interface BackoffOptions {
  /** First delay after a failure (0.5 s). */
  initialMs: number;
  /** Cap (30 s). */
  maxMs: number;
  /** A stream that stayed up this long counts as healthy: the next failure starts again at `initialMs`. */
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, healthyAfterMs: 10_000 };

/**
 * Delay before retry number `attempt` (0 = first retry): a random point in
 * the upper half of min(max, initial·2^attempt), so it still grows steadily
 * but two clients rarely collide.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
