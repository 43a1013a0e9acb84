import type Docker from "dockerode";
import { toError } from "../errors";
import { LAB_SETUP_COMMAND } from "./lab-setup-command";
import type { ProbeCheck } from "./types";
import { withTimeout } from "./with-timeout";

const ENGINE_TIMEOUT_MS = 5000;

/** Reads the Docker Engine's version and API version at `address` (a DOCKER_HOST URL, for messages). */
export async function probeDockerEngine(docker: Docker, address: string): Promise<ProbeCheck> {
  const title = "Docker Engine";

  let version: Docker.DockerVersion;
  try {
    version = await withTimeout(docker.version(), ENGINE_TIMEOUT_MS, `GET /version on ${address}`);
  } catch (error) {
    return {
      id: "docker-engine",
      title,
      status: "unreachable",
      summary: `No Docker Engine responds at ${address}: ${toError(error).message.trim()}.`,
      details: [{ label: "Address", value: address }],
      fix: {
        description: `Start Docker Engine, or set DOCKER_HOST to one that runs. On a Debian machine, scripts/lab.sh installs and starts it on /var/run/docker.sock.`,
        command: LAB_SETUP_COMMAND,
      },
    };
  }

  return {
    id: "docker-engine",
    title,
    status: "ok",
    summary: `Docker Engine ${version.Version} responds at ${address}.`,
    details: [
      { label: "Address", value: address },
      { label: "Engine version", value: version.Version },
      { label: "API version", value: version.ApiVersion },
      { label: "Platform", value: `${version.Os}/${version.Arch}` },
    ],
  };
}
