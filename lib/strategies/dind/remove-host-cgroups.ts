import { readdir, rmdir } from "node:fs/promises";
import path from "node:path";

const CGROUP_ROOT = "/sys/fs/cgroup";
const SAFE_NAME = /^buildlab-dind-[A-Za-z0-9_.-]+$/;

/**
 * Removes the cgroup named `name` from every hierarchy under /sys/fs/cgroup (cgroup v1 controllers
 * and the v2 unified tree), with its children, and returns the folders it removed. Without
 * privileged mode the daemon container mounts the host's hierarchy, and an inner container that
 * is killed with its daemon leaves an empty cgroup behind. Needs root on the engine's host; rmdir
 * fails on a cgroup that still has processes, which is reported, not forced.
 */
export async function removeHostCgroups(name: string, root = CGROUP_ROOT): Promise<string[]> {
  if (!SAFE_NAME.test(name)) throw new Error(`removeHostCgroups: invalid cgroup name "${name}"; expected buildlab-dind-<run id>`);

  const hierarchies = await readdir(/*turbopackIgnore: true*/ root, { withFileTypes: true }).catch(() => []);
  const candidates = [
    path.join(/*turbopackIgnore: true*/ root, name),
    ...hierarchies.filter((entry) => entry.isDirectory()).map((entry) => path.join(/*turbopackIgnore: true*/ root, entry.name, name)),
  ];

  const removed: string[] = [];
  for (const candidate of candidates) await removeTree(candidate, removed);
  return removed;
}

async function removeTree(dir: string, removed: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return;
    throw error;
  }

  // A cgroup folder's files are kernel interface files that go with it; only child folders need removing first.
  for (const entry of entries) {
    if (entry.isDirectory()) await removeTree(path.join(dir, entry.name), removed);
  }
  await rmdir(dir);
  removed.push(dir);
}
