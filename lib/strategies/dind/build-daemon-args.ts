import type { DindTransport } from "./read-dind-settings";

/** Folder inside the daemon container that contains the inner daemon's unix socket. */
export const SOCKET_DIR_IN_CONTAINER = "/run/buildlab";
export const SOCKET_NAME = "docker.sock";
/** Folder inside the daemon container with the inner daemon's TLS files: ca.pem, cert.pem, key.pem. */
export const SERVER_CERT_DIR_IN_CONTAINER = "/certs/server";

/**
 * Builds the `dockerd` arguments of the inner daemon.
 *
 * The daemon container shares the host's network namespace, so the inner daemon reaches the lab
 * registry on 127.0.0.1 directly. These flags keep it from changing that namespace: no docker0
 * bridge, no iptables or ip6tables rules, and no write to the host's net.ipv4.ip_forward.
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
          `--host=tcp://127.0.0.1:${transport.port}`,
          "--tlsverify",
          `--tlscacert=${SERVER_CERT_DIR_IN_CONTAINER}/ca.pem`,
          `--tlscert=${SERVER_CERT_DIR_IN_CONTAINER}/cert.pem`,
          `--tlskey=${SERVER_CERT_DIR_IN_CONTAINER}/key.pem`,
        ];
  const group = transport.kind === "socket" && socketGroupId !== undefined ? [`--group=${socketGroupId}`] : [];

  const cgroup = cgroupParent ? [`--cgroup-parent=${cgroupParent}`] : [];

  return [...listen, ...group, ...cgroup, "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false"];
}
