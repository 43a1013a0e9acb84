import type Docker from "dockerode";
import { buildDaemonContainerSpec, FALLBACK_FLAGS } from "./build-daemon-container-spec";
import { connectInnerDaemon } from "./connect-inner-daemon";
import { describeMissingDaemonImage, inspectDaemonImage } from "./inspect-daemon-image";
import { isPrivilegedRejected } from "./is-privileged-rejected";
import type { DindSettings } from "./read-dind-settings";
import { waitForInnerDaemon } from "./wait-for-inner-daemon";

export interface StartInnerDaemonOptions {
  outer: Docker;
  settings: DindSettings;
  containerName: string;
  labels: Record<string, string>;
  volumeName: string;
  /**
   * Host folder bind-mounted on /run/buildlab: the inner daemon's unix socket for the "socket"
   * transport, and the registry forward's socket.
   */
  socketDir?: string;
  signal: AbortSignal;
  log: (text: string) => void;
  /** Receives facts for BuildResult.notes as they happen, so that a later failure keeps them. */
  notes: string[];
}

/** A running inner daemon: its container on the outer engine and a client of the daemon itself. */
export interface InnerDaemon {
  container: Docker.Container;
  client: Docker;
  endpoint: string;
  /** The daemon container as created and started, after any fallback from privileged mode. */
  inspect: Docker.ContainerInspectInfo;
  /** Id of the daemon image, such as "sha256:...". */
  imageId: string;
  privileged: boolean;
}

/**
 * Starts the daemon container in privileged mode and waits until the inner daemon responds. When the
 * host rejects privileged mode, removes that container and starts one with the explicit fallback set.
 * Never pulls the daemon image. A container left by a failure here carries the run's labels, and
 * the caller's cleanup removes it.
 *
 * NOTE: the lab machines reject privileged mode, so only the fallback has run there. The
 * privileged container spec is covered by unit tests alone.
 */
export async function startInnerDaemon(options: StartInnerDaemonOptions): Promise<InnerDaemon> {
  const { outer, settings, signal, log } = options;

  const image = await inspectDaemonImage(outer, settings.image);
  if (!image) {
    const missing = describeMissingDaemonImage(settings.image);
    throw new Error(`${missing.reason} ${missing.fix}`);
  }
  signal.throwIfAborted();

  let privileged = true;
  const container = await createAndStart(options, privileged).catch(async (error: unknown) => {
    if (!isPrivilegedRejected(error)) throw error;

    const reason = firstLine(error);
    log(`The host rejected privileged mode (${reason}); starting the daemon container with ${FALLBACK_FLAGS}`);
    options.notes.push(`privileged-fallback: host rejected privileged mode (${reason}); ran with ${FALLBACK_FLAGS}`);
    await outer.getContainer(options.containerName).remove({ force: true });
    signal.throwIfAborted();

    privileged = false;
    return createAndStart(options, privileged);
  });

  const connection = connectInnerDaemon(settings.transport, options.socketDir);
  await waitForInnerDaemon({
    client: connection.client,
    endpoint: connection.endpoint,
    container,
    image: settings.image,
    timeoutMs: settings.startTimeoutMs,
    signal,
  });
  log(`The inner Docker daemon responds on ${connection.endpoint}`);

  return {
    container,
    client: connection.client,
    endpoint: connection.endpoint,
    inspect: await container.inspect(),
    imageId: image.Id,
    privileged,
  };
}

async function createAndStart(options: StartInnerDaemonOptions, privileged: boolean): Promise<Docker.Container> {
  const spec = buildDaemonContainerSpec({
    image: options.settings.image,
    name: options.containerName,
    labels: options.labels,
    volumeName: options.volumeName,
    transport: options.settings.transport,
    network: options.settings.network,
    socketDir: options.socketDir,
    privileged,
    socketGroupId: process.getgid?.(),
    cgroupParent: options.containerName,
    limits: options.settings.limits,
  });
  const container = await options.outer.createContainer(spec);
  await container.start();
  return container;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /unable to apply caps[^\n]*/i.exec(message);
  return (match ? match[0] : message.split("\n")[0]).replace(/:\s*unknown\s*$/i, "").trim();
}
