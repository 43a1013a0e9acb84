import { describe, expect, it } from "vitest";

import { BuildlabError } from "../errors";
import { checkDockerfileOrThrow } from "./check-dockerfile-or-throw";
import { parseDockerfile } from "./parse-dockerfile";

describe("parseDockerfile", () => {
  it("lists instructions with 1-based lines", () => {
    const parsed = parseDockerfile(
      ["# comment", "FROM busybox", "RUN echo one \\", "    && echo two", "COPY --from=0 /a /b", ""].join("\n"),
    );

    expect(parsed.instructions).toEqual([
      { line: 2, keyword: "FROM", args: "busybox" },
      { line: 3, keyword: "RUN", args: "echo one && echo two" },
      { line: 5, keyword: "COPY", args: "--from=0 /a /b" },
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it("names stages and their base images", () => {
    const parsed = parseDockerfile(
      ["FROM localhost:5000/buildlab/busybox:lab AS Build", "RUN true", "FROM build", "FROM scratch AS final"].join("\n"),
    );

    expect(parsed.stages).toEqual([
      { index: 0, name: "build", baseImage: "localhost:5000/buildlab/busybox:lab", line: 1 },
      { index: 1, baseImage: "build", line: 3 },
      { index: 2, name: "final", baseImage: "scratch", line: 4 },
    ]);
    expect(parsed.baseImages).toEqual(["localhost:5000/buildlab/busybox:lab"]);
  });

  it("substitutes ARG defaults in FROM", () => {
    const parsed = parseDockerfile(
      [
        "ARG REGISTRY=localhost:5000",
        'ARG TAG="3.11-bookworm"',
        "ARG UNSET",
        "FROM ${REGISTRY}/buildlab/python:${TAG}",
        "FROM $REGISTRY/buildlab/busybox:lab",
        "FROM ${UNSET:-localhost:5000/fallback}:1",
        "FROM ${REGISTRY:+localhost:5000/alternative}:2",
      ].join("\n"),
    );

    expect(parsed.baseImages).toEqual([
      "localhost:5000/buildlab/python:3.11-bookworm",
      "localhost:5000/buildlab/busybox:lab",
      "localhost:5000/fallback:1",
      "localhost:5000/alternative:2",
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it("ignores ARGs declared inside a stage for FROM", () => {
    const parsed = parseDockerfile(["FROM busybox", "ARG TAG=inner", "FROM busybox:${TAG:-outer}"].join("\n"));

    expect(parsed.baseImages).toEqual(["busybox", "busybox:outer"]);
  });

  it("counts only earlier stages as stage references", () => {
    const parsed = parseDockerfile(
      ["FROM later", "FROM busybox AS base", "FROM base", "FROM busybox AS later", "FROM BASE"].join("\n"),
    );

    expect(parsed.baseImages).toEqual(["later", "busybox"]);
  });

  it("lists each base image once", () => {
    const parsed = parseDockerfile(["FROM busybox AS a", "FROM busybox AS b", "FROM alpine", "FROM busybox"].join("\n"));

    expect(parsed.baseImages).toEqual(["busybox", "alpine"]);
  });

  it("reports a syntax error with its line", () => {
    const parsed = parseDockerfile(["FROM busybox", "RUN true", 'ENV GREETING="unterminated', "RUN true"].join("\n"));

    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].line).toBe(3);
    expect(parsed.problems[0].message).toContain("double-quote");
  });

  it("reports an invalid argument with its line", () => {
    const parsed = parseDockerfile(["FROM busybox", "EXPOSE eighty", "RUN true"].join("\n"));

    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].line).toBe(2);
    expect(parsed.problems[0].message).toContain("eighty");
  });

  it("reports an unknown instruction once", () => {
    const parsed = parseDockerfile(["FROM busybox", "RUN true", "FORM busybox"].join("\n"));

    expect(parsed.problems).toEqual([{ line: 3, message: expect.stringContaining("Unknown instruction FORM") }]);
  });

  it("reports an unknown ONBUILD trigger", () => {
    const parsed = parseDockerfile(["FROM busybox", "ONBUILD FORM x"].join("\n"));

    expect(parsed.problems.map((problem) => problem.line)).toEqual([2]);
  });

  it("reports a Dockerfile without FROM", () => {
    const parsed = parseDockerfile(["ARG A=1", "ARG B=2"].join("\n"));

    expect(parsed.problems).toEqual([{ line: 1, message: expect.stringContaining("no FROM instruction") }]);
    expect(parsed.stages).toEqual([]);
  });

  it("reports an empty Dockerfile", () => {
    for (const text of ["", "\n\n", "# only a comment\n"]) {
      const parsed = parseDockerfile(text);
      expect(parsed.problems).toEqual([{ line: 1, message: expect.stringContaining("empty") }]);
    }
  });

  it("reports instructions before the first FROM", () => {
    const parsed = parseDockerfile(["ARG BASE=busybox", "ENV A=1", "RUN true", "FROM $BASE"].join("\n"));

    expect(parsed.problems).toEqual([
      { line: 2, message: expect.stringContaining("ENV comes before the first FROM") },
      { line: 3, message: expect.stringContaining("RUN comes before the first FROM") },
    ]);
  });

  it("leaves warnings out", () => {
    const parsed = parseDockerfile(["from busybox", "workdir relative", "MAINTAINER someone"].join("\n"));

    expect(parsed.problems).toEqual([]);
    expect(parsed.instructions.map((instruction) => instruction.keyword)).toEqual(["FROM", "WORKDIR", "MAINTAINER"]);
  });

  it("sorts problems by line", () => {
    const parsed = parseDockerfile(["FROM busybox", "FORM x", "EXPOSE abc", "COPY onlyone"].join("\n"));

    expect(parsed.problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
  });
});

describe("checkDockerfileOrThrow", () => {
  it("returns the parse of a valid Dockerfile", () => {
    const parsed = checkDockerfileOrThrow("FROM busybox\nRUN true\n");

    expect(parsed.baseImages).toEqual(["busybox"]);
  });

  it("throws invalid_dockerfile listing each line", () => {
    let caught: unknown;
    try {
      checkDockerfileOrThrow(["RUN true", "FROM busybox", "FORM x"].join("\n"));
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(BuildlabError);
    const error = caught as BuildlabError;
    expect(error.code).toBe("invalid_dockerfile");
    expect(error.status).toBe(400);
    expect(error.message).toContain("2 problems");
    expect(error.message).toContain("line 1: RUN comes before the first FROM");
    expect(error.message).toContain("line 3: Unknown instruction FORM");
    expect(error.message).toMatch(/Fix the lines listed/);
    expect(error.details).toEqual({ problems: [expect.objectContaining({ line: 1 }), expect.objectContaining({ line: 3 })] });
  });
});
