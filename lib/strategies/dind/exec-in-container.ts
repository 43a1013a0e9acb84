import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { demultiplexOutput } from "./demultiplex-output";

export interface ExecOutcome {
  /** The command's exit code; Docker reports 126 or 127 when the executable is missing. */
  exitCode: number;
  /** Standard output and standard error, as one text. */
  output: string;
}

/**
 * Runs `command` in a running container and waits for it to end. A command that cannot start is an
 * outcome with a non-zero exit code and the runtime's message as output. Throws when the Engine
 * API request fails or `signal` aborts.
 */
export async function execInContainer(container: Docker.Container, command: string[], signal: AbortSignal): Promise<ExecOutcome> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true, abortSignal: signal });
  const stream = (await exec.start({ hijack: true, stdin: false, abortSignal: signal })) as Readable;

  const chunks: Buffer[] = [];
  const abort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error("The exec was aborted."));
  signal.addEventListener("abort", abort, { once: true });
  try {
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  } finally {
    signal.removeEventListener("abort", abort);
  }
  signal.throwIfAborted();

  const { ExitCode: exitCode } = await exec.inspect({ abortSignal: signal });
  return { exitCode: exitCode ?? -1, output: demultiplexOutput(Buffer.concat(chunks)) };
}

/** Starts `command` in a running container without waiting for it, and returns the exec to inspect later. */
export async function startDetachedExec(container: Docker.Container, command: string[]): Promise<Docker.Exec> {
  const exec = await container.exec({ Cmd: command, AttachStdout: false, AttachStderr: false });
  await exec.start({ Detach: true });
  return exec;
}
