import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { pingWithSignal } from "./ping-with-signal";
import { formatLogTail, readDaemonLogTail } from "./read-daemon-log-tail";

export interface WaitForInnerDaemonOptions {
  /** Client of the inner daemon. */
  client: Docker;
  endpoint: string;
  /** The daemon container on the outer engine, watched for an early exit and read for its logs. */
  container: Docker.Container;
  image: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Pause between two /_ping attempts. */
  intervalMs?: number;
  now?: () => number;
}

// One attempt waits at most this long, so a connection that hangs cannot outlast the timeout by much.
const PING_ATTEMPT_TIMEOUT_MS = 2_000;

/**
 * Polls `/_ping` on the inner daemon until it responds. Fails at once when the daemon container
 * exits, and after `timeoutMs` otherwise, both with the daemon's last log lines; rejects with the
 * signal's reason when the signal aborts.
 */
export async function waitForInnerDaemon(options: WaitForInnerDaemonOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = now() + options.timeoutMs;

  for (;;) {
    options.signal.throwIfAborted();

    const attemptSignal = AbortSignal.any([options.signal, AbortSignal.timeout(PING_ATTEMPT_TIMEOUT_MS)]);
    try {
      await pingWithSignal(options.client, attemptSignal);
      return;
    } catch {
      options.signal.throwIfAborted();
    }

    const state = (await options.container.inspect()).State;
    if (!state.Running) {
      const logs = await readDaemonLogTail(options.container);
      throw new Error(
        `The inner Docker daemon exited with code ${state.ExitCode} before responding to /_ping on ${options.endpoint}; ` +
          `check that the image "${options.image}" runs dockerd with the arguments it is given. ${formatLogTail(logs)}`,
      );
    }

    if (now() >= deadline) {
      const logs = await readDaemonLogTail(options.container);
      throw new Error(
        `The inner Docker daemon did not respond to /_ping on ${options.endpoint} within ` +
          `${Math.round(options.timeoutMs / 1000)} s. Raise BUILDLAB_DIND_START_TIMEOUT_SECONDS if the host is slow, ` +
          `or check that the image "${options.image}" starts dockerd. ${formatLogTail(logs)}`,
      );
    }

    await sleep(intervalMs, undefined, { signal: options.signal });
  }
}
