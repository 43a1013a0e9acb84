import type Docker from "dockerode";

/** Reads the engine version, API version, platform and storage driver of a Docker daemon. */
export async function readEngineVersions(docker: Docker): Promise<Record<string, string>> {
  const [version, info] = await Promise.all([docker.version(), docker.info()]);

  return {
    engine: version.Version,
    api: version.ApiVersion,
    platform: `${version.Os}/${version.Arch}`,
    storageDriver: String(info.Driver ?? "unknown"),
  };
}
