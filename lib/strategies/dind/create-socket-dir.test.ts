import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSocketDir, readSocketDirRunId } from "./create-socket-dir";

describe("createSocketDir", () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "buildlab-socket-test-"));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("names the folder after the run", async () => {
    const dir = await createSocketDir("5d1c0f0e-1111-4222-8333-944455556666", root);

    expect(path.dirname(dir)).toBe(root);
    expect(readSocketDirRunId(path.basename(dir))).toBe("5d1c0f0e-1111-4222-8333-944455556666");
    expect(existsSync(dir)).toBe(true);
  });

  it("rejects a socket path too long", async () => {
    const deepRoot = path.join(root, "x".repeat(100));
    await mkdir(deepRoot);

    await expect(createSocketDir("run-1", deepRoot)).rejects.toThrow(/longer than the 107 bytes .* set TMPDIR/);
  });

  it("rejects a registry socket path too long", async () => {
    // <root>/buildlab-dind-run-1-XXXXXX is 95 bytes: docker.sock fits in 107, registry.sock does not.
    const deepRoot = path.join(root, "x".repeat(67 - root.length - 1));
    await mkdir(deepRoot);

    await expect(createSocketDir("run-1", deepRoot)).rejects.toThrow(/registry\.sock is longer than the 107 bytes/);
    expect(readdirSync(deepRoot)).toEqual([]);
  });
});

describe("readSocketDirRunId", () => {
  const cases: { name: string; expected: string | undefined }[] = [
    { name: "buildlab-dind-run-1-AbC123", expected: "run-1" },
    { name: "buildlab-dind-5d1c0f0e-1111-4222-8333-944455556666-zz9Yx1", expected: "5d1c0f0e-1111-4222-8333-944455556666" },
    { name: "buildlab-dind-AbC123", expected: undefined },
    { name: "buildlab-cgroup-test-run-1-AbC123", expected: undefined },
    { name: "buildlab-dind-run-1_AbC123", expected: undefined },
  ];

  for (const testCase of cases) {
    it(`reads ${testCase.name}`, () => {
      expect(readSocketDirRunId(testCase.name)).toBe(testCase.expected);
    });
  }
});
