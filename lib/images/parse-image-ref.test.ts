import { describe, expect, it } from "vitest";
import { parseChallenge } from "./create-registry-client";
import { isLoopbackHost, parseImageRef } from "./parse-image-ref";

describe("parseImageRef", () => {
  it.each([
    ["localhost:5000/buildlab/app:run-1", { registry: "localhost:5000", baseUrl: "http://127.0.0.1:5000", repository: "buildlab/app", reference: "run-1" }],
    ["127.0.0.1:5000/app", { registry: "127.0.0.1:5000", baseUrl: "http://127.0.0.1:5000", repository: "app", reference: "latest" }],
    [`localhost:5000/app:tag@sha256:${"a".repeat(64)}`, { registry: "localhost:5000", baseUrl: "http://127.0.0.1:5000", repository: "app", reference: `sha256:${"a".repeat(64)}` }],
    ["registry.example.com/team/app:1.0", { registry: "registry.example.com", baseUrl: "https://registry.example.com", repository: "team/app", reference: "1.0" }],
    ["busybox", { registry: "docker.io", baseUrl: "https://registry-1.docker.io", repository: "library/busybox", reference: "latest" }],
  ])("parses %s", (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });

  it("uses plain HTTP for a host listed as plain HTTP", () => {
    expect(parseImageRef("registry.lab:5000/app:1", ["registry.lab:5000"]).baseUrl).toBe("http://registry.lab:5000");
  });

  it("rejects an invalid reference with the expected form", () => {
    expect(() => parseImageRef("Upper/Case")).toThrow(/Invalid image reference "Upper\/Case".*host:port\/repository:tag/);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["localhost:5000", true],
    ["127.0.0.1", true],
    ["127.10.0.3:80", true],
    ["[::1]:5000", true],
    ["10.0.0.1:5000", false],
    ["localhost.example.com", false],
  ])("%s is loopback: %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("parseChallenge", () => {
  it("reads the scheme and quoted parameters", () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry",scope="repository:app:pull"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.example.com/token", service: "registry", scope: "repository:app:pull" },
    });
  });
});
