import { describe, expect, it } from "vitest";
import { buildExecutorArgs, type ExecutorArgsInput } from "./build-executor-args";

const base: ExecutorArgsInput = {
  dockerfilePath: "Dockerfile",
  imageRef: "localhost:5000/buildlab/cmp1:run1",
  push: true,
  scenario: "cold",
  cacheRepo: "localhost:5000/buildlab/kaniko-cache/cmp1",
  insecureRegistries: ["localhost:5000"],
  digestPath: "/dev/termination-log",
};

describe("buildExecutorArgs", () => {
  it("reads the context from stdin and pushes to the destination", () => {
    const args = buildExecutorArgs(base);

    expect(args).toContain("--context=tar://stdin");
    expect(args).toContain("--dockerfile=Dockerfile");
    expect(args).toContain("--destination=localhost:5000/buildlab/cmp1:run1");
    expect(args).toContain("--digest-file=/dev/termination-log");
    expect(args).not.toContain("--no-push");
  });

  it("adds --no-push when the result is not pushed", () => {
    const args = buildExecutorArgs({ ...base, push: false });

    expect(args).toContain("--no-push");
    expect(args).toContain("--destination=localhost:5000/buildlab/cmp1:run1");
  });

  it("turns the cache off for the cold scenario", () => {
    const args = buildExecutorArgs(base);

    expect(args).toContain("--cache=false");
    expect(args.some((arg) => arg.startsWith("--cache-repo"))).toBe(false);
  });

  it.each(["warm-change", "warm-same"])("uses the comparison's cache repository for %s", (scenario) => {
    const args = buildExecutorArgs({ ...base, scenario });

    expect(args).toContain("--cache=true");
    expect(args).toContain("--cache-repo=localhost:5000/buildlab/kaniko-cache/cmp1");
    expect(args).not.toContain("--cache=false");
  });

  it("allows plain HTTP only for the listed registries", () => {
    const args = buildExecutorArgs(base);

    expect(args).toContain("--insecure-registry=localhost:5000");
    expect(args).toContain("--skip-tls-verify-registry=localhost:5000");
    expect(args).not.toContain("--insecure");
    expect(args).not.toContain("--insecure-pull");
    expect(args).not.toContain("--skip-tls-verify");
    expect(args).not.toContain("--skip-tls-verify-pull");
  });

  it("adds no insecure flags for a TLS registry", () => {
    const args = buildExecutorArgs({ ...base, imageRef: "registry.example.test/team/app:1", insecureRegistries: [] });

    expect(args.filter((arg) => /insecure|skip-tls/.test(arg))).toEqual([]);
  });

  it("asks for timestamped plain-text logs", () => {
    const args = buildExecutorArgs(base);

    expect(args).toContain("--log-timestamp");
    expect(args).toContain("--log-format=text");
  });

  it("passes a Dockerfile path relative to the context", () => {
    expect(buildExecutorArgs({ ...base, dockerfilePath: "./docker/Dockerfile.prod" })).toContain(
      "--dockerfile=docker/Dockerfile.prod",
    );
    expect(buildExecutorArgs({ ...base, dockerfilePath: "/Dockerfile" })).toContain("--dockerfile=Dockerfile");
  });
});
