import type { DockerInspect } from "./docker-inspect-schema";

/** One mount of a Docker container, from whichever inspect field declared it. */
export interface DockerMount {
  /** "bind", "volume", "tmpfs" or "npipe". */
  type: string;
  /** Host path for binds, volume name for volumes. */
  source: string;
  destination: string;
  readOnly: boolean;
  /** Mount propagation, such as "rprivate" or "rshared"; empty when not reported. */
  propagation: string;
  /** Volume driver; empty for binds and when not reported. */
  driver: string;
  /** The inspect field the mount was read from, such as "Mounts[0]" or "HostConfig.Binds[1]". */
  field: string;
  /** The raw value of that field, for evidence. */
  raw: unknown;
}

/**
 * Lists a container's mounts. The top-level Mounts list is what Docker really mounted; HostConfig.Binds
 * and HostConfig.Mounts are what was requested, read as well so that a hand-written or partial inspect
 * output is not taken for a container without mounts. Mounts are keyed by destination, first one wins.
 */
export function readDockerMounts(inspect: DockerInspect): DockerMount[] {
  const mounts = new Map<string, DockerMount>();
  const add = (mount: DockerMount) => {
    if (!mounts.has(mount.destination)) mounts.set(mount.destination, mount);
  };

  (inspect.Mounts ?? []).forEach((mount, index) => {
    const type = mount.Type ?? (mount.Name ? "volume" : "bind");
    add({
      type,
      // For a volume, Source is the volume's folder under Docker's data root; the name says more.
      source: (type === "volume" ? mount.Name : undefined) ?? mount.Source ?? "",
      destination: mount.Destination ?? "",
      readOnly: mount.RW === false,
      propagation: mount.Propagation ?? "",
      driver: mount.Driver ?? "",
      field: `Mounts[${index}]`,
      raw: mount,
    });
  });

  (inspect.HostConfig.Binds ?? []).forEach((bind, index) => {
    const parsed = parseBind(bind);
    if (parsed) add({ ...parsed, field: `HostConfig.Binds[${index}]`, raw: bind });
  });

  (inspect.HostConfig.Mounts ?? []).forEach((mount, index) =>
    add({
      type: mount.Type ?? "volume",
      source: mount.Source ?? "",
      destination: mount.Target ?? "",
      readOnly: mount.ReadOnly === true,
      propagation: mount.BindOptions?.Propagation ?? "",
      driver: mount.VolumeOptions?.DriverConfig?.Name ?? "",
      field: `HostConfig.Mounts[${index}]`,
      raw: mount,
    }),
  );

  return [...mounts.values()];
}

const PROPAGATION_MODES = new Set(["shared", "rshared", "slave", "rslave", "private", "rprivate"]);

// A bind is "source:destination[:options]"; a source that is not an absolute path names a volume.
function parseBind(bind: string): Omit<DockerMount, "field" | "raw"> | undefined {
  const parts = bind.split(":");
  if (parts.length < 2) return undefined;

  const [source, destination, options = ""] = parts;
  const flags = options.split(",").filter(Boolean);
  const isHostPath = source.startsWith("/");

  return {
    type: isHostPath ? "bind" : "volume",
    source,
    destination,
    readOnly: flags.includes("ro"),
    propagation: flags.find((flag) => PROPAGATION_MODES.has(flag)) ?? "",
    driver: isHostPath ? "" : "local",
  };
}
