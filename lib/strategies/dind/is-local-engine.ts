/**
 * Tells whether the outer engine runs on this machine (no DOCKER_HOST, or a unix socket), so that
 * the cgroups its containers leave on the host are Buildlab's to clean.
 */
export function isLocalEngine(dockerHost: string | undefined): boolean {
  return !dockerHost || dockerHost.startsWith("unix://");
}
