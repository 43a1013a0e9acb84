import Docker from "dockerode";
import { getEnv } from "@/lib/env";
import { resolveDockerHost } from "./resolve-docker-host";

/** Creates a dockerode client for DOCKER_HOST (unix:// or tcp://), or for /var/run/docker.sock without one. */
export function createDockerClient(dockerHost: string | undefined = getEnv().DOCKER_HOST): Docker {
  const address = resolveDockerHost(dockerHost);

  if (address.kind === "unix") return new Docker({ socketPath: address.socketPath });
  return new Docker({ host: address.host, port: address.port, protocol: "http" });
}
