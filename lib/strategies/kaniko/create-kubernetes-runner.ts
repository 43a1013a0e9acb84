import { setTimeout as sleep } from "node:timers/promises";
import { Writable, type Readable } from "node:stream";
import { ApiException, Attach, CoreV1Api, Log, VersionApi, type KubeConfig, type V1ContainerStatus, type V1Pod } from "@kubernetes/client-node";
import type Docker from "dockerode";
import type { WebSocket } from "ws";
import { LABEL_RUN, type Availability, type Workload } from "../types";
import { buildPodSpec, EXECUTOR_CONTAINER } from "./build-pod-spec";
import { ExecutorFailure, type ExecutorEnd, type ExecutorLaunch, type ExecutorSession, type KanikoRunner } from "./kaniko-runner";
import { KANIKO_ROLE_EXECUTOR, LABEL_KANIKO_ROLE, type KanikoSettings } from "./kaniko-settings";
import { loadKubeConfig, type LoadedKubeConfig } from "./load-kube-config";
import { readExecutorVersion } from "./read-executor-version";
import { createLineSplitter } from "./split-lines";

// The kubelet reports the content of this file as the container's termination message, which is
// how the executor's --digest-file reaches Buildlab without shared storage.
const TERMINATION_MESSAGE_PATH = "/dev/termination-log";
const API_CHECK_TIMEOUT_MS = 5000;
const POD_POLL_MS = 500;
const POD_REMOVAL_TIMEOUT_MS = 60_000;
const CONTEXT_CLOSE_TIMEOUT_MS = 60_000;

// Waiting reasons that mean the executor image will not arrive; ErrImagePull alone may be a passing
// registry fault, and the kubelet reports ImagePullBackOff right after a failed pull.
const IMAGE_FAILURES = new Set(["ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);
const CONTAINER_FAILURES = new Set(["CreateContainerConfigError", "CreateContainerError", "RunContainerError"]);

/**
 * Runs the executor as a pod through the Kubernetes API, with the configuration of `KUBECONFIG`,
 * ~/.kube/config or the in-cluster service account.
 *
 * The context reaches the pod through attach: the pod starts with stdin open and stdinOnce, and
 * Buildlab writes the gzipped context tar over the attach WebSocket (--context=tar://stdin), then
 * closes stdin. That needs no shared volume, object store or ConfigMap (ConfigMaps stop at 1 MiB),
 * and leaves nothing else to delete. The context passes through the API server and the kubelet,
 * so BUILDLAB_KANIKO_CONTEXT_MAX_BYTES bounds it.
 */
export function createKubernetesRunner(settings: KanikoSettings, docker?: Docker): KanikoRunner {
  return {
    mode: "kubernetes",
    digestPath: TERMINATION_MESSAGE_PATH,

    async checkAvailability(): Promise<Availability> {
      const loaded = tryLoad(settings);
      if ("reason" in loaded) return loaded;
      const server = loaded.config.getCurrentCluster()!.server;

      let gitVersion: string;
      try {
        gitVersion = (await withTimeout(loaded.config.makeApiClient(VersionApi).getCode(), API_CHECK_TIMEOUT_MS)).gitVersion;
      } catch (error) {
        return {
          available: false,
          reason: `The Kubernetes API server at ${server} is not reachable: ${apiErrorMessage(error)}.`,
          fix: `Start the cluster, or correct the server and credentials in ${loaded.source}.`,
        };
      }

      try {
        const core = loaded.config.makeApiClient(CoreV1Api);
        await withTimeout(core.listNamespacedPod({ namespace: settings.namespace, limit: 1 }), API_CHECK_TIMEOUT_MS);
      } catch (error) {
        return {
          available: false,
          reason: `Listing pods in namespace "${settings.namespace}" failed: ${apiErrorMessage(error)}.`,
          fix: `Create the namespace and bind the Role described in the README to the user of ${loaded.source}, or set BUILDLAB_KUBE_NAMESPACE.`,
        };
      }

      return { available: true, versions: { kubernetes: gitVersion, namespace: settings.namespace, executorImage: settings.executorImage } };
    },

    async create(launch: ExecutorLaunch): Promise<ExecutorSession> {
      const loaded = tryLoad(settings);
      if ("reason" in loaded) throw new ExecutorFailure(`${loaded.reason} ${loaded.fix}`);
      const core = loaded.config.makeApiClient(CoreV1Api);

      const body = buildPodSpec({
        name: launch.name,
        namespace: settings.namespace,
        image: settings.executorImage,
        args: launch.args,
        labels: launch.labels,
        memoryBytes: settings.memoryBytes,
        cpus: settings.cpus,
        deadlineSeconds: settings.deadlineSeconds,
        serviceAccount: settings.serviceAccount,
        registrySecret: settings.registrySecret,
        terminationMessagePath: TERMINATION_MESSAGE_PATH,
      });

      let created: V1Pod;
      try {
        created = await core.createNamespacedPod({ namespace: settings.namespace, body });
      } catch (error) {
        throw describeCreateError(error, settings, loaded.source);
      }
      return createPodSession(loaded.config, core, created, settings, docker);
    },

    async removeLeftovers(liveRunIds: ReadonlySet<string>): Promise<string[]> {
      const loaded = tryLoad(settings);
      if ("reason" in loaded) return [];
      const core = loaded.config.makeApiClient(CoreV1Api);

      const pods = await core.listNamespacedPod({ namespace: settings.namespace, labelSelector: `${LABEL_KANIKO_ROLE}=${KANIKO_ROLE_EXECUTOR}` });
      const removed: string[] = [];
      for (const pod of pods.items) {
        const name = pod.metadata?.name;
        if (!name || liveRunIds.has(pod.metadata?.labels?.[LABEL_RUN] ?? "")) continue;
        await core.deleteNamespacedPod({ name, namespace: settings.namespace, gracePeriodSeconds: 0 }).catch(ignoreNotFound);
        removed.push(`pod ${settings.namespace}/${name}`);
      }
      return removed;
    },
  };
}

function createPodSession(config: KubeConfig, core: CoreV1Api, created: V1Pod, settings: KanikoSettings, docker?: Docker): ExecutorSession {
  const name = created.metadata!.name!;
  const namespace = settings.namespace;
  let lastPod = created;
  let terminationMessage: string | undefined;
  let removing = false;
  let pullError: string | undefined;

  async function readPod(): Promise<V1Pod> {
    lastPod = await core.readNamespacedPod({ name, namespace });
    return lastPod;
  }

  async function deletePod(): Promise<void> {
    await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }).catch(ignoreNotFound);
  }

  return {
    async waitUntilRunning(signal: AbortSignal): Promise<void> {
      const startBy = Date.now() + settings.podStartTimeoutSeconds * 1000;
      for (;;) {
        signal.throwIfAborted();
        const pod = await readPod();
        const status = executorStatus(pod);
        if (status?.state?.running || status?.state?.terminated) return;

        const waiting = status?.state?.waiting;
        if (waiting?.reason === "ErrImagePull") pullError = waiting.message;
        if (waiting?.reason && IMAGE_FAILURES.has(waiting.reason)) {
          throw new ExecutorFailure(
            `The executor image "${settings.executorImage}" could not be pulled (${waiting.reason}): ${pullError ?? waiting.message ?? "no message"}. ` +
              `Push it to a registry the cluster's nodes can reach or load it into the nodes (kind: kind load docker-image ${settings.executorImage}), or set BUILDLAB_KANIKO_IMAGE.`,
          );
        }
        if (waiting?.reason && CONTAINER_FAILURES.has(waiting.reason)) {
          throw new ExecutorFailure(`The executor container could not be created (${waiting.reason}): ${waiting.message ?? "no message"}.`);
        }
        if (pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded") {
          throw new ExecutorFailure(`The build pod ended before its executor started (${pod.status.reason ?? pod.status.phase}): ${pod.status.message ?? "no message"}.`);
        }
        if (Date.now() > startBy) throw new ExecutorFailure(startTimeoutMessage(pod, settings));

        await sleep(POD_POLL_MS, undefined, { signal });
      }
    },

    async followLog(onLine): Promise<void> {
      let lastStamp: string | undefined;
      for (;;) {
        const splitter = createLineSplitter((line) => {
          const stamp = line.slice(0, line.indexOf(" "));
          // A reconnection starts at the second of the last line, so lines up to it come again.
          if (lastStamp && compareTimestamps(stamp, lastStamp) <= 0) return;
          lastStamp = stamp;
          onLine(line, "stdout");
        });
        const sink = new Writable({
          write(chunk: Buffer, _encoding, callback) {
            splitter.write(chunk);
            callback();
          },
          final(callback) {
            splitter.flush();
            callback();
          },
        });
        const ended = new Promise<void>((resolve) => {
          sink.on("finish", resolve);
          sink.on("close", resolve);
          sink.on("error", () => resolve());
        });

        try {
          // The request is never aborted: client-node leaves the aborted body stream's error event
          // unhandled, and deleting the pod ends the stream anyway.
          await new Log(config).log(namespace, name, EXECUTOR_CONTAINER, sink, {
            follow: true,
            timestamps: true,
            ...(lastStamp ? { sinceTime: lastStamp } : {}),
          });
        } catch (error) {
          if (removing) return;
          console.warn(`[kaniko] following the log of pod ${namespace}/${name} failed: ${apiErrorMessage(error)}`);
          return;
        }
        await ended;

        // The API server may end a follow before the container ends; then the log goes on from the last line.
        const pod = await readPod().catch(() => undefined);
        const finished = !pod || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed" || executorStatus(pod)?.state?.terminated;
        if (removing || finished) return;
      }
    },

    async sendContext(context: Readable): Promise<void> {
      const socket = (await new Attach(config).attach(namespace, name, EXECUTOR_CONTAINER, null, null, context, false)) as WebSocket;
      const closed = new Promise<void>((resolve, reject) => {
        socket.on("close", () => resolve());
        socket.on("error", reject);
      });

      await new Promise<void>((resolve, reject) => {
        context.on("end", resolve);
        context.on("error", reject);
        socket.on("close", () => resolve());
      });
      // With v5.channel.k8s.io the client sends a close signal for stdin and keeps the socket open;
      // older protocols close the socket instead. Either way the socket closes once the data is out.
      while (socket.readyState === socket.OPEN && socket.bufferedAmount > 0) await sleep(20);
      if (socket.readyState === socket.OPEN) socket.close(1000);
      await withTimeout(closed, CONTEXT_CLOSE_TIMEOUT_MS);
    },

    async waitForEnd(): Promise<ExecutorEnd> {
      for (;;) {
        let pod: V1Pod;
        try {
          pod = await readPod();
        } catch (error) {
          if (error instanceof ApiException && error.code === 404) throw new ExecutorFailure(`The build pod ${namespace}/${name} was deleted while it ran.`);
          throw error;
        }

        if (pod.status?.reason === "DeadlineExceeded") return { kind: "deadline-exceeded", seconds: settings.deadlineSeconds };
        const terminated = executorStatus(pod)?.state?.terminated;
        if (terminated) {
          terminationMessage = terminated.message;
          if (terminated.reason === "OOMKilled") return { kind: "oom-killed", exitCode: terminated.exitCode };
          return { kind: "exited", exitCode: terminated.exitCode };
        }
        if (pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded") {
          throw new ExecutorFailure(`The build pod ended without its executor (${pod.status.reason ?? pod.status.phase}): ${pod.status.message ?? "no message"}.`);
        }

        await sleep(POD_POLL_MS);
      }
    },

    async readDigest(): Promise<string | undefined> {
      const digest = terminationMessage?.trim();
      return digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
    },

    async describeWorkload(): Promise<Workload> {
      // The Pod as the API server created it, with its defaults, which is what the security view reads.
      return { kind: "pod", spec: { apiVersion: "v1", kind: "Pod", metadata: created.metadata, spec: created.spec } };
    },

    async readVersions(): Promise<Record<string, string>> {
      const versions: Record<string, string> = {};
      const version = await config.makeApiClient(VersionApi).getCode().catch(() => undefined);
      if (version) versions.kubernetes = version.gitVersion;

      const imageId = executorStatus(lastPod)?.imageID;
      if (imageId) versions.executorImageId = imageId;

      // The image's labels are readable only where the same image is on a local Docker Engine, as
      // with kind or the test stand-in. The matching image id proves it is the one the pod ran.
      const local = docker ? await readExecutorVersion(docker, settings.executorImage).catch(() => undefined) : undefined;
      if (local && imageId?.includes(local.imageId.replace(/^sha256:/, ""))) {
        if (local.version) versions.executor = local.version;
        if (local.module) versions.executorModule = local.module;
      }
      return versions;
    },

    async stop(): Promise<void> {
      await deletePod();
    },

    async remove(): Promise<void> {
      removing = true;
      await deletePod();
      const giveUpAt = Date.now() + POD_REMOVAL_TIMEOUT_MS;
      for (;;) {
        try {
          await core.readNamespacedPod({ name, namespace });
        } catch (error) {
          if (error instanceof ApiException && error.code === 404) return;
          throw error;
        }
        if (Date.now() > giveUpAt) throw new Error(`the build pod ${namespace}/${name} was still present ${POD_REMOVAL_TIMEOUT_MS / 1000} s after its deletion`);
        await sleep(POD_POLL_MS);
      }
    },
  };
}

function tryLoad(settings: KanikoSettings): LoadedKubeConfig | { available: false; reason: string; fix: string } {
  let loaded: LoadedKubeConfig | undefined;
  try {
    loaded = loadKubeConfig(settings.kubeconfigPath);
  } catch (error) {
    return {
      available: false,
      reason: `The kubeconfig at ${settings.kubeconfigPath ?? "~/.kube/config"} could not be read: ${(error as Error).message}.`,
      fix: "Point KUBECONFIG at a valid kubeconfig file.",
    };
  }
  if (!loaded) {
    return {
      available: false,
      reason: "No kubeconfig was found: KUBECONFIG is unset, ~/.kube/config does not exist, and Buildlab does not run in a pod.",
      fix: "Set KUBECONFIG to the kubeconfig of a cluster (kind, k3s or managed), or run Buildlab in the cluster with a service account.",
    };
  }
  if (!loaded.config.getCurrentCluster()) {
    return {
      available: false,
      reason: `The kubeconfig from ${loaded.source} has no current context with a cluster.`,
      fix: "Set current-context in the kubeconfig, or run `kubectl config use-context NAME`.",
    };
  }
  return loaded;
}

function executorStatus(pod: V1Pod): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find((status) => status.name === EXECUTOR_CONTAINER);
}

function startTimeoutMessage(pod: V1Pod, settings: KanikoSettings): string {
  const seconds = settings.podStartTimeoutSeconds;
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === "PodScheduled");
  if (scheduled?.status === "False") {
    const memory = Math.round(settings.memoryBytes / 1024 / 1024);
    return (
      `The build pod could not be scheduled within ${seconds} s (${scheduled.reason ?? "not scheduled"}): ${scheduled.message ?? "no message"}. ` +
      `Lower BUILDLAB_KANIKO_MEMORY_BYTES or BUILDLAB_KANIKO_CPUS (now ${memory} MiB and ${settings.cpus} CPUs), or add capacity to the cluster.`
    );
  }

  const waiting = executorStatus(pod)?.state?.waiting;
  const secretHint = settings.registrySecret
    ? ` A missing Secret "${settings.registrySecret}" (BUILDLAB_KUBE_REGISTRY_SECRET) in namespace "${settings.namespace}" keeps a pod in ContainerCreating.`
    : "";
  return (
    `The build pod did not start within ${seconds} s; its executor was still waiting (${waiting?.reason ?? pod.status?.phase ?? "unknown"}` +
    `${waiting?.message ? `: ${waiting.message}` : ""}).${secretHint} Raise BUILDLAB_KUBE_POD_START_TIMEOUT_SECONDS if image pulls are slow.`
  );
}

function describeCreateError(error: unknown, settings: KanikoSettings, source: string): Error {
  const message = apiErrorMessage(error);
  const code = error instanceof ApiException ? error.code : undefined;
  if (code === 404) {
    return new ExecutorFailure(`Namespace "${settings.namespace}" was not found (${message}). Create it (kubectl create namespace ${settings.namespace}) or set BUILDLAB_KUBE_NAMESPACE.`);
  }
  if (code === 401 || code === 403) {
    return new ExecutorFailure(`Creating a pod in namespace "${settings.namespace}" was rejected (${message}). Bind the Role described in the README to the user of ${source}.`);
  }
  if (code === 409) {
    return new ExecutorFailure(`A build pod of this run already exists (${message}); Buildlab removes leftover pods at its next start.`);
  }
  if (code === 400 || code === 422) {
    return new ExecutorFailure(`The API server rejected the build pod: ${message}`);
  }
  return new Error(`creating the build pod in namespace "${settings.namespace}" failed: ${message}`);
}

/** Reads the message of a Kubernetes Status error body, or of any other error. */
function apiErrorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    let body: unknown = error.body;
    if (typeof body === "string") {
      const text = body;
      try {
        body = JSON.parse(text);
      } catch {
        return `HTTP ${error.code}: ${text.slice(0, 300)}`;
      }
    }
    const status = body as { message?: string } | undefined;
    return status?.message ? `HTTP ${error.code}: ${status.message}` : `HTTP ${error.code}`;
  }
  return (error as Error)?.message ?? String(error);
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof ApiException && error.code === 404)) throw error;
}

async function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${milliseconds / 1000} s`)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Orders two RFC 3339 timestamps with fractional seconds of any length, as the kubelet writes them. */
export function compareTimestamps(left: string, right: string): number {
  const split = (stamp: string): [number, number] => {
    const match = /^(.*?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(stamp);
    if (!match) return [Date.parse(stamp) || 0, 0];
    return [Date.parse(`${match[1]}${match[3]}`), Number((match[2] ?? "").padEnd(9, "0").slice(0, 9))];
  };
  const [leftSeconds, leftNanos] = split(left);
  const [rightSeconds, rightNanos] = split(right);
  return leftSeconds - rightSeconds || leftNanos - rightNanos;
}
