import { parseFamiliarName } from "@swimlane/docker-reference";

/** A base image reference and where the daemon would pull it from. */
export interface BaseImageSource {
  /** The reference as the Dockerfile names it. */
  ref: string;
  /** The fully qualified reference with a tag or digest, such as "docker.io/library/busybox:latest". */
  pullRef: string;
  /** Registry host and port, such as "localhost:5000" or "docker.io". */
  registry: string;
  /** "lab" for the configured registry or one on this machine, "remote" for any other registry. */
  source: "lab" | "remote";
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * Parses a base image reference the way Docker does and decides whether its registry is the lab's,
 * which is `labRegistry` (host:port) or any registry on localhost or 127.0.0.1. Throws on an invalid reference.
 */
export function classifyBaseImage(ref: string, labRegistry: string): BaseImageSource {
  let parsed;
  try {
    parsed = parseFamiliarName(ref);
  } catch (error) {
    throw new Error(`base image "${ref}" is not a valid image reference: ${(error as Error).message}`);
  }

  const registry = parsed.domain ?? "docker.io";
  const host = registry.replace(/:\d+$/, "");
  const isLab = registry === labRegistry || LOOPBACK_HOSTS.has(host);

  // Without a tag or digest the daemon would pull every tag of the repository.
  const pullRef = parsed.tag || parsed.digest ? parsed.toString() : `${parsed.toString()}:latest`;

  return { ref, pullRef, registry, source: isLab ? "lab" : "remote" };
}
