import { describe, expect, it } from "vitest";
import { classifyBaseImage } from "./classify-base-image";

describe("classifyBaseImage", () => {
  it.each([
    ["localhost:5000/buildlab/busybox:lab", "localhost:5000", "localhost:5000/buildlab/busybox:lab", "lab"],
    ["127.0.0.1:5000/buildlab/busybox:lab", "127.0.0.1:5000", "127.0.0.1:5000/buildlab/busybox:lab", "lab"],
    ["localhost:5001/other/image:1", "localhost:5001", "localhost:5001/other/image:1", "lab"],
    ["registry.lab.test:5000/team/app:2", "registry.lab.test:5000", "registry.lab.test:5000/team/app:2", "lab"],
    ["example.invalid/nothing:1", "example.invalid", "example.invalid/nothing:1", "remote"],
    ["busybox", "docker.io", "docker.io/library/busybox:latest", "remote"],
    ["python:3.12-slim", "docker.io", "docker.io/library/python:3.12-slim", "remote"],
    ["ghcr.io/owner/tool", "ghcr.io", "ghcr.io/owner/tool:latest", "remote"],
  ])("classifies %s", (ref, registry, pullRef, source) => {
    expect(classifyBaseImage(ref, "registry.lab.test:5000")).toEqual({ ref, registry, pullRef, source });
  });

  it("keeps a digest reference", () => {
    const digest = `sha256:${"a".repeat(64)}`;

    expect(classifyBaseImage(`localhost:5000/buildlab/busybox@${digest}`, "localhost:5000").pullRef).toBe(
      `localhost:5000/buildlab/busybox@${digest}`,
    );
  });

  it("rejects an invalid reference", () => {
    expect(() => classifyBaseImage("Not A Reference", "localhost:5000")).toThrow(
      /^base image "Not A Reference" is not a valid image reference: /,
    );
  });
});
