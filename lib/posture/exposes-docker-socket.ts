// Folders that contain the Docker daemon's default socket, /var/run/docker.sock (/var/run links to /run).
const SOCKET_ANCESTORS = new Set(["/", "/var", "/var/run", "/run"]);

/**
 * Tells whether mounting a host path gives the container a Docker daemon socket: the socket itself
 * (any path ending in docker.sock) or a folder that contains the default one.
 */
export function exposesDockerSocket(hostPath: string | undefined): boolean {
  if (!hostPath) return false;
  const path = hostPath.length > 1 ? hostPath.replace(/\/+$/, "") : hostPath;
  return path.endsWith("/docker.sock") || SOCKET_ANCESTORS.has(path);
}
