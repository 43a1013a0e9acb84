import type Docker from "dockerode";
import { getEnv, type Env } from "../env";
import { toError } from "../errors";
import { createDockerClient } from "../strategies/engine/create-docker-client";
import { resolveDockerHost } from "../strategies/engine/resolve-docker-host";
import type { LoadedKubeConfig } from "../strategies/kaniko/load-kube-config";
import { probeDockerEngine } from "./probe-docker-engine";
import { probeEngineImage } from "./probe-engine-image";
import { probeKubernetes } from "./probe-kubernetes";
import { probePrivilegedMode } from "./probe-privileged-mode";
import { probeRegistry } from "./probe-registry";
import type { EnvironmentReport, ProbeCheck } from "./types";
import { withTimeout } from "./with-timeout";

// No check may keep the page waiting longer than this; each call inside has its own shorter timeout
// where the client offers one.
const CHECK_TIMEOUT_MS = 30_000;

/** The lab's busybox image (scripts/lab.sh), which the privileged-mode check starts. */
export const DEFAULT_PROBE_IMAGE = "localhost:5000/buildlab/busybox:lab";

export interface ProbeEnvironmentOptions {
  /** Configuration; the process environment when unset. */
  env?: Env;
  docker?: Docker;
  fetch?: typeof fetch;
  loadKubeConfig?: (kubeconfigPath?: string) => LoadedKubeConfig | undefined;
  /** Image of the privileged-mode check; it must be in the engine already. */
  probeImage?: string;
  clock?: () => Date;
}

/**
 * Checks what Buildlab can reach right now: Docker Engine and whether it runs privileged
 * containers, the Kaniko and Docker-in-Docker images in it, the registry, and the Kubernetes
 * cluster when a kubeconfig exists. A problem is a check's status with the step that fixes it,
 * never an exception.
 */
export async function probeEnvironment(options: ProbeEnvironmentOptions = {}): Promise<EnvironmentReport> {
  const env = options.env ?? getEnv();
  const clock = options.clock ?? (() => new Date());
  const checkedAt = clock().toISOString();

  const [engineChecks, registry, kubernetes] = await Promise.all([
    guard(probeEngineChecks(env, options), (reason) => [timedOut("docker-engine", "Docker Engine", reason), ...notCheckedWithoutEngine(env, options)]),
    guard(probeRegistry(env.BUILDLAB_REGISTRY, options.fetch), (reason) => timedOut("registry", "Registry", reason)),
    guard(
      probeKubernetes({ kubeconfigPath: env.KUBECONFIG || undefined, namespace: env.BUILDLAB_KUBE_NAMESPACE, loadKubeConfig: options.loadKubeConfig }),
      (reason) => timedOut("kubernetes", "Kubernetes", reason),
    ),
  ]);

  return { checkedAt, checks: [...engineChecks, registry, kubernetes] };
}

async function probeEngineChecks(env: Env, options: ProbeEnvironmentOptions): Promise<ProbeCheck[]> {
  let address: string;
  let docker: Docker;
  try {
    address = resolveDockerHost(env.DOCKER_HOST).url;
    docker = options.docker ?? createDockerClient(env.DOCKER_HOST);
  } catch (error) {
    const engine: ProbeCheck = {
      id: "docker-engine",
      title: "Docker Engine",
      status: "unreachable",
      summary: toError(error).message,
      details: [{ label: "DOCKER_HOST", value: env.DOCKER_HOST ?? "(unset)" }],
      fix: { description: "Set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it for /var/run/docker.sock." },
    };
    return [engine, ...notCheckedWithoutEngine(env, options)];
  }

  const engine = await probeDockerEngine(docker, address);
  if (engine.status !== "ok") return [engine, ...notCheckedWithoutEngine(env, options)];

  const [privileged, kaniko, dind] = await Promise.all([
    probePrivilegedMode(docker, options.probeImage ?? DEFAULT_PROBE_IMAGE),
    probeEngineImage(docker, {
      id: "kaniko-image",
      title: "Kaniko executor image",
      image: env.BUILDLAB_KANIKO_IMAGE,
      variable: "BUILDLAB_KANIKO_IMAGE",
      neededBy: "the Kaniko strategy's docker mode, and by its kubernetes mode on clusters that share this engine (kind)",
    }),
    probeEngineImage(docker, {
      id: "dind-image",
      title: "Docker-in-Docker image",
      image: env.BUILDLAB_DIND_IMAGE,
      variable: "BUILDLAB_DIND_IMAGE",
      neededBy: "the Docker-in-Docker strategy, which runs its inner daemon from it",
    }),
  ]);
  return [engine, privileged, kaniko, dind];
}

/** Waits for a check, or returns `fallback` when it takes longer than CHECK_TIMEOUT_MS or throws. */
async function guard<T>(check: Promise<T>, fallback: (reason: string) => T): Promise<T> {
  try {
    return await withTimeout(check, CHECK_TIMEOUT_MS, "the check");
  } catch (error) {
    console.error("[environment] a check failed", toError(error));
    return fallback(toError(error).message);
  }
}

function timedOut(id: ProbeCheck["id"], title: string, reason: string): ProbeCheck {
  return {
    id,
    title,
    status: "unreachable",
    summary: `The check did not finish: ${reason}.`,
    details: [],
    fix: { description: "Check that the service responds, then reload this page; the server log has the details." },
  };
}

function notCheckedWithoutEngine(env: Env, options: ProbeEnvironmentOptions): ProbeCheck[] {
  const skipped = [
    { id: "privileged-mode" as const, title: "Privileged containers", label: "Probe image", value: options.probeImage ?? DEFAULT_PROBE_IMAGE },
    { id: "kaniko-image" as const, title: "Kaniko executor image", label: "Image", value: env.BUILDLAB_KANIKO_IMAGE },
    { id: "dind-image" as const, title: "Docker-in-Docker image", label: "Image", value: env.BUILDLAB_DIND_IMAGE },
  ];
  return skipped.map(({ id, title, label, value }) => ({
    id,
    title,
    status: "unreachable",
    summary: "Not checked, because the Docker Engine does not respond.",
    details: [{ label, value }],
    fix: { description: "Fix the Docker Engine first; its check shows how." },
  }));
}
