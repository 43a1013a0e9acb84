import { access } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { toError } from "../../errors";
import type { Availability } from "../types";
import { describeMissingDaemonImage, inspectDaemonImage } from "./inspect-daemon-image";
import type { DindSettings } from "./read-dind-settings";

/**
 * Checks what a Docker-in-Docker run needs before it starts: the outer engine responds, the daemon
 * image is there (it is never pulled), and the TLS files exist when the TLS transport is chosen.
 */
export async function checkDindAvailability(outer: Docker, settings: DindSettings): Promise<Availability> {
  let version: Docker.DockerVersion;
  try {
    version = await outer.version();
  } catch (error) {
    return {
      available: false,
      reason: `The Docker Engine at ${settings.dockerHost ?? "/var/run/docker.sock"} does not respond: ${toError(error).message}`,
      fix: "Start dockerd, or set DOCKER_HOST to an engine that runs.",
    };
  }

  const image = await inspectDaemonImage(outer, settings.image);
  if (!image) return { available: false, ...describeMissingDaemonImage(settings.image) };

  if (settings.transport.kind === "tls") {
    const files = ["server/ca.pem", "server/cert.pem", "server/key.pem", "client/ca.pem", "client/cert.pem", "client/key.pem"];
    const certDir = settings.transport.certDir;
    const missing: string[] = [];
    for (const file of files) {
      await access(path.join(/*turbopackIgnore: true*/ certDir, file)).catch(() => missing.push(file));
    }
    if (missing.length) {
      return {
        available: false,
        reason: `BUILDLAB_DIND_TLS_CERT_DIR (${certDir}) lacks ${missing.join(", ")}.`,
        fix: "Put the inner daemon's certificate in server/ and Buildlab's client certificate in client/, each with ca.pem, cert.pem and key.pem.",
      };
    }
  }

  return {
    available: true,
    versions: { outerEngine: version.Version, outerApi: version.ApiVersion, daemonImage: `${settings.image}@${image.Id}` },
  };
}
