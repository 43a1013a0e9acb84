import { describe, expect, it } from "vitest";
import { BuildlabError } from "../errors";
import { DEFAULT_SNIPPET_IMAGES } from "./default-snippet-images";
import { snippetInputFromComparison } from "./snippet-input-from-comparison";
import { makeComparisonView } from "./testing/make-comparison-view";

describe("snippetInputFromComparison", () => {
  it("takes the Dockerfile path and strategy", () => {
    const input = snippetInputFromComparison(makeComparisonView(), { strategy: "socket", mode: "classic" });

    expect(input.dockerfilePath).toBe("docker/Dockerfile");
    expect(input.context).toBe(".");
    expect(input.strategy).toBe("socket");
    expect(input.mode).toBe("classic");
    expect(input.images).toEqual(DEFAULT_SNIPPET_IMAGES);
  });

  it("names a placeholder destination after the title", () => {
    const input = snippetInputFromComparison(makeComparisonView({ title: "My App: v2!" }), { strategy: "dind" });

    expect(input.destination).toBe("registry.example.com/team/my-app-v2:latest");
    expect(input.registry).toBe("registry.example.com");
  });

  it("uses the given destination and context", () => {
    const input = snippetInputFromComparison(makeComparisonView(), { strategy: "kaniko" }, { destination: "ghcr.io/acme/web:1.2", context: "./services/web/" });

    expect(input.destination).toBe("ghcr.io/acme/web:1.2");
    expect(input.registry).toBe("ghcr.io");
    expect(input.context).toBe("services/web");
  });

  it("turns the cache on for warm scenarios", () => {
    const warm = snippetInputFromComparison(makeComparisonView({ scenarios: ["cold", "warm-same"] }), { strategy: "socket" });
    const cold = snippetInputFromComparison(makeComparisonView({ scenarios: ["cold"] }), { strategy: "socket" });

    expect(warm.cache.enabled).toBe(true);
    expect(cold.cache.enabled).toBe(false);
  });

  it("keeps Kaniko's cache in its own repository", () => {
    const options = { destination: "ghcr.io/acme/web:1.2" };
    const kaniko = snippetInputFromComparison(makeComparisonView(), { strategy: "kaniko" }, options);
    const socket = snippetInputFromComparison(makeComparisonView(), { strategy: "socket" }, options);

    expect(kaniko.cache.ref).toBe("ghcr.io/acme/web/cache");
    expect(socket.cache.ref).toBe("ghcr.io/acme/web:buildcache");
  });

  it.each([
    ["a strategy the comparison did not use", { strategy: "kaniko" as const, mode: "docker" }, {}, /did not use kaniko \(docker\)/],
    ["a context outside the repository", { strategy: "socket" as const }, { context: "../other" }, /leaves the repository/],
    ["a context that needs quoting", { strategy: "socket" as const }, { context: "my app" }, /shell quoting/],
    ["an invalid destination", { strategy: "socket" as const }, { destination: "UPPER/Case:tag" }, /Invalid image reference/],
  ])("rejects %s", (_name, choice, options, message) => {
    const call = () => snippetInputFromComparison(makeComparisonView(), choice, options);

    expect(call).toThrow(BuildlabError);
    expect(call).toThrow(message);
  });
});

describe("snippetInputFromComparison images", () => {
  it("replaces the images it is given", () => {
    const input = snippetInputFromComparison(makeComparisonView(), { strategy: "kaniko" }, { images: { kaniko: "registry.example.com/kaniko/executor:v1.25.1-debug" } });

    expect(input.images.kaniko).toBe("registry.example.com/kaniko/executor:v1.25.1-debug");
    expect(input.images.dind).toBe(DEFAULT_SNIPPET_IMAGES.dind);
  });

  it("rejects an image with shell text", () => {
    const call = () => snippetInputFromComparison(makeComparisonView(), { strategy: "kaniko" }, { images: { kaniko: "kaniko; rm -rf /" } });

    expect(call).toThrow(/Invalid image reference/);
  });
});
