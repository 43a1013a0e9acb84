import type { Readable } from "node:stream";
import type { Availability, Workload } from "../types";

/** Runner of the executor: a pod through the Kubernetes API, or a container on the local Docker Engine. */
export type KanikoMode = "kubernetes" | "docker";

export interface ExecutorLaunch {
  /** Name of the pod or container, unique per run. */
  name: string;
  args: string[];
  labels: Record<string, string>;
}

/** End state of the executor. */
export type ExecutorEnd =
  | { kind: "exited"; exitCode: number }
  | { kind: "oom-killed"; exitCode?: number }
  | { kind: "deadline-exceeded"; seconds: number };

/** One executor's pod or container, from creation to removal. */
export interface ExecutorSession {
  /** Waits until the executor runs; throws ExecutorFailure when it cannot start. */
  waitUntilRunning(signal: AbortSignal): Promise<void>;
  /** Streams the executor's output lines with the runtime's timestamps until the output ends. */
  followLog(onLine: (line: string, stream: "stdout" | "stderr") => void): Promise<void>;
  /** Writes the gzipped context tar to the executor's stdin, then closes stdin. */
  sendContext(context: Readable): Promise<void>;
  waitForEnd(): Promise<ExecutorEnd>;
  /** Reads the manifest digest the executor wrote to its --digest-file. */
  readDigest(): Promise<string | undefined>;
  /** Returns the workload that really ran, for the security view: the pod as created, or the inspected container. */
  describeWorkload(): Promise<Workload>;
  /** Versions of the executor and of what ran it. */
  readVersions(): Promise<Record<string, string>>;
  /** Stops the executor at once, for a cancelled run. */
  stop(): Promise<void>;
  /** Deletes the pod or container and waits until it is gone. */
  remove(): Promise<void>;
}

/** The part of the Kaniko strategy that differs between Kubernetes and Docker. */
export interface KanikoRunner {
  readonly mode: KanikoMode;
  /** Path inside the executor's container for --digest-file. */
  readonly digestPath: string;
  checkAvailability(): Promise<Availability>;
  /** Creates the pod or container; throws ExecutorFailure, with nothing created, when it cannot. */
  create(launch: ExecutorLaunch): Promise<ExecutorSession>;
  /** Removes pods or containers of runs that are not in `liveRunIds`; returns their names. */
  removeLeftovers(liveRunIds: ReadonlySet<string>): Promise<string[]>;
}

/** A build failure that a user can act on, such as a missing executor image; it becomes a failed result. */
export class ExecutorFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExecutorFailure";
  }
}
