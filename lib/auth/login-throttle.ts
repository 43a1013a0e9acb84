// At most this many failed logins per minute in this process, whoever sends them. Tokens are long
// random values, but an admin password may be guessable; this keeps a guesser to 20 tries a minute.
const MAX_FAILURES_PER_MINUTE = 20;

const globalForThrottle = globalThis as unknown as { buildlabLoginFailures?: number[] };
const failures = (globalForThrottle.buildlabLoginFailures ??= []);

/** Returns whether logins are paused after too many failures in the last minute. */
export function isLoginThrottled(now = Date.now()): boolean {
  while (failures.length && failures[0] <= now - 60_000) failures.shift();
  return failures.length >= MAX_FAILURES_PER_MINUTE;
}

/** Counts a failed login. */
export function recordLoginFailure(now = Date.now()): void {
  failures.push(now);
}
