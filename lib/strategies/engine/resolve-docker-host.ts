/** Address of the Docker Engine API. `url` is the address in DOCKER_HOST form, for messages. */
export type DockerHostAddress =
  | { kind: "unix"; socketPath: string; url: string }
  | { kind: "tcp"; host: string; port: number; url: string };

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

// Docker's registered port for the API without TLS.
const DEFAULT_TCP_PORT = 2375;

/**
 * Parses a DOCKER_HOST value (`unix:///path/to/docker.sock` or `tcp://host:port`). Without one,
 * the daemon's default socket is used.
 *
 * NOTE: TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) and ssh:// hosts are not supported.
 */
export function resolveDockerHost(dockerHost?: string): DockerHostAddress {
  if (!dockerHost) {
    return { kind: "unix", socketPath: DEFAULT_DOCKER_SOCKET, url: `unix://${DEFAULT_DOCKER_SOCKET}` };
  }

  let parsed: URL;
  try {
    parsed = new URL(dockerHost);
  } catch {
    throw new Error(unsupportedMessage(dockerHost));
  }

  if (parsed.protocol === "unix:") {
    if (!parsed.pathname || parsed.pathname === "/") throw new Error(unsupportedMessage(dockerHost));
    return { kind: "unix", socketPath: decodeURIComponent(parsed.pathname), url: dockerHost };
  }

  if (parsed.protocol === "tcp:" && parsed.hostname) {
    const port = parsed.port ? Number(parsed.port) : DEFAULT_TCP_PORT;
    // URL keeps the brackets of an IPv6 literal, which the HTTP client does not accept.
    const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
    return { kind: "tcp", host, port, url: dockerHost };
  }

  throw new Error(unsupportedMessage(dockerHost));
}

function unsupportedMessage(dockerHost: string): string {
  return `DOCKER_HOST="${dockerHost}" is not supported: use unix:///path/to/docker.sock or tcp://host:port`;
}
