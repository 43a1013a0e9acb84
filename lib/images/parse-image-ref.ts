import { parseFamiliarName } from "@swimlane/docker-reference";
import { BuildlabError } from "../errors";

export interface ImageLocation {
  /** The registry as the reference names it, such as "localhost:5000" or "docker.io". */
  registry: string;
  /** Base URL of the registry's HTTP API, without the trailing "/v2/". */
  baseUrl: string;
  repository: string;
  /** A tag or a digest ("sha256:..."); a digest wins when the reference has both. */
  reference: string;
}

// Docker Hub's API lives on another host than the name users write.
const DOCKER_HUB_API_HOST = "registry-1.docker.io";

/** Tells whether a registry host (with or without a port) is on the loopback interface. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return name === "localhost" || name === "[::1]" || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Splits an image reference into the registry API location, repository and tag or digest. A
 * reference without a tag or digest means "latest", as Docker reads it. Loopback registries and the
 * hosts in `plainHttpHosts` are reached over plain HTTP, every other one over HTTPS, and "localhost"
 * becomes 127.0.0.1 so that an IPv6 lookup cannot miss a registry bound to IPv4 only.
 */
export function parseImageRef(ref: string, plainHttpHosts: readonly string[] = []): ImageLocation {
  let parsed;
  try {
    parsed = parseFamiliarName(ref);
  } catch (error) {
    throw new BuildlabError(
      "invalid_input",
      `Invalid image reference "${ref}": ${(error as Error).message}. Write it as host:port/repository:tag or host:port/repository@sha256:digest.`,
    );
  }

  const registry = parsed.domain ?? "docker.io";
  const apiHost = registry === "docker.io" ? DOCKER_HUB_API_HOST : registry;
  const plainHttp = isLoopbackHost(apiHost) || plainHttpHosts.includes(apiHost);
  const connectHost = apiHost.replace(/^localhost(?=:|$)/, "127.0.0.1");

  return {
    registry,
    baseUrl: `${plainHttp ? "http" : "https"}://${connectHost}`,
    repository: parsed.repository ?? "",
    reference: parsed.digest ?? parsed.tag ?? "latest",
  };
}
