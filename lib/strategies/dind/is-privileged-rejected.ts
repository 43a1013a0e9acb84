// Docker 20.10 with runc 1.1 fails the start of a privileged container on a host whose capability
// bounding set lacks a capability with "... unable to apply caps: operation not permitted".
const REJECTION_PATTERN = /unable to apply caps/i;

/** Tells whether a container start error is the runtime rejecting privileged mode on this host. */
export function isPrivilegedRejected(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return REJECTION_PATTERN.test(message);
}
