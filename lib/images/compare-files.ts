import type { FileSummary, ImageDifference } from "./types";

export interface SideLabels {
  left: string;
  right: string;
}

function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, "0")}`;
}

function formatOwner(file: FileSummary): string {
  return `${file.uid}:${file.gid}`;
}

function describeType(file: FileSummary): string {
  if (file.type === "symlink") return `a symbolic link to ${file.linkTarget ?? "?"}`;
  if (file.type === "file") return `a file of ${file.size ?? 0} bytes`;
  if (file.type === "dir") return "a directory";
  return `a ${file.type}`;
}

function shortHash(sha256: string | undefined): string {
  return sha256 ? sha256.replace(/^sha256:/, "").slice(0, 12) : "none";
}

/** Finds the nearest ancestor of `path` that is in `collapsed`. */
function collapsedAncestor(path: string, collapsed: Map<string, number>): string | undefined {
  for (let end = path.lastIndexOf("/"); end > 0; end = path.lastIndexOf("/", end - 1)) {
    const ancestor = path.slice(0, end);
    if (collapsed.has(ancestor)) return ancestor;
  }
  return undefined;
}

/**
 * Lists how two file trees differ, path by path. A directory present on one side only, or one
 * that is something else on the other side, is reported once, with the number of paths under it,
 * instead of once per path. Differences that never matter (modification times, which layer wrote
 * a path, a symbolic link's own mode) are included and marked `ignored`.
 */
export function compareFiles(left: Record<string, FileSummary>, right: Record<string, FileSummary>, labels: SideLabels): ImageDifference[] {
  const paths = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const differences: ImageDifference[] = [];
  // Collapsed directory -> the difference reported for it and how many paths lie under it.
  const collapsed = new Map<string, number>();
  const collapsedDifference = new Map<string, ImageDifference>();

  for (const path of paths) {
    const ancestor = collapsedAncestor(path, collapsed);
    if (ancestor !== undefined) {
      collapsed.set(ancestor, collapsed.get(ancestor)! + 1);
      continue;
    }

    const l = left[path];
    const r = right[path];
    if (!l || !r) {
      const present = (l ?? r)!;
      const difference: ImageDifference = l
        ? { kind: "missing", path, left: present.type, right: null, message: `${path} is ${describeType(present)} in ${labels.left} but missing from ${labels.right}` }
        : { kind: "extra", path, left: null, right: present.type, message: `${path} is ${describeType(present)} in ${labels.right} but missing from ${labels.left}` };
      differences.push(difference);
      if (present.type === "dir") {
        collapsed.set(path, 0);
        collapsedDifference.set(path, difference);
      }
      continue;
    }

    if (l.type !== r.type) {
      const difference: ImageDifference = {
        kind: "type",
        path,
        left: l.type,
        right: r.type,
        message: `${path} is ${describeType(l)} in ${labels.left} but ${describeType(r)} in ${labels.right}`,
      };
      differences.push(difference);
      if (l.type === "dir" || r.type === "dir") {
        collapsed.set(path, 0);
        collapsedDifference.set(path, difference);
      }
      continue;
    }

    differences.push(...compareSameType(path, l, r, labels));
  }

  for (const [path, count] of collapsed) {
    if (count === 0) continue;
    const difference = collapsedDifference.get(path)!;
    difference.message += `, with ${count} ${count === 1 ? "path" : "paths"} under it`;
  }
  return differences;
}

function compareSameType(path: string, l: FileSummary, r: FileSummary, labels: SideLabels): ImageDifference[] {
  const differences: ImageDifference[] = [];
  const add = (difference: ImageDifference) => differences.push(difference);

  if (l.type === "file") {
    if (l.size !== r.size) {
      add({
        kind: "size",
        path,
        left: l.size,
        right: r.size,
        message: `${path} has ${l.size} bytes in ${labels.left} but ${r.size} in ${labels.right} (sha256 ${shortHash(l.sha256)} and ${shortHash(r.sha256)})`,
      });
    } else if (l.sha256 !== r.sha256) {
      add({
        kind: "content",
        path,
        left: l.sha256,
        right: r.sha256,
        message: `${path} has the same size (${l.size} bytes) but other content: sha256 ${shortHash(l.sha256)} in ${labels.left}, ${shortHash(r.sha256)} in ${labels.right}`,
      });
    }
  }

  if (l.mode !== r.mode) {
    const difference: ImageDifference = {
      kind: "mode",
      path,
      left: formatMode(l.mode),
      right: formatMode(r.mode),
      message: `${path} has mode ${formatMode(l.mode)} in ${labels.left} but ${formatMode(r.mode)} in ${labels.right}`,
    };
    // Linux ignores a symbolic link's own permission bits (symlink(7)).
    if (l.type === "symlink") difference.ignored = true;
    add(difference);
  }

  if (l.uid !== r.uid || l.gid !== r.gid) {
    add({
      kind: "owner",
      path,
      left: formatOwner(l),
      right: formatOwner(r),
      message: `${path} is owned by ${formatOwner(l)} in ${labels.left} but by ${formatOwner(r)} in ${labels.right}`,
    });
  }

  if (l.linkTarget !== r.linkTarget) {
    add({
      kind: "link-target",
      path,
      left: l.linkTarget ?? null,
      right: r.linkTarget ?? null,
      message: `${path} links to ${l.linkTarget} in ${labels.left} but to ${r.linkTarget} in ${labels.right}`,
    });
  }

  if (l.hardLinkGroup !== r.hardLinkGroup) {
    const describe = (group: string | undefined) => (group ? `hard-linked with ${group === path ? "other paths" : group}` : "not hard-linked");
    add({
      kind: "hard-link-group",
      path,
      left: l.hardLinkGroup ?? null,
      right: r.hardLinkGroup ?? null,
      message: `${path} is ${describe(l.hardLinkGroup)} in ${labels.left} but ${describe(r.hardLinkGroup)} in ${labels.right}`,
    });
  }

  const leftDevice = l.device ? `${l.device.major}:${l.device.minor}` : null;
  const rightDevice = r.device ? `${r.device.major}:${r.device.minor}` : null;
  if (leftDevice !== rightDevice) {
    add({ kind: "device", path, left: leftDevice, right: rightDevice, message: `${path} is device ${leftDevice} in ${labels.left} but ${rightDevice} in ${labels.right}` });
  }

  const leftXattrs = sortedJson(l.xattrs ?? {});
  const rightXattrs = sortedJson(r.xattrs ?? {});
  if (leftXattrs !== rightXattrs) {
    const names = (xattrs: Record<string, string> | undefined) => Object.keys(xattrs ?? {}).sort().join(", ") || "none";
    add({
      kind: "xattrs",
      path,
      left: l.xattrs ?? {},
      right: r.xattrs ?? {},
      message: `${path} has other extended attributes: ${names(l.xattrs)} in ${labels.left}, ${names(r.xattrs)} in ${labels.right}`,
    });
  }

  if (l.mtime !== r.mtime) {
    add({ kind: "mtime", path, left: l.mtime ?? null, right: r.mtime ?? null, ignored: true, message: `${path} was modified at ${l.mtime} in ${labels.left} but at ${r.mtime} in ${labels.right}` });
  }
  if (l.layer !== r.layer) {
    add({ kind: "layers", path, left: l.layer, right: r.layer, ignored: true, message: `${path} comes from layer ${l.layer + 1} in ${labels.left} but layer ${r.layer + 1} in ${labels.right}` });
  }
  return differences;
}

function sortedJson(record: Record<string, string>): string {
  return JSON.stringify(Object.keys(record).sort().map((key) => [key, record[key]]));
}
