import { connect, createServer, type Socket } from "node:net";
import { toError } from "../../errors";

/** A unix socket server on the host that forwards each connection to a registry's TCP port. */
export interface RegistryForwarder {
  socketPath: string;
  /** Connection errors so far: how many, and the message of the first. */
  errors(): { count: number; first?: string };
  /** Stops accepting, ends the open connections and removes the socket file. Never rejects. */
  close(): Promise<void>;
}

/**
 * Listens on the unix socket `socketPath` and forwards every connection to `target`. Both sides
 * allow half-open connections, so a client that shuts down its write side, as socat does after the
 * request, still gets the whole response.
 */
export async function openRegistryForwarder(socketPath: string, target: { host: string; port: number }): Promise<RegistryForwarder> {
  const open = new Set<Socket>();
  let errorCount = 0;
  let firstError: string | undefined;
  const recordError = (side: string, error: Error) => {
    errorCount += 1;
    firstError ??= `${side}: ${error.message}`;
  };

  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    }

    client.on("error", (error) => {
      recordError("unix socket client", error);
      upstream.destroy();
    });
    upstream.on("error", (error) => {
      recordError(`registry ${target.host}:${target.port}`, error);
      client.destroy();
    });
    // pipe() ends the other side's write half when one side's read half ends.
    client.pipe(upstream);
    upstream.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => recordError("unix socket server", error));

  return {
    socketPath,
    errors: () => ({ count: errorCount, first: firstError }),
    close: () =>
      new Promise<void>((resolve) => {
        // server.close waits for open connections, so they are ended first. Node removes the
        // socket file of a unix socket server when it closes.
        for (const socket of open) socket.destroy();
        server.close((error) => {
          if (error) recordError("unix socket server", toError(error));
          resolve();
        });
      }),
  };
}
