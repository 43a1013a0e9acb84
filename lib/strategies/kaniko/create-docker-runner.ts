import type { Duplex, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type Docker from "dockerode";
import { extract } from "tar-stream";
import { LABEL_RUN, type Availability, type Workload } from "../types";
import { ExecutorFailure, type ExecutorEnd, type ExecutorLaunch, type ExecutorSession, type KanikoRunner } from "./kaniko-runner";
import { isLoopbackRegistry, KANIKO_ROLE_EXECUTOR, KANIKO_ROLE_VERSION_PROBE, LABEL_KANIKO_ROLE, type KanikoSettings } from "./kaniko-settings";
import { readExecutorVersion } from "./read-executor-version";
import { createLineSplitter, demultiplexDockerStream } from "./split-lines";

const DIGEST_PATH = "/kaniko/digest";
const PROBE_STALE_AFTER_SECONDS = 300;

/** Runs the executor as a container on the local Docker Engine. */
export function createDockerRunner(docker: Docker, settings: KanikoSettings): KanikoRunner {
  return {
    mode: "docker",
    digestPath: DIGEST_PATH,

    async checkAvailability(): Promise<Availability> {
      let engine: Docker.DockerVersion;
      try {
        engine = await docker.version();
      } catch (error) {
        return {
          available: false,
          reason: `The Docker Engine is not reachable: ${(error as Error).message}.`,
          fix: "Start dockerd, or set DOCKER_HOST to a running Docker Engine.",
        };
      }

      const executor = await readExecutorVersion(docker, settings.executorImage);
      if (!executor) {
        return { available: false, reason: missingImageMessage(settings.executorImage), fix: missingImageFix() };
      }
      return {
        available: true,
        versions: {
          engine: engine.Version,
          api: engine.ApiVersion,
          executorImage: settings.executorImage,
          ...(executor.version ? { executor: executor.version } : {}),
        },
      };
    },

    async create(launch: ExecutorLaunch): Promise<ExecutorSession> {
      const executor = await readExecutorVersion(docker, settings.executorImage);
      if (!executor) throw new ExecutorFailure(`${missingImageMessage(settings.executorImage)} ${missingImageFix()}`);

      let container: Docker.Container;
      try {
        container = await docker.createContainer(containerOptions(launch, settings));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) {
          throw new ExecutorFailure(`${missingImageMessage(settings.executorImage)} ${missingImageFix()}`);
        }
        throw error;
      }

      // Attaching before the start means no byte of the context can be missed.
      const stdin = (await container.attach({ stream: true, hijack: true, stdin: true, stdout: false, stderr: false })) as unknown as Duplex;
      return createDockerSession(docker, container, stdin, settings, executor);
    },

    async removeLeftovers(liveRunIds: ReadonlySet<string>): Promise<string[]> {
      const containers = await docker.listContainers({ all: true, filters: { label: [LABEL_KANIKO_ROLE] } });
      const removed: string[] = [];
      for (const info of containers) {
        const role = info.Labels[LABEL_KANIKO_ROLE];
        // A version probe lives for a second or two, so one older than a few minutes was left behind.
        const staleProbe = role === KANIKO_ROLE_VERSION_PROBE && Date.now() / 1000 - info.Created > PROBE_STALE_AFTER_SECONDS;
        const stale = role === KANIKO_ROLE_EXECUTOR ? !liveRunIds.has(info.Labels[LABEL_RUN]) : staleProbe;
        if (!stale) continue;

        await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(ignoreNotFound);
        removed.push(`container ${info.Names[0]?.replace(/^\//, "") ?? info.Id.slice(0, 12)}`);
      }
      return removed;
    },
  };
}

function containerOptions(launch: ExecutorLaunch, settings: KanikoSettings): Docker.ContainerCreateOptions {
  return {
    name: launch.name,
    Image: settings.executorImage,
    Cmd: launch.args,
    Labels: launch.labels,
    // The context arrives on stdin (--context=tar://stdin); StdinOnce closes it when the client
    // closes its side, which is the end of the context for the executor.
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    Tty: false,
    HostConfig: {
      // The lab registry listens on 127.0.0.1:5000 only, which a container on a bridge network
      // cannot reach, so the host network is used when the registry is on the loopback interface.
      NetworkMode: isLoopbackRegistry(settings.registry) ? "host" : "bridge",
      Memory: settings.memoryBytes,
      MemorySwap: settings.memoryBytes,
      NanoCpus: Math.round(settings.cpus * 1e9),
      Privileged: false,
      SecurityOpt: ["no-new-privileges"],
    },
  };
}

function createDockerSession(
  docker: Docker,
  container: Docker.Container,
  stdin: Duplex,
  settings: KanikoSettings,
  executor: { imageId: string; version?: string; module?: string },
): ExecutorSession {
  let deadlineExceeded = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let lastInspect: Docker.ContainerInspectInfo | undefined;

  return {
    async waitUntilRunning(): Promise<void> {
      try {
        await container.start();
      } catch (error) {
        throw new ExecutorFailure(`The executor container could not start: ${(error as Error).message}`);
      }
      deadlineTimer = setTimeout(() => {
        deadlineExceeded = true;
        void container.kill().catch(() => undefined);
      }, settings.deadlineSeconds * 1000);
    },

    async followLog(onLine): Promise<void> {
      const stream = (await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true })) as unknown as NodeJS.ReadableStream;
      const stdout = createLineSplitter((line) => onLine(line, "stdout"));
      const stderr = createLineSplitter((line) => onLine(line, "stderr"));
      await new Promise<void>((resolve) => {
        demultiplexDockerStream(stream, (payload) => stdout.write(payload), (payload) => stderr.write(payload));
        stream.on("end", resolve);
        stream.on("close", resolve);
        stream.on("error", resolve);
      });
      stdout.flush();
      stderr.flush();
    },

    async sendContext(context: Readable): Promise<void> {
      // Ending the hijacked connection half-closes it, and Docker then closes the container's stdin.
      await pipeline(context, stdin);
    },

    async waitForEnd(): Promise<ExecutorEnd> {
      await container.wait();
      clearTimeout(deadlineTimer);
      lastInspect = await container.inspect();
      if (deadlineExceeded) return { kind: "deadline-exceeded", seconds: settings.deadlineSeconds };
      if (lastInspect.State.OOMKilled) return { kind: "oom-killed", exitCode: lastInspect.State.ExitCode };
      return { kind: "exited", exitCode: lastInspect.State.ExitCode };
    },

    async readDigest(): Promise<string | undefined> {
      let archive: NodeJS.ReadableStream;
      try {
        archive = await container.getArchive({ path: DIGEST_PATH });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
      const content = await readSingleFile(archive);
      const digest = content.trim();
      return /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
    },

    async describeWorkload(): Promise<Workload> {
      const inspect = lastInspect ?? (await container.inspect());
      return {
        kind: "docker-container",
        role: "builder",
        inspect,
        ...(inspect.HostConfig.NetworkMode === "host"
          ? { note: "Host network only to reach the lab registry on 127.0.0.1; a registry elsewhere gets the default bridge network." }
          : {}),
      };
    },

    async readVersions(): Promise<Record<string, string>> {
      const engine = await docker.version();
      return {
        engine: engine.Version,
        api: engine.ApiVersion,
        executorImageId: executor.imageId,
        ...(executor.version ? { executor: executor.version } : {}),
        ...(executor.module ? { executorModule: executor.module } : {}),
      };
    },

    async stop(): Promise<void> {
      await container.kill().catch(() => undefined);
    },

    async remove(): Promise<void> {
      clearTimeout(deadlineTimer);
      stdin.destroy();
      await container.remove({ force: true, v: true }).catch(ignoreNotFound);
    },
  };
}

function readSingleFile(archive: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = extract();
    const chunks: Buffer[] = [];
    reader.on("entry", (_header, stream, next) => {
      stream.on("data", (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on("end", next);
    });
    reader.on("finish", () => resolve(Buffer.concat(chunks).toString("utf8")));
    reader.on("error", reject);
    archive.pipe(reader);
  });
}

function ignoreNotFound(error: { statusCode?: number }): void {
  if (error.statusCode !== 404) throw error;
}

function missingImageMessage(image: string): string {
  return `The executor image "${image}" is not on the Docker Engine, and Buildlab never pulls it.`;
}

function missingImageFix(): string {
  return "Build or load the image on this engine (scripts/start.sh makes the lab's), or set BUILDLAB_KANIKO_IMAGE to an image the engine has.";
}
