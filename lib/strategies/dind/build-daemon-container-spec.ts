import type Docker from "dockerode";
import { buildDaemonArgs, SERVER_CERT_DIR_IN_CONTAINER, SOCKET_DIR_IN_CONTAINER, TLS_PORT_IN_CONTAINER } from "./build-daemon-args";
import type { DindTransport } from "./read-dind-settings";

/**
 * The explicit settings used when the host rejects privileged mode, as `docker run` flags, for logs
 * and run notes. Privileged mode requests every capability, so a host whose capability bounding set
 * lacks CAP_SYS_RESOURCE rejects it. dockerd runs without that one capability.
 */
export const FALLBACK_FLAGS =
  "--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined " +
  "--security-opt systempaths=unconfined -v /sys/fs/cgroup:/sys/fs/cgroup:rw";

export interface DaemonContainerOptions {
  image: string;
  name: string;
  labels: Record<string, string>;
  /** Named volume mounted on /var/lib/docker. */
  volumeName: string;
  transport: DindTransport;
  /**
   * Network of the daemon container, such as "bridge". It gives the container its own network
   * namespace, where the inner daemon's bridge and iptables rules stay.
   */
  network: string;
  /**
   * Host folder bind-mounted on /run/buildlab. Required for the "socket" transport; with "tls" it
   * is needed only for the registry forward.
   */
  socketDir?: string;
  /** False for the explicit fallback set. */
  privileged: boolean;
  socketGroupId?: number;
  /**
   * Cgroup for the inner containers, used only without privileged mode: the fallback mounts the
   * host's whole cgroup hierarchy, where the inner daemon's cgroups would otherwise sit beside the
   * outer daemon's.
   */
  cgroupParent?: string;
  /**
   * Memory and CPU limits of the daemon container.
   * NOTE: without privileged mode the build containers' cgroups sit under cgroupParent, beside the
   * daemon container's own, so these limits then bound dockerd and BuildKit but not the RUN steps.
   */
  limits?: { memoryBytes: number; cpus: number };
}

/** Builds the create request of the container that runs the inner daemon. */
export function buildDaemonContainerSpec(options: DaemonContainerOptions): Docker.ContainerCreateOptions {
  const binds: string[] = [];
  if (options.transport.kind === "socket" && !options.socketDir) {
    throw new Error("buildDaemonContainerSpec: socketDir is required for the socket transport");
  }
  if (options.socketDir) binds.push(`${options.socketDir}:${SOCKET_DIR_IN_CONTAINER}`);

  // The TLS port is published on the host's loopback only, where Buildlab connects.
  const tlsPort = `${TLS_PORT_IN_CONTAINER}/tcp`;
  const tls = options.transport.kind === "tls" ? options.transport : undefined;
  if (tls) binds.push(`${tls.certDir}/server:${SERVER_CERT_DIR_IN_CONTAINER}:ro`);

  // Without privileged mode Docker mounts the cgroup hierarchy read-only, and the inner dockerd
  // must create cgroups for the build containers.
  const security: Docker.HostConfig = options.privileged
    ? { Privileged: true }
    : {
        CapAdd: ["ALL"],
        CapDrop: ["SYS_RESOURCE"],
        SecurityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
        // The Engine API has no "systempaths" security option: the CLI turns
        // `--security-opt systempaths=unconfined` into these two empty lists.
        MaskedPaths: [],
        ReadonlyPaths: [],
      };
  if (!options.privileged) binds.push("/sys/fs/cgroup:/sys/fs/cgroup:rw");

  return {
    name: options.name,
    Image: options.image,
    Cmd: [
      "dockerd",
      ...buildDaemonArgs(options.transport, {
        socketGroupId: options.socketGroupId,
        cgroupParent: options.privileged ? undefined : options.cgroupParent,
      }),
    ],
    Labels: options.labels,
    // The docker:dind entrypoint generates TLS certificates at every start unless this is empty.
    // Buildlab passes its own listen and TLS flags, so the generated ones would only cost time.
    // NOTE: docker:dind itself was not tried here, because the lab machines cannot pull it.
    Env: ["DOCKER_TLS_CERTDIR="],
    ExposedPorts: tls ? { [tlsPort]: {} } : undefined,
    HostConfig: {
      NetworkMode: options.network,
      PortBindings: tls ? { [tlsPort]: [{ HostIp: "127.0.0.1", HostPort: String(tls.port) }] } : undefined,
      Binds: binds,
      Mounts: [{ Type: "volume", Source: options.volumeName, Target: "/var/lib/docker" }],
      ...(options.limits && {
        Memory: options.limits.memoryBytes,
        // Memory plus swap equal to memory: no swap, so a build over its limit fails instead of slowing down.
        MemorySwap: options.limits.memoryBytes,
        NanoCpus: Math.round(options.limits.cpus * 1e9),
      }),
      ...security,
    },
  };
}
