import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { demultiplex } from "./serve-pod-log";
import type { ContainerRecord } from "./stand-in-types";

// Channels of the Kubernetes WebSocket streaming protocol (channel.k8s.io and its v4 and v5
// versions): the first byte of each binary message names the stream.
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
// v5.channel.k8s.io adds a close signal: [255, channel] closes that stream.
const CLOSE = 255;

/** Protocols the stand-in accepts, newest first, as a current API server does. */
export const ATTACH_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

export interface AttachStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/**
 * Bridges an attach WebSocket to the container through Docker's hijacked attach. Stdin frames go to
 * the container. Its stdin closes on the v5 close signal or when the socket closes, which ends the
 * input of a container started with stdinOnce. The exit status goes on the status channel (v4 and
 * later) when the container ends.
 */
export async function servePodAttach(socket: WebSocket, entry: ContainerRecord, streams: AttachStreams): Promise<void> {
  const queued: Buffer[] = [];
  let docker: Duplex | undefined;
  let stdinClosed = false;

  let closeRequested = false;

  const closeStdin = () => {
    if (!docker) {
      // Stdin closes after the queued messages are written.
      closeRequested = true;
      return;
    }
    if (stdinClosed || !streams.stdin) return;
    stdinClosed = true;
    docker.end();
  };

  // Messages can arrive before Docker's attach is ready, so they wait in order.
  socket.on("message", (data: Buffer) => {
    if (!docker) {
      queued.push(data);
      return;
    }
    handleMessage(data);
  });
  socket.on("close", closeStdin);

  function handleMessage(data: Buffer): void {
    if (data.length === 0) return;
    if (data[0] === STDIN && streams.stdin && !stdinClosed) {
      docker!.write(data.subarray(1));
    } else if (data[0] === CLOSE && data[1] === STDIN) {
      closeStdin();
    }
  }

  docker = (await entry.container!.attach({
    stream: true,
    hijack: true,
    stdin: streams.stdin,
    stdout: streams.stdout,
    stderr: streams.stderr,
  })) as unknown as Duplex;
  docker.on("error", () => socket.close());

  const forward = (channel: number) => (payload: Buffer) => {
    if (socket.readyState === socket.OPEN) socket.send(Buffer.concat([Buffer.from([channel]), payload]));
  };
  if (streams.stdout || streams.stderr) {
    if (streams.tty) docker.on("data", forward(STDOUT));
    else demultiplex(docker, forward(STDOUT), forward(STDERR));
  }

  for (const data of queued.splice(0)) handleMessage(data);
  if (closeRequested) closeStdin();

  await entry.exited;
  if (socket.readyState === socket.OPEN) {
    if (socket.protocol !== "channel.k8s.io") socket.send(Buffer.concat([Buffer.from([STATUS]), Buffer.from(exitStatus(entry.exitCode))]));
    socket.close(1000);
  }
  docker.destroy();
}

function exitStatus(exitCode: number | undefined): string {
  if (!exitCode) return JSON.stringify({ metadata: {}, status: "Success" });
  return JSON.stringify({
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command, exit status ${exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  });
}
