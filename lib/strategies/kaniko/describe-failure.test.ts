import { describe, expect, it } from "vitest";
import { getEnv } from "../../env";
import type { KanikoLogSummary } from "./create-kaniko-log-parser";
import { readKanikoSettings } from "./kaniko-settings";
import { describeFailure } from "./run-kaniko-build";

/** Parses settings from these variables alone, without the process environment. */
const envWith = (values: Record<string, string>) => getEnv(values as NodeJS.ProcessEnv);

const settings = readKanikoSettings(envWith({ BUILDLAB_KANIKO_MEMORY_BYTES: String(512 * 1024 * 1024) }));
const summary: KanikoLogSummary = { steps: [], lastLines: ["line one", "line two"] };
const ref = "localhost:5000/buildlab/cmp:run";

describe("describeFailure", () => {
  it("names the failing step and the executor's error", () => {
    const message = describeFailure(
      { kind: "exited", exitCode: 3 },
      { ...summary, failedStep: "RUN exit 3", failedIn: "build", errorMessage: "error building image: exit status 3" },
      settings,
      ref,
    );

    expect(message).toMatch(/^Step "RUN exit 3" failed: error building image: exit status 3\./);
    expect(message).toContain("Last lines of the executor's output:\nline one\nline two");
  });

  it("explains a base image that could not be fetched", () => {
    const message = describeFailure({ kind: "exited", exitCode: 1 }, { ...summary, failedIn: "base", errorMessage: "MANIFEST_UNKNOWN" }, settings, ref);

    expect(message).toMatch(/^The base image could not be fetched: MANIFEST_UNKNOWN\./);
  });

  it("explains a failed push", () => {
    const message = describeFailure({ kind: "exited", exitCode: 1 }, { ...summary, failedIn: "push", errorMessage: "UNAUTHORIZED" }, settings, ref);

    expect(message).toMatch(/^Pushing the image to localhost:5000\/buildlab\/cmp:run failed: UNAUTHORIZED\./);
  });

  it("names the memory limit of an out-of-memory kill", () => {
    const message = describeFailure({ kind: "oom-killed" }, { ...summary, failedStep: "RUN make" }, settings, ref);

    expect(message).toContain("ran out of memory at its limit of 512.0 MiB");
    expect(message).toContain('(OOMKilled) during step "RUN make"');
    expect(message).toContain("BUILDLAB_KANIKO_MEMORY_BYTES");
  });

  it("names the deadline that was exceeded", () => {
    const message = describeFailure({ kind: "deadline-exceeded", seconds: 30 }, summary, settings, ref);

    expect(message).toMatch(/^The build exceeded its deadline of 30 s and was stopped \(DeadlineExceeded\)\./);
    expect(message).toContain("BUILDLAB_KANIKO_DEADLINE_SECONDS");
  });

  it("explains a context the executor could not read", () => {
    const message = describeFailure({ kind: "exited", exitCode: 1 }, { steps: [], lastLines: [], failedIn: "context", errorMessage: "gzip: invalid header" }, settings, ref);

    expect(message).toBe("The executor could not read the context: gzip: invalid header.");
  });

  it("falls back to the exit code", () => {
    const message = describeFailure({ kind: "exited", exitCode: 2 }, { steps: [], lastLines: [] }, settings, ref);

    expect(message).toBe("The executor exited with code 2.");
  });
});
