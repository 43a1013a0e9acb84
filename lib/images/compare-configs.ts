import type { SideLabels } from "./compare-files";
import type { DifferenceKind, ImageDifference, ImageSummary } from "./types";

/** Labels that Buildlab itself sets (run, comparison, strategy) differ between runs by design. */
export const IGNORED_LABEL_PREFIX = "org.buildlab.";

function show(value: unknown): string {
  if (value === undefined || value === null) return "unset";
  return JSON.stringify(value);
}

function envToMap(env: string[]): Map<string, string> {
  const variables = new Map<string, string>();
  for (const item of env) {
    const equals = item.indexOf("=");
    // The last definition wins, as in the container's environment.
    if (equals === -1) variables.set(item, "");
    else variables.set(item.slice(0, equals), item.slice(equals + 1));
  }
  return variables;
}

/**
 * Lists how two images' configurations differ: platform, author, entrypoint, command, environment
 * (per variable), working directory, user, exposed ports, labels (per key), volumes, stop signal,
 * shell, healthcheck and ONBUILD triggers. Digests, layer lists, history, the `created` time and
 * `org.buildlab.` labels are included and marked `ignored`.
 */
export function compareConfigs(left: ImageSummary, right: ImageSummary, labels: SideLabels): ImageDifference[] {
  const differences: ImageDifference[] = [];
  const add = (kind: DifferenceKind, path: string, l: unknown, r: unknown, ignored = false, message?: string) => {
    if (JSON.stringify(l ?? null) === JSON.stringify(r ?? null)) return;
    const difference: ImageDifference = {
      kind,
      path,
      left: l ?? null,
      right: r ?? null,
      message: message ?? `${path} is ${show(l)} in ${labels.left} but ${show(r)} in ${labels.right}`,
    };
    if (ignored) difference.ignored = true;
    differences.push(difference);
  };

  add("platform", "architecture", left.architecture, right.architecture);
  add("platform", "os", left.os, right.os);
  add("platform", "variant", left.variant, right.variant);
  add("author", "author", left.author, right.author);

  const l = left.config;
  const r = right.config;
  add("entrypoint", "config.Entrypoint", l.entrypoint, r.entrypoint);
  add("cmd", "config.Cmd", l.cmd, r.cmd);
  add("working-dir", "config.WorkingDir", l.workingDir, r.workingDir);
  add("user", "config.User", l.user, r.user);
  add("stop-signal", "config.StopSignal", l.stopSignal, r.stopSignal);
  add("shell", "config.Shell", l.shell, r.shell);
  add("healthcheck", "config.Healthcheck", l.healthcheck, r.healthcheck);
  add("on-build", "config.OnBuild", l.onBuild, r.onBuild);

  const leftEnv = envToMap(l.env);
  const rightEnv = envToMap(r.env);
  for (const name of [...new Set([...leftEnv.keys(), ...rightEnv.keys()])].sort()) {
    add("env", `config.Env.${name}`, leftEnv.get(name), rightEnv.get(name));
  }

  for (const key of [...new Set([...Object.keys(l.labels), ...Object.keys(r.labels)])].sort()) {
    add("label", `config.Labels.${key}`, l.labels[key], r.labels[key], key.startsWith(IGNORED_LABEL_PREFIX));
  }

  addSetDifference(differences, "exposed-ports", "config.ExposedPorts", l.exposedPorts, r.exposedPorts, labels);
  addSetDifference(differences, "volumes", "config.Volumes", l.volumes, r.volumes, labels);

  add("digest", "manifestDigest", left.manifestDigest, right.manifestDigest, true);
  add("digest", "manifestMediaType", left.manifestMediaType, right.manifestMediaType, true);
  add("digest", "configDigest", left.configDigest, right.configDigest, true);
  add("created", "created", left.created, right.created, true);
  add(
    "layers",
    "layers",
    left.layers.map((layer) => layer.digest),
    right.layers.map((layer) => layer.digest),
    true,
    `layers differ: ${left.layers.length} in ${labels.left}, ${right.layers.length} in ${labels.right}, with other digests`,
  );
  add(
    "history",
    "history",
    left.history,
    right.history,
    true,
    `history differs: ${left.history.length} entries in ${labels.left}, ${right.history.length} in ${labels.right}`,
  );
  return differences;
}

function addSetDifference(differences: ImageDifference[], kind: DifferenceKind, path: string, left: string[], right: string[], labels: SideLabels): void {
  const onlyLeft = left.filter((item) => !right.includes(item));
  const onlyRight = right.filter((item) => !left.includes(item));
  if (onlyLeft.length === 0 && onlyRight.length === 0) return;

  const parts: string[] = [];
  if (onlyLeft.length > 0) parts.push(`${onlyLeft.join(", ")} only in ${labels.left}`);
  if (onlyRight.length > 0) parts.push(`${onlyRight.join(", ")} only in ${labels.right}`);
  differences.push({ kind, path, left, right, message: `${path} differs: ${parts.join("; ")}` });
}
