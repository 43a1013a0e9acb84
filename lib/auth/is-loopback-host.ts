/**
 * Returns whether a Host header names this machine's loopback interface: localhost, 127.0.0.0/8
 * or [::1], with or without a port. An open dashboard accepts only such requests, which also
 * rejects DNS rebinding, where another site's name resolves to 127.0.0.1.
 */
export function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;

  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "");
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
