import type { HistorySummary, ImageConfigSummary } from "./types";

/** The image configuration JSON (OCI image spec "config" media type; Docker's is the same shape). */
export interface ImageConfigJson {
  architecture?: string;
  os?: string;
  variant?: string;
  author?: string;
  created?: string;
  config?: {
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Env?: string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
    Volumes?: Record<string, unknown> | null;
    StopSignal?: string;
    Shell?: string[] | null;
    Healthcheck?: unknown;
    OnBuild?: string[] | null;
  } | null;
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

/**
 * Reduces the image configuration to the fields that change how a container runs. Empty values
 * become absent (null, "", {} and []) except for Entrypoint and Cmd, where an empty list and no
 * list mean different things to `docker run`.
 */
export function summarizeImageConfig(json: ImageConfigJson): { config: ImageConfigSummary; history: HistorySummary[] } {
  const source = json.config ?? {};
  const config: ImageConfigSummary = {
    env: source.Env ?? [],
    exposedPorts: Object.keys(source.ExposedPorts ?? {}).sort(),
    labels: { ...(source.Labels ?? {}) },
    volumes: Object.keys(source.Volumes ?? {}).sort(),
  };
  if (source.Entrypoint) config.entrypoint = source.Entrypoint;
  if (source.Cmd) config.cmd = source.Cmd;
  if (source.WorkingDir) config.workingDir = source.WorkingDir;
  if (source.User) config.user = source.User;
  if (source.StopSignal) config.stopSignal = source.StopSignal;
  if (source.Shell && source.Shell.length > 0) config.shell = source.Shell;
  if (source.Healthcheck) config.healthcheck = source.Healthcheck;
  if (source.OnBuild && source.OnBuild.length > 0) config.onBuild = source.OnBuild;

  const history = (json.history ?? []).map((item) => {
    const summary: HistorySummary = {};
    if (item.created !== undefined) summary.created = item.created;
    if (item.created_by !== undefined) summary.createdBy = item.created_by;
    if (item.comment !== undefined) summary.comment = item.comment;
    if (item.empty_layer) summary.emptyLayer = true;
    return summary;
  });
  return { config, history };
}
