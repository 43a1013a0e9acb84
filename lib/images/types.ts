import type { RunStatus, StrategyName } from "../strategies/types";

/** File types as a layer tar records them; "hardlink" only for a hard link whose target is absent. */
export const FILE_TYPES = ["file", "dir", "symlink", "hardlink", "char-device", "block-device", "fifo", "other"] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** One path of an image's file tree after every layer is applied. */
export interface FileSummary {
  type: FileType;
  /** Permission bits plus setuid, setgid and sticky (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Content length in bytes, for regular files. */
  size?: number;
  /** sha256 of the content as "sha256:<hex>", for regular files. */
  sha256?: string;
  /** Target of a symbolic link, or the missing target of a dangling hard link, exactly as the tar records it. */
  linkTarget?: string;
  /**
   * Set on every path that shares its inode with another path: the smallest of those paths, so the
   * key does not depend on which path the builder wrote first.
   */
  hardLinkGroup?: string;
  /** Device numbers of character and block devices. */
  device?: { major: number; minor: number };
  /** Extended attributes from PAX `SCHILY.xattr.*` records, such as security.capability. */
  xattrs?: Record<string, string>;
  /** Modification time as an ISO string; compared only with `showIgnored`. */
  mtime?: string;
  /** Position of the layer that last wrote this path, from 0. */
  layer: number;
  /** True for a parent directory that no layer recorded, created as the engine would (0755, root). */
  implicit?: true;
}

/** The part of the image configuration that changes how a container runs. */
export interface ImageConfigSummary {
  entrypoint?: string[];
  cmd?: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  /** Sorted, such as ["8080/tcp"]. */
  exposedPorts: string[];
  labels: Record<string, string>;
  /** Sorted mount points. */
  volumes: string[];
  stopSignal?: string;
  shell?: string[];
  healthcheck?: unknown;
  onBuild?: string[];
}

export interface LayerSummary {
  digest: string;
  mediaType: string;
  /** Compressed size in bytes, as the manifest gives it. */
  size: number;
  /** sha256 of the uncompressed tar, checked against the config's rootfs.diff_ids. */
  diffId: string;
}

export interface HistorySummary {
  created?: string;
  createdBy?: string;
  comment?: string;
  emptyLayer?: boolean;
}

/** An image read from a registry: its configuration and the file tree that its layers make. */
export interface ImageSummary {
  ref: string;
  /** Digest of the platform manifest that was read (not of the index that pointed to it). */
  manifestDigest: string;
  manifestMediaType: string;
  configDigest: string;
  architecture: string;
  os: string;
  variant?: string;
  author?: string;
  created?: string;
  config: ImageConfigSummary;
  history: HistorySummary[];
  layers: LayerSummary[];
  /** Keyed by absolute path ("/etc/passwd"); the root directory itself is not listed. */
  files: Record<string, FileSummary>;
}

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** A bearer token used as it is, instead of asking the registry's token service. */
  token?: string;
}

/** Settings for reaching the registry. */
export interface RegistryOptions {
  /**
   * Registry hosts (host:port) reached over plain HTTP. Loopback hosts (localhost, 127.0.0.0/8,
   * [::1]) always are; every other host is reached over HTTPS.
   */
  plainHttpHosts?: readonly string[];
  credentials?: RegistryCredentials;
  /** Platform picked from a manifest list, as "os/architecture[/variant]"; defaults to the host's linux platform, then linux/amd64. */
  platform?: string;
  /** Test seam: the fetch implementation. */
  fetch?: typeof fetch;
}

export interface ReadImageSummaryOptions {
  registry?: RegistryOptions;
  signal?: AbortSignal;
}

/**
 * The kind of a difference. File kinds are "missing" and "extra" (present only on the left or only
 * on the right), "type", "size" (which implies different content), "content" (same size, other
 * sha256), "mode", "owner", "link-target", "hard-link-group", "device" and "xattrs". Configuration
 * kinds name the field. "mtime", "layers", "digest", "history" and "created" do not affect a running
 * container and are always marked `ignored`, as are "label" and "mode" differences on
 * `org.buildlab.` labels and symbolic links.
 */
export type DifferenceKind =
  | "missing"
  | "extra"
  | "type"
  | "size"
  | "content"
  | "mode"
  | "owner"
  | "link-target"
  | "hard-link-group"
  | "device"
  | "xattrs"
  | "entrypoint"
  | "cmd"
  | "env"
  | "working-dir"
  | "user"
  | "exposed-ports"
  | "label"
  | "volumes"
  | "stop-signal"
  | "shell"
  | "healthcheck"
  | "on-build"
  | "author"
  | "platform"
  | "mtime"
  | "layers"
  | "digest"
  | "history"
  | "created";

export interface ImageDifference {
  kind: DifferenceKind;
  /** A file path ("/etc/passwd") or a configuration key as the image config JSON names it ("config.Env.PATH"). */
  path: string;
  left: unknown;
  right: unknown;
  message: string;
  /** True for a difference that does not affect a running container, which is listed only with `showIgnored`. */
  ignored?: true;
}

export interface CompareOptions {
  showIgnored?: boolean;
  /** Names of the two sides in messages, such as "socket (buildkit)"; default "left" and "right". */
  leftLabel?: string;
  rightLabel?: string;
}

/** One run as compareRunImages needs it. */
export interface RunImage {
  runId: string;
  strategy: StrategyName;
  mode?: string | null;
  /** Runs are paired only within one scenario; runs without a scenario form one group. */
  scenario?: string | null;
  status: RunStatus;
  imageRef: string | null;
  failedStep?: string | null;
  error?: string | null;
}

export interface RunLabel {
  runId: string;
  strategy: StrategyName;
  mode?: string;
  scenario?: string;
}

/** Two succeeded runs whose images were both read and compared. */
export interface ImagePairComparison {
  left: RunLabel;
  right: RunLabel;
  leftDigest: string;
  rightDigest: string;
  /** True when no difference that matters was found. */
  equal: boolean;
  differences: ImageDifference[];
  /** Differences left out because they never matter (timestamps, digests, layer boundaries, history). */
  ignoredCount: number;
  /** Those differences themselves, each marked `ignored`, for a reader who asks to see them. */
  ignoredDifferences: ImageDifference[];
}

export type RunImageFinding =
  | {
      kind: "failed-where-another-succeeded";
      run: RunLabel;
      failedStep?: string;
      error?: string;
      /** Runs of the same scenario that succeeded. */
      succeeded: RunLabel[];
      message: string;
    }
  | {
      kind: "image-unreadable";
      run: RunLabel;
      imageRef: string | null;
      error: string;
      message: string;
    };

export interface EquivalenceReport {
  pairs: ImagePairComparison[];
  findings: RunImageFinding[];
  /** The summaries that were read, by image reference, so that callers can store them. */
  summaries: Record<string, ImageSummary>;
}
