import { describe, expect, it } from "vitest";
import { getEnv } from "../../env";
import { cacheRepoForComparison, executorNameFor, isLoopbackRegistry, readKanikoSettings } from "./kaniko-settings";

/** Parses settings from these variables alone, without the process environment. */
const envWith = (values: Record<string, string>) => getEnv(values as NodeJS.ProcessEnv);

describe("readKanikoSettings", () => {
  it("allows plain HTTP for a loopback registry only", () => {
    expect(readKanikoSettings(envWith({ BUILDLAB_REGISTRY: "localhost:5000" })).insecureRegistries).toEqual(["localhost:5000"]);
    expect(readKanikoSettings(envWith({ BUILDLAB_REGISTRY: "registry.example.test" })).insecureRegistries).toEqual([]);
  });

  it("reads listed insecure registries", () => {
    const settings = readKanikoSettings(envWith({ BUILDLAB_KANIKO_INSECURE_REGISTRIES: "a:5000, b:5000" }));

    expect(settings.insecureRegistries).toEqual(["a:5000", "b:5000"]);
  });

  it("falls back to the build timeout as deadline", () => {
    expect(readKanikoSettings(envWith({ BUILDLAB_BUILD_TIMEOUT_SECONDS: "120" })).deadlineSeconds).toBe(120);
    expect(readKanikoSettings(envWith({ BUILDLAB_KANIKO_DEADLINE_SECONDS: "30" })).deadlineSeconds).toBe(30);
  });

  it("puts each comparison's cache in its own repository", () => {
    const settings = readKanikoSettings(envWith({ BUILDLAB_REGISTRY: "localhost:5000" }));

    expect(cacheRepoForComparison(settings, "Cmp_42")).toBe("localhost:5000/buildlab/kaniko-cache/cmp_42");
  });
});

describe("executorNameFor", () => {
  it("makes a valid pod name", () => {
    expect(executorNameFor("Run_ABC.1")).toBe("buildlab-kaniko-run-abc-1");
    expect(executorNameFor("x".repeat(100))).toHaveLength(63);
  });
});

describe("isLoopbackRegistry", () => {
  it.each([
    ["localhost:5000", true],
    ["127.0.0.1:5000", true],
    ["[::1]:5000", true],
    ["registry.example.test", false],
    ["10.0.0.5:5000", false],
  ])("classifies %s", (registry, expected) => {
    expect(isLoopbackRegistry(registry)).toBe(expected);
  });
});
