import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { REGISTRY_SOCKET_NAME, SOCKET_DIR_IN_CONTAINER } from "./build-daemon-args";
import { execInContainer, startDetachedExec } from "./exec-in-container";
import type { LoopbackRegistry } from "./find-loopback-registry";
import { openRegistryForwarder, type RegistryForwarder } from "./open-registry-forwarder";

export interface ForwardLoopbackRegistryOptions {
  /** The running daemon container. */
  container: Docker.Container;
  /** Image of the daemon container, for messages. */
  image: string;
  registry: LoopbackRegistry;
  /** Host folder bind-mounted on /run/buildlab in the daemon container. */
  socketDir: string;
  signal: AbortSignal;
  log: (text: string) => void;
  /** Milliseconds the registry may take to respond to GET /v2/ through the forward. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// One probe waits at most this long, so a hung connection cannot outlast the timeout by much.
const PROBE_TIMEOUT_MS = 5_000;
const PROBE_INTERVAL_MS = 200;
// GET /v2/ returns 200, or 401 when the registry requires credentials. Either status means the registry responded.
const REGISTRY_RESPONSE = /^HTTP\/1\.[01] (200|401)\b/;

/**
 * Makes a registry on the host's loopback reachable at the same address inside the daemon
 * container, which has its own network namespace, with no TCP between the namespaces. Buildlab
 * listens on a unix socket in the run's socket folder and forwards to the registry. Inside the
 * container, socat listens on the registry's loopback address and port and forwards to that socket.
 * dockerd's default insecure registries contain 127.0.0.0/8, where localhost resolves, so pulls and
 * pushes over plain HTTP need no daemon configuration.
 *
 * Waits until the registry responds to GET /v2/ through the forward from inside the container.
 * Returns the forwarder, which the caller closes in its cleanup. On failure, closes it before
 * throwing.
 *
 * NOTE: only the configured registry is forwarded, so a base image from another registry on the
 * host's loopback cannot be pulled inside the daemon container. The [::1] forward is untried:
 * Docker 20.10 does not list ::1/128 among its default insecure registries (`docker info`), and
 * containers on a network without IPv6 may have no ::1.
 */
export async function forwardLoopbackRegistry(options: ForwardLoopbackRegistryOptions): Promise<RegistryForwarder> {
  const { container, registry, signal } = options;

  const forwarder = await openRegistryForwarder(path.join(options.socketDir, REGISTRY_SOCKET_NAME), {
    host: registry.host,
    port: registry.port,
  });
  try {
    await requireSocat(container, options.image, registry, signal);

    const socketInContainer = `${SOCKET_DIR_IN_CONTAINER}/${REGISTRY_SOCKET_NAME}`;
    const listener = await startDetachedExec(container, [
      "socat",
      `${listenAddress(registry)},fork,reuseaddr`,
      `UNIX-CONNECT:${socketInContainer}`,
    ]);

    await waitForRegistryResponse({ ...options, listener, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    options.log(
      `The registry ${registry.address} responds inside the daemon container through ${forwarder.socketPath}`,
    );
    return forwarder;
  } catch (error) {
    await forwarder.close();
    throw error;
  }
}

async function requireSocat(container: Docker.Container, image: string, registry: LoopbackRegistry, signal: AbortSignal): Promise<void> {
  const check = await execInContainer(container, ["socat", "-V"], signal);
  if (check.exitCode === 0) return;

  throw new Error(
    `The registry ${registry.address} listens on the host's loopback only, and the Docker-in-Docker image "${image}" ` +
      "has no socat. A Docker-in-Docker daemon in its own network namespace needs socat in its image to reach that " +
      'registry (the lab image "buildlab/dind:lab" has it). Add socat to the image, or set BUILDLAB_REGISTRY to an ' +
      `address that the daemon container can reach. (socat -V exited with code ${check.exitCode}: ${firstLine(check.output)})`,
  );
}

async function waitForRegistryResponse(
  options: ForwardLoopbackRegistryOptions & { listener: Docker.Exec; timeoutMs: number },
): Promise<void> {
  const { container, registry, signal } = options;
  const deadline = Date.now() + options.timeoutMs;
  const request = `GET /v2/ HTTP/1.0\\r\\nHost: ${registry.address}\\r\\n\\r\\n`;
  // printf turns the \r\n escapes into bytes. The registry address is validated as host:port.
  const probe = ["sh", "-c", `printf '${request}' | socat -T 5 - ${connectAddress(registry)}`];

  for (;;) {
    signal.throwIfAborted();
    const attempt = await execInContainer(container, probe, AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)])).catch(
      (error: unknown) => {
        signal.throwIfAborted();
        return { exitCode: -1, output: (error as Error).message };
      },
    );
    if (REGISTRY_RESPONSE.test(attempt.output)) return;

    const listener = await options.listener.inspect();
    if (!listener.Running) {
      throw new Error(
        `socat, which forwards ${registry.address} inside the daemon container, exited with code ${listener.ExitCode}; ` +
          `check that nothing else in image "${options.image}" listens on port ${registry.port}.`,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `The registry ${registry.address} did not respond to GET /v2/ through the forward inside the daemon container ` +
          `within ${Math.round(options.timeoutMs / 1000)} s; check that the registry runs on the host. ` +
          `The last attempt returned: ${firstLine(attempt.output) || `no output, exit code ${attempt.exitCode}`}`,
      );
    }

    await sleep(PROBE_INTERVAL_MS, undefined, { signal });
  }
}

function listenAddress(registry: LoopbackRegistry): string {
  return registry.listenIp.includes(":")
    ? `TCP6-LISTEN:${registry.port},bind=[${registry.listenIp}]`
    : `TCP-LISTEN:${registry.port},bind=${registry.listenIp}`;
}

function connectAddress(registry: LoopbackRegistry): string {
  return registry.listenIp.includes(":") ? `TCP6:[${registry.listenIp}]:${registry.port}` : `TCP:${registry.listenIp}:${registry.port}`;
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0]?.trim() ?? "";
}
