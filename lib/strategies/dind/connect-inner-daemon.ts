import { readFileSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { SOCKET_NAME } from "./build-daemon-args";
import type { DindTransport } from "./read-dind-settings";

/** A client of the inner daemon, and where it points, for messages. */
export interface InnerDaemonConnection {
  client: Docker;
  endpoint: string;
}

/**
 * Creates a client of the inner daemon. Every connection option is set explicitly, because
 * docker-modem otherwise fills unset ones from DOCKER_HOST and DOCKER_CERT_PATH, which name the
 * outer daemon.
 */
export function connectInnerDaemon(transport: DindTransport, socketDir?: string): InnerDaemonConnection {
  if (transport.kind === "socket") {
    if (!socketDir) throw new Error("connectInnerDaemon: socketDir is required for the socket transport");
    const socketPath = path.join(socketDir, SOCKET_NAME);
    const client = new Docker({ socketPath, host: undefined, port: undefined, protocol: "http" });
    return { client, endpoint: `unix://${socketPath}` };
  }

  const clientCertDir = path.join(transport.certDir, "client");
  const readPem = (name: string) => {
    const file = path.join(clientCertDir, name);
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(
        `Cannot read the Docker-in-Docker client TLS file ${file}: ${(error as Error).message}. ` +
          "Put ca.pem, cert.pem and key.pem in the client folder of BUILDLAB_DIND_TLS_CERT_DIR.",
      );
    }
  };
  const client = new Docker({
    protocol: "https",
    host: "127.0.0.1",
    port: transport.port,
    ca: readPem("ca.pem"),
    cert: readPem("cert.pem"),
    key: readPem("key.pem"),
  });
  return { client, endpoint: `tcp://127.0.0.1:${transport.port} (TLS)` };
}
