import path from "node:path";
import { z } from "zod";
import { getEnv } from "../../env";
import { findLoopbackRegistry } from "./find-loopback-registry";

// Docker-in-Docker settings beyond those in lib/env.ts, kept here so that the shared schema only
// carries what several modules read. Both are parsed from the same environment.
const dindSchema = z
  .object({
    // "socket" (the default) publishes the inner daemon on a unix socket in a per-run host folder.
    // "tls" makes it listen on TCP with mutual TLS, published on the host's 127.0.0.1:BUILDLAB_DIND_TLS_PORT.
    BUILDLAB_DIND_TRANSPORT: z.enum(["socket", "tls"]).default("socket"),
    // Host folder laid out as the docker:dind image does: server/{ca,cert,key}.pem for the inner
    // daemon and client/{ca,cert,key}.pem for Buildlab. Required when the transport is "tls".
    BUILDLAB_DIND_TLS_CERT_DIR: z.string().min(1).optional(),
    // TCP port on the host's 127.0.0.1 for the "tls" transport.
    // NOTE: every run listens on this one port, so two Docker-in-Docker runs at once need the socket transport.
    BUILDLAB_DIND_TLS_PORT: z.coerce.number().int().min(1).max(65535).default(2376),
    // Network of the daemon container on the outer engine; "bridge" is the engine's default network.
    // "host" is rejected, because an inner dockerd in the host's network namespace changes the host's
    // docker0 bridge and iptables rules, and deletes docker0 when its own bridge is disabled.
    BUILDLAB_DIND_NETWORK: z
      .string()
      .min(1)
      .default("bridge")
      .refine((value) => value !== "host", {
        message: 'must not be "host", because the inner dockerd would change the host\'s network; name a bridge network such as "bridge"',
      }),
  })
  .refine((value) => value.BUILDLAB_DIND_TRANSPORT !== "tls" || value.BUILDLAB_DIND_TLS_CERT_DIR, {
    message: 'is required when BUILDLAB_DIND_TRANSPORT is "tls"',
    path: ["BUILDLAB_DIND_TLS_CERT_DIR"],
  })
  .refine((value) => value.BUILDLAB_DIND_TRANSPORT !== "tls" || value.BUILDLAB_DIND_NETWORK !== "none", {
    message: 'must not be "none" when BUILDLAB_DIND_TRANSPORT is "tls", because the TLS port is published on the host',
    path: ["BUILDLAB_DIND_NETWORK"],
  });

/** Transport between Buildlab and the inner daemon. */
export type DindTransport = { kind: "socket" } | { kind: "tls"; certDir: string; port: number };

/** Everything a Docker-in-Docker run reads from the environment. */
export interface DindSettings {
  /** Image that runs the inner daemon; its entrypoint runs `dockerd` with the container's arguments. */
  image: string;
  startTimeoutMs: number;
  transport: DindTransport;
  /** Network of the daemon container, such as "bridge"; never "host". */
  network: string;
  /**
   * Registry that base images come from and results go to, as host:port. One on the host's
   * loopback is forwarded into the daemon container (see forwardLoopbackRegistry).
   */
  registry: string;
  allowRemotePull: boolean;
  /** Docker host of the outer engine, which runs the daemon container. */
  dockerHost?: string;
  /** Memory and CPU limits of the daemon container (BUILDLAB_BUILD_MEMORY_BYTES, BUILDLAB_BUILD_CPUS). */
  limits: { memoryBytes: number; cpus: number };
}

/** Parses the Docker-in-Docker settings; a bad value throws with the variable's name and the reason. */
export function readDindSettings(source: NodeJS.ProcessEnv = process.env): DindSettings {
  const env = getEnv(source);

  const parsed = dindSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`Invalid Docker-in-Docker configuration: ${problems.join("; ")}`);
  }
  const dind = parsed.data;
  try {
    findLoopbackRegistry(env.BUILDLAB_REGISTRY);
  } catch (error) {
    throw new Error(`Invalid Docker-in-Docker configuration: ${(error as Error).message}`);
  }

  const transport: DindTransport =
    dind.BUILDLAB_DIND_TRANSPORT === "tls" && dind.BUILDLAB_DIND_TLS_CERT_DIR
      ? { kind: "tls", certDir: path.resolve(dind.BUILDLAB_DIND_TLS_CERT_DIR), port: dind.BUILDLAB_DIND_TLS_PORT }
      : { kind: "socket" };

  return {
    image: env.BUILDLAB_DIND_IMAGE,
    startTimeoutMs: env.BUILDLAB_DIND_START_TIMEOUT_SECONDS * 1000,
    transport,
    network: dind.BUILDLAB_DIND_NETWORK,
    registry: env.BUILDLAB_REGISTRY,
    allowRemotePull: env.BUILDLAB_ALLOW_REMOTE_PULL,
    dockerHost: env.DOCKER_HOST,
    limits: { memoryBytes: env.BUILDLAB_BUILD_MEMORY_BYTES, cpus: env.BUILDLAB_BUILD_CPUS },
  };
}
