import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import { toError } from "../errors";
import { isPrivilegedRejected } from "../strategies/dind/is-privileged-rejected";
import { LABEL_APP } from "../strategies/types";
import { LAB_SETUP_COMMAND } from "./lab-setup-command";
import type { ProbeCheck } from "./types";
import { withTimeout } from "./with-timeout";

/** Label on the probe's containers, so that one left by a crashed probe can be found and removed. */
export const LABEL_PROBE = "org.buildlab.probe";
const PROBE_TIMEOUT_MS = 20_000;
// Probe containers older than this are leftovers of a crashed process, never of a running probe.
const LEFTOVER_AGE_SECONDS = 300;

/**
 * Checks whether the engine runs privileged containers, which Docker-in-Docker requests: it creates
 * and starts a container of `image` with --privileged and --network none, then removes it. The image
 * must already be in the engine, because a missing one would make the engine try a pull.
 */
export async function probePrivilegedMode(docker: Docker, image: string): Promise<ProbeCheck> {
  const title = "Privileged containers";

  const present = await docker.getImage(image).inspect().then(
    () => true,
    (error: { statusCode?: number }) => {
      if (error.statusCode === 404) return false;
      throw error;
    },
  );
  if (!present) {
    return {
      id: "privileged-mode",
      title,
      status: "missing",
      summary: `Not checked: the probe image ${image} is not in the Docker Engine, and Buildlab never pulls it.`,
      details: [{ label: "Probe image", value: image }],
      fix: { description: `Make the lab images with scripts/lab.sh, or load a small image and tag it ${image}.`, command: LAB_SETUP_COMMAND },
    };
  }

  await removeLeftoverProbes(docker);
  const name = `buildlab-probe-${randomBytes(4).toString("hex")}`;
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      name,
      Image: image,
      Cmd: ["true"],
      Labels: { [LABEL_APP]: "buildlab", [LABEL_PROBE]: "privileged-mode" },
      HostConfig: { Privileged: true, NetworkMode: "none" },
    });
    await withTimeout(container.start(), PROBE_TIMEOUT_MS, "starting the privileged probe container");
  } catch (error) {
    const message = toError(error).message.trim();
    const rejected = isPrivilegedRejected(error);
    return {
      id: "privileged-mode",
      title,
      status: "warning",
      summary: rejected
        ? `This host rejects privileged containers: ${message}. Docker-in-Docker falls back to an explicit capability set and records the fallback in its security findings.`
        : `Starting a privileged container failed: ${message}.`,
      details: [{ label: "Probe image", value: image }],
      fix: rejected
        ? {
            description:
              "Privileged mode requests every capability, and the host's capability bounding set lacks some. Run Docker Engine where the bounding set is complete to measure Docker-in-Docker as most CI systems run it; this command lists the capabilities the engine's host has.",
            command: "grep CapBnd /proc/1/status",
          }
        : { description: "Read the Docker Engine's log for the reason the container did not start." },
    };
  } finally {
    await container?.remove({ force: true }).catch((error: unknown) => {
      console.warn(`[environment] removing the probe container ${name} failed: ${toError(error).message}`);
    });
  }

  return {
    id: "privileged-mode",
    title,
    status: "ok",
    summary: "The engine runs privileged containers, as Docker-in-Docker requests.",
    details: [{ label: "Probe image", value: image }],
  };
}

async function removeLeftoverProbes(docker: Docker): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [LABEL_PROBE] } });
  const cutoff = Date.now() / 1000 - LEFTOVER_AGE_SECONDS;
  for (const info of containers) {
    if (info.Created > cutoff) continue;
    await docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined);
  }
}
