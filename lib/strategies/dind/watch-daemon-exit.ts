import type Docker from "dockerode";

/** Watches the daemon container for an exit while a run uses the inner daemon. */
export interface DaemonExitWatch {
  /** Aborts when the daemon container stops. */
  signal: AbortSignal;
  /** The container's exit code, once it stopped. */
  exitCode(): number | undefined;
  /** Ends the watch; call it before stopping the container on purpose. */
  stop(): void;
}

/** Starts waiting for the daemon container to stop, through the outer engine's wait endpoint. */
export function watchDaemonExit(container: Docker.Container): DaemonExitWatch {
  const exited = new AbortController();
  const stopped = new AbortController();
  let code: number | undefined;

  container
    .wait({ abortSignal: stopped.signal })
    .then((outcome: { StatusCode: number }) => {
      if (stopped.signal.aborted) return;
      code = outcome.StatusCode;
      exited.abort(new Error(`The inner Docker daemon stopped with exit code ${code}.`));
    })
    .catch(() => {
      // Aborted by stop(), or the wait request failed. In the second case a dead daemon still
      // shows up as failed calls to it, only without the exit code.
    });

  return {
    signal: exited.signal,
    exitCode: () => code,
    stop: () => stopped.abort(),
  };
}
