import type { DindTransport } from "./read-dind-settings";

/**
 * Folder inside the daemon container on which the run's socket folder is bind-mounted. It contains
 * the inner daemon's unix socket and the socket of the registry forward.
 */
export const SOCKET_DIR_IN_CONTAINER = "/run/buildlab";
export const SOCKET_NAME = "docker.sock";
/** Name of the registry forwarder's unix socket in the socket folder (see forwardLoopbackRegistry). */
export const REGISTRY_SOCKET_NAME = "registry.sock";
/** Folder inside the daemon container with the inner daemon's TLS files: ca.pem, cert.pem, key.pem. */
export const SERVER_CERT_DIR_IN_CONTAINER = "/certs/server";
/** TCP port of the "tls" transport inside the daemon container, published on the host's 127.0.0.1. */
export const TLS_PORT_IN_CONTAINER = 2376;

/**
 * Builds the `dockerd` arguments of the inner daemon.
 *
 * The daemon container has its own network namespace, so the inner daemon keeps its default
 * networking there: its own docker0 bridge, iptables rules and IP forwarding. In the host's
 * namespace those defaults would change the host's network, and `--bridge=none` would delete the
 * host's docker0 at start-up.
 * `socketGroupId` makes the unix socket usable by Buildlab's group when Buildlab does not run as root.
 * `cgroupParent` puts the cgroups of the inner containers, BuildKit's included, under one named
 * cgroup, so that they are not mixed with the outer daemon's when the host hierarchy is mounted.
 */
export function buildDaemonArgs(
  transport: DindTransport,
  options: { socketGroupId?: number; cgroupParent?: string } = {},
): string[] {
  const { socketGroupId, cgroupParent } = options;
  const listen =
    transport.kind === "socket"
      ? [`--host=unix://${SOCKET_DIR_IN_CONTAINER}/${SOCKET_NAME}`]
      : [
          `--host=tcp://0.0.0.0:${TLS_PORT_IN_CONTAINER}`,
          "--tlsverify",
          `--tlscacert=${SERVER_CERT_DIR_IN_CONTAINER}/ca.pem`,
          `--tlscert=${SERVER_CERT_DIR_IN_CONTAINER}/cert.pem`,
          `--tlskey=${SERVER_CERT_DIR_IN_CONTAINER}/key.pem`,
        ];
  const group = transport.kind === "socket" && socketGroupId !== undefined ? [`--group=${socketGroupId}`] : [];

  const cgroup = cgroupParent ? [`--cgroup-parent=${cgroupParent}`] : [];

  return [...listen, ...group, ...cgroup];
}
