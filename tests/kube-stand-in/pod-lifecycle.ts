import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { pack } from "tar-stream";
import { parseQuantity } from "./parse-quantity";
import { podRequests, schedulePod, type ResourceAmounts, type StandInNode } from "./schedule-pod";
import type { ContainerRecord, ContainerState, PodCondition, PodObject, PodRecord, StoredObject } from "./stand-in-types";

/** Label on every Docker container the stand-in creates; its value is the stand-in's instance id. */
export const LABEL_STAND_IN = "org.buildlab.kube-stand-in";

// The kubelet caps a termination message at 4096 bytes, and a message taken from the log at 2048
// bytes or 80 lines: https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/
const TERMINATION_MESSAGE_MAX_BYTES = 4096;
const FALLBACK_LOG_LINES = 80;
const FALLBACK_LOG_MAX_BYTES = 2048;

export interface PodLifecycleContext {
  docker: Docker;
  node: StandInNode;
  instanceId: string;
  workDir: string;
  imagePullBackOffAfterMs: number;
  pods: () => Iterable<PodRecord>;
  findObject: (kind: "Secret" | "ConfigMap", namespace: string, name: string) => StoredObject | undefined;
  /** Marks a change of the pod, so its resourceVersion moves on. */
  touch: (record: PodRecord) => void;
  /** Drops a deleted pod from the store once its containers are gone. */
  forget: (record: PodRecord) => void;
}

/** Kubernetes' timestamps are RFC 3339 to the second. */
export function kubeTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Runs pods the way the scheduler and a kubelet would, with each container on the local Docker
 * Engine: scheduling against one node, image checks without pulls, volumes from Secrets and
 * ConfigMaps, activeDeadlineSeconds, and container states read back from the engine.
 */
export function createPodLifecycle(context: PodLifecycleContext) {
  const { docker } = context;

  function setCondition(record: PodRecord, type: string, status: PodCondition["status"], reason?: string, message?: string): void {
    const conditions = record.object.status.conditions;
    const existing = conditions.find((condition) => condition.type === type);
    const next: PodCondition = {
      type,
      status,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      lastProbeTime: null,
      lastTransitionTime: existing && existing.status === status ? existing.lastTransitionTime : kubeTime(),
    };
    if (existing) conditions.splice(conditions.indexOf(existing), 1, next);
    else conditions.push(next);
  }

  function setContainerState(record: PodRecord, name: string, state: ContainerState, extra: Partial<PodObject["status"]["containerStatuses"][number]> = {}): void {
    const status = record.object.status.containerStatuses.find((entry) => entry.name === name);
    if (!status) return;
    Object.assign(status, extra, { state });
    context.touch(record);
  }

  function isFinished(record: PodRecord): boolean {
    return record.object.status.phase === "Succeeded" || record.object.status.phase === "Failed";
  }

  function requestedOnNode(except: PodRecord): ResourceAmounts {
    const total = { cpu: 0, memoryBytes: 0 };
    for (const record of context.pods()) {
      if (record === except || record.deleted || !record.object.spec.nodeName || isFinished(record)) continue;
      const requests = podRequests(record.object.spec);
      total.cpu += requests.cpu;
      total.memoryBytes += requests.memoryBytes;
    }
    return total;
  }

  /** Binds a pending pod to the node when it fits, and starts it; otherwise marks it Unschedulable. */
  function trySchedule(record: PodRecord): void {
    if (record.deleted || record.object.spec.nodeName) return;

    const decision = schedulePod(record.object.spec, context.node, requestedOnNode(record));
    if (!decision.scheduled) {
      setCondition(record, "PodScheduled", "False", "Unschedulable", decision.message);
      context.touch(record);
      return;
    }

    record.object.spec.nodeName = context.node.name;
    setCondition(record, "PodScheduled", "True");
    context.touch(record);
    record.run = runOnNode(record).catch((error: Error) => {
      console.error(`[kube-stand-in] running pod ${record.object.metadata.name} failed: ${error.message}`);
    });
  }

  /** Tries every pending pod again, as the scheduler does when resources are freed. */
  function schedulePending(): void {
    for (const record of context.pods()) {
      if (!record.deleted && !record.object.spec.nodeName) trySchedule(record);
    }
  }

  async function runOnNode(record: PodRecord): Promise<void> {
    const pod = record.object;
    pod.status.startTime = kubeTime();
    pod.status.hostIP = "127.0.0.1";
    pod.status.podIP = "127.0.0.1";
    setCondition(record, "Initialized", "True");
    setCondition(record, "Ready", "False", "ContainersNotReady", "containers with unready status: [" + pod.spec.containers.map((c: { name: string }) => c.name).join(" ") + "]");
    setCondition(record, "ContainersReady", "False", "ContainersNotReady");
    context.touch(record);

    const deadline = pod.spec.activeDeadlineSeconds;
    if (typeof deadline === "number") {
      record.timers.push(setTimeout(() => void exceedDeadline(record), deadline * 1000));
    }

    await Promise.all(pod.spec.containers.map((spec: ContainerSpec) => runContainer(record, spec)));
  }

  async function runContainer(record: PodRecord, spec: ContainerSpec): Promise<void> {
    const pod = record.object;
    const entry = record.containers.get(spec.name)!;

    const files = collectVolumeFiles(record, spec);
    if (!files) return; // Like the kubelet, the container waits in ContainerCreating while a volume's source is missing.

    const image = await inspectImage(spec.image);
    if (record.deleted || isFinished(record)) return;
    if (!image) {
      reportImagePullFailure(record, spec);
      return;
    }

    let container: Docker.Container;
    try {
      container = await docker.createContainer(dockerOptions(record, spec, entry));
    } catch (error) {
      setContainerState(record, spec.name, { waiting: { reason: "CreateContainerError", message: (error as Error).message } });
      return;
    }
    entry.id = container.id;
    entry.container = container;
    if (record.deleted || isFinished(record)) {
      await removeContainer(entry);
      return;
    }

    if (files.length > 0) await container.putArchive(toTar(files), { path: "/" });

    try {
      await container.start();
    } catch (error) {
      setContainerState(record, spec.name, {
        terminated: { exitCode: 128, reason: "StartError", message: (error as Error).message, finishedAt: kubeTime(), containerID: `docker://${container.id}` },
      });
      entry.exitCode = 128;
      entry.markExited();
      finishIfDone(record);
      return;
    }

    const startedAt = kubeTime();
    setContainerState(record, spec.name, { running: { startedAt } }, {
      ready: true,
      started: true,
      containerID: `docker://${container.id}`,
      imageID: `docker://${image.Id}`,
    });
    if (pod.status.phase === "Pending") pod.status.phase = "Running";
    if (pod.status.containerStatuses.every((status) => "running" in status.state)) {
      setCondition(record, "Ready", "True");
      setCondition(record, "ContainersReady", "True");
    }
    context.touch(record);

    await container.wait().catch(() => undefined);
    await recordTermination(record, spec, entry, startedAt);
  }

  async function recordTermination(record: PodRecord, spec: ContainerSpec, entry: ContainerRecord, startedAt: string): Promise<void> {
    const container = entry.container!;
    const inspect = await container.inspect().catch(() => undefined);
    const exitCode = inspect?.State.ExitCode ?? 137;
    const oomKilled = inspect?.State.OOMKilled ?? false;
    let message = await readFile(entry.terminationFile, "utf8").then((text) => text.slice(0, TERMINATION_MESSAGE_MAX_BYTES)).catch(() => "");
    if (!message && exitCode !== 0 && spec.terminationMessagePolicy === "FallbackToLogsOnError") {
      message = await lastLogLines(container);
    }

    entry.exitCode = exitCode;
    setContainerState(record, spec.name, {
      terminated: {
        exitCode,
        reason: oomKilled ? "OOMKilled" : exitCode === 0 ? "Completed" : "Error",
        ...(message ? { message } : {}),
        startedAt,
        finishedAt: inspect?.State.FinishedAt ? kubeTime(new Date(inspect.State.FinishedAt)) : kubeTime(),
        containerID: `docker://${container.id}`,
      },
    }, { ready: false, started: false });
    entry.markExited();
    finishIfDone(record);
  }

  function finishIfDone(record: PodRecord): void {
    const pod = record.object;
    if (![...record.containers.values()].every((entry) => entry.exitCode !== undefined)) return;

    if (!isFinished(record)) {
      pod.status.phase = [...record.containers.values()].every((entry) => entry.exitCode === 0) ? "Succeeded" : "Failed";
    }
    setCondition(record, "Ready", "False", "PodCompleted");
    setCondition(record, "ContainersReady", "False", "PodCompleted");
    clearTimers(record);
    context.touch(record);
    schedulePending();
  }

  /** Fails the pod as the kubelet does when activeDeadlineSeconds has passed, stopping its containers. */
  async function exceedDeadline(record: PodRecord): Promise<void> {
    if (record.deleted || isFinished(record)) return;

    record.object.status.phase = "Failed";
    record.object.status.reason = "DeadlineExceeded";
    record.object.status.message = "Pod was active on the node longer than the specified deadline";
    context.touch(record);
    for (const entry of record.containers.values()) {
      if (entry.container) await entry.container.kill().catch(() => undefined);
      else entry.markExited();
    }
    schedulePending();
  }

  function reportImagePullFailure(record: PodRecord, spec: ContainerSpec): void {
    if (spec.imagePullPolicy === "Never") {
      setContainerState(record, spec.name, {
        waiting: { reason: "ErrImageNeverPull", message: `Container image "${spec.image}" is not present with pull policy of Never` },
      });
      return;
    }

    setContainerState(record, spec.name, {
      waiting: {
        reason: "ErrImagePull",
        message: `Failed to pull image "${spec.image}": the image is not on the stand-in's Docker Engine, and the stand-in never pulls`,
      },
    });
    record.timers.push(
      setTimeout(() => {
        if (record.deleted || isFinished(record)) return;
        setContainerState(record, spec.name, { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${spec.image}"` } });
      }, context.imagePullBackOffAfterMs),
    );
  }

  /** Files to place in the container for its Secret and ConfigMap volumes; undefined while a source is missing. */
  function collectVolumeFiles(record: PodRecord, spec: ContainerSpec): VolumeFile[] | undefined {
    const files: VolumeFile[] = [];
    for (const mount of spec.volumeMounts ?? []) {
      const volume = (record.object.spec.volumes ?? []).find((entry: { name: string }) => entry.name === mount.name);
      if (!volume || volume.emptyDir) continue;

      const source = volume.secret
        ? context.findObject("Secret", record.object.metadata.namespace, volume.secret.secretName)
        : context.findObject("ConfigMap", record.object.metadata.namespace, volume.configMap.name);
      const optional = (volume.secret ?? volume.configMap).optional === true;
      if (!source) {
        if (optional) continue;
        return undefined;
      }

      const entries = volume.secret ? decodeSecretData(source) : decodeConfigMapData(source);
      const items: { key: string; path: string; mode?: number }[] =
        (volume.secret ?? volume.configMap).items ?? Object.keys(entries).map((key) => ({ key, path: key }));
      const defaultMode: number = (volume.secret ?? volume.configMap).defaultMode ?? 0o644;
      for (const item of items) {
        const content = entries[item.key];
        if (content === undefined) return undefined;
        files.push({ path: path.posix.join(mount.mountPath, item.path), content, mode: item.mode ?? defaultMode });
      }
    }
    return files;
  }

  function dockerOptions(record: PodRecord, spec: ContainerSpec, entry: ContainerRecord): Docker.ContainerCreateOptions {
    const pod = record.object;
    const limits = spec.resources?.limits ?? {};
    const security = { ...pod.spec.securityContext, ...spec.securityContext };
    const tmpfs: Record<string, string> = {};
    for (const mount of spec.volumeMounts ?? []) {
      const volume = (pod.spec.volumes ?? []).find((candidate: { name: string }) => candidate.name === mount.name);
      if (volume?.emptyDir) tmpfs[mount.mountPath] = "";
    }
    const memory = limits.memory !== undefined ? Math.floor(parseQuantity(limits.memory)) : undefined;
    const user = security.runAsUser !== undefined ? `${security.runAsUser}${security.runAsGroup !== undefined ? `:${security.runAsGroup}` : ""}` : undefined;

    return {
      name: `k8s_${spec.name}_${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid.slice(0, 8)}`,
      Image: spec.image,
      ...(spec.command ? { Entrypoint: spec.command } : {}),
      ...(spec.args ? { Cmd: spec.args } : {}),
      Env: (spec.env ?? []).map((variable: { name: string; value?: string }) => `${variable.name}=${variable.value ?? ""}`),
      ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
      ...(user ? { User: user } : {}),
      Tty: spec.tty === true,
      OpenStdin: spec.stdin === true,
      StdinOnce: spec.stdinOnce === true,
      AttachStdin: spec.stdin === true,
      Labels: {
        [LABEL_STAND_IN]: context.instanceId,
        "io.kubernetes.pod.name": pod.metadata.name,
        "io.kubernetes.pod.namespace": pod.metadata.namespace,
        "io.kubernetes.pod.uid": pod.metadata.uid,
        "io.kubernetes.container.name": spec.name,
      },
      HostConfig: {
        // There is no pod network here: containers share the host's network, which is how they
        // reach the lab registry on 127.0.0.1.
        NetworkMode: "host",
        ...(memory !== undefined ? { Memory: memory, MemorySwap: memory } : {}),
        ...(limits.cpu !== undefined ? { NanoCpus: Math.round(parseQuantity(limits.cpu) * 1e9) } : {}),
        Privileged: security.privileged === true,
        ReadonlyRootfs: security.readOnlyRootFilesystem === true,
        CapAdd: security.capabilities?.add ?? [],
        CapDrop: security.capabilities?.drop ?? [],
        SecurityOpt: security.allowPrivilegeEscalation === false ? ["no-new-privileges"] : [],
        Binds: [`${entry.terminationFile}:${spec.terminationMessagePath}`],
        Tmpfs: tmpfs,
      },
    };
  }

  async function inspectImage(image: string): Promise<Docker.ImageInspectInfo | undefined> {
    try {
      return await docker.getImage(image).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async function lastLogLines(container: Docker.Container): Promise<string> {
    const output = (await container.logs({ stdout: true, stderr: true, follow: false, tail: FALLBACK_LOG_LINES })) as Buffer;
    const text = stripDockerFrames(output);
    return text.slice(-FALLBACK_LOG_MAX_BYTES);
  }

  async function removeContainer(entry: ContainerRecord): Promise<void> {
    if (entry.container) {
      await entry.container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
    }
    await rm(entry.terminationFile, { force: true });
    entry.markExited();
  }

  function clearTimers(record: PodRecord): void {
    for (const timer of record.timers) clearTimeout(timer);
    record.timers = [];
  }

  return {
    /** Prepares a new pod's records and tries to schedule it. */
    async admit(record: PodRecord): Promise<void> {
      for (const spec of record.object.spec.containers as ContainerSpec[]) {
        const entry = record.containers.get(spec.name)!;
        await writeFile(entry.terminationFile, "", { mode: 0o666 });
      }
      trySchedule(record);
    },

    /** Deletes a pod: stops its timers, force-removes its containers, then drops it from the store. */
    delete(record: PodRecord): Promise<void> {
      if (record.removal) return record.removal;
      record.deleted = true;
      clearTimers(record);
      record.removal = (async () => {
        const removeAll = () => Promise.all([...record.containers.values()].map(removeContainer));
        await removeAll();
        // A container created while the first removal ran is removed once the pod's run settles.
        await record.run;
        await removeAll();
        context.forget(record);
        schedulePending();
      })();
      return record.removal;
    },

    newContainerRecord(record: Pick<PodRecord, "object">, name: string): ContainerRecord {
      let markExited!: () => void;
      const exited = new Promise<void>((resolve) => {
        markExited = resolve;
      });
      const fileName = `${record.object.metadata.uid}-${name}.termination-log`;
      return { name, terminationFile: path.join(context.workDir, fileName), exited, markExited };
    },
  };
}

export type PodLifecycle = ReturnType<typeof createPodLifecycle>;

/* eslint-disable @typescript-eslint/no-explicit-any */
type ContainerSpec = any;

interface VolumeFile {
  path: string;
  content: Buffer;
  mode: number;
}

function decodeSecretData(secret: StoredObject): Record<string, Buffer> {
  const entries: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) entries[key] = Buffer.from(value as string, "base64");
  return entries;
}

function decodeConfigMapData(configMap: StoredObject): Record<string, Buffer> {
  const entries: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(configMap.data ?? {})) entries[key] = Buffer.from(value as string, "utf8");
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) entries[key] = Buffer.from(value as string, "base64");
  return entries;
}

function toTar(files: VolumeFile[]): NodeJS.ReadableStream {
  const archive = pack();
  const directories = new Set<string>();
  for (const file of files) {
    const parts = file.path.replace(/^\/+/, "").split("/").slice(0, -1);
    for (let index = 1; index <= parts.length; index += 1) {
      const directory = parts.slice(0, index).join("/");
      if (directories.has(directory)) continue;
      directories.add(directory);
      archive.entry({ name: `${directory}/`, type: "directory", mode: 0o755 });
    }
    archive.entry({ name: file.path.replace(/^\/+/, ""), mode: file.mode }, file.content);
  }
  archive.finalize();
  return archive as unknown as NodeJS.ReadableStream;
}

/** Removes the 8-byte headers of Docker's multiplexed log stream, keeping stdout and stderr in order. */
export function stripDockerFrames(output: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= output.length) {
    const length = output.readUInt32BE(offset + 4);
    chunks.push(output.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(chunks).toString("utf8");
}
