import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

import { BuildlabError } from "../errors";
import { getSampleDirectory } from "./get-sample-directory";
import { listSamples } from "./list-samples";
import { storeContext } from "./store-context";
import { readTar } from "./test-tar";

describe("listSamples", () => {
  it("lists the shipped samples by name", async () => {
    const samples = await listSamples();

    const names = samples.map((sample) => sample.name);
    expect(names).toContain("multi-stage");
    expect(names).toContain("python-web");
    expect(names).toEqual([...names].sort());
    for (const sample of samples) {
      expect(sample.title).not.toBe("");
      expect(sample.description).not.toBe("");
    }
  });
});

describe("getSampleDirectory", () => {
  it("returns the folder under samples/", () => {
    expect(getSampleDirectory("python-web")).toBe(join(process.cwd(), "samples", "python-web"));
  });

  it("rejects unknown and unsafe names", () => {
    for (const name of ["no-such-sample", "../lib", "python-web/..", ".", "", "Python-Web", "/etc"]) {
      let caught: unknown;
      try {
        getSampleDirectory(name);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BuildlabError);
      expect((caught as BuildlabError).code).toBe("not_found");
    }
  });
});

describe("shipped samples", () => {
  let dataDir: string | undefined;

  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const expectations = [
    {
      name: "python-web",
      baseImages: ["localhost:5000/buildlab/python:3.11-bookworm"],
      stages: 1,
      files: ["requirements.txt", "vendor/greeting/pyproject.toml", "vendor/greeting/greeting/__init__.py", "app.py"],
    },
    {
      name: "multi-stage",
      baseImages: ["localhost:5000/buildlab/busybox:lab"],
      stages: 2,
      files: ["src/make-report.sh", "src/message.txt"],
    },
  ];

  for (const expected of expectations) {
    it(`stores ${expected.name} with a valid Dockerfile`, async () => {
      dataDir = mkdtempSync(join(tmpdir(), "buildlab-samples-test-"));

      const stored = await storeContext(
        { kind: "directory", path: getSampleDirectory(expected.name) },
        { dataDir, maxBytes: 1024 * 1024, maxFiles: 100 },
      );

      expect(stored.parsed.problems).toEqual([]);
      expect(stored.parsed.baseImages).toEqual(expected.baseImages);
      expect(stored.parsed.stages).toHaveLength(expected.stages);
      const names = (await readTar(stored.path)).map((entry) => entry.name);
      expect(names).toEqual(expect.arrayContaining(["Dockerfile", ".dockerignore", ...expected.files]));
      expect(names).not.toContain("sample.json");
    });
  }
});
