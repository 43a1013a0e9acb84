import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeHostCgroups } from "./remove-host-cgroups";

// A folder tree shaped like /sys/fs/cgroup. Real cgroup folders also hold interface files, which
// rmdir removes with them; plain folders here have none, so the tree is folders only.
describe("removeHostCgroups", () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "buildlab-cgroup-test-"));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("removes the named cgroup everywhere", async () => {
    await mkdir(path.join(root, "memory", "buildlab-dind-run-1", "buildkit", "abc"), { recursive: true });
    await mkdir(path.join(root, "pids", "buildlab-dind-run-1"), { recursive: true });
    await mkdir(path.join(root, "buildlab-dind-run-1"), { recursive: true });

    const removed = await removeHostCgroups("buildlab-dind-run-1", root);

    expect(removed).toContain(path.join(root, "memory", "buildlab-dind-run-1", "buildkit", "abc"));
    expect(removed).toHaveLength(5);
    expect(existsSync(path.join(root, "memory", "buildlab-dind-run-1"))).toBe(false);
    expect(existsSync(path.join(root, "pids", "buildlab-dind-run-1"))).toBe(false);
    expect(existsSync(path.join(root, "buildlab-dind-run-1"))).toBe(false);
  });

  it("keeps other cgroups", async () => {
    await mkdir(path.join(root, "memory", "docker", "buildkit"), { recursive: true });
    await mkdir(path.join(root, "memory", "buildlab-dind-run-2"), { recursive: true });

    const removed = await removeHostCgroups("buildlab-dind-run-1", root);

    expect(removed).toEqual([]);
    expect(existsSync(path.join(root, "memory", "docker", "buildkit"))).toBe(true);
    expect(existsSync(path.join(root, "memory", "buildlab-dind-run-2"))).toBe(true);
  });

  it("rejects other names", async () => {
    await expect(removeHostCgroups("../docker", root)).rejects.toThrow(/invalid cgroup name/);
    await expect(removeHostCgroups("docker", root)).rejects.toThrow(/invalid cgroup name/);
  });
});
