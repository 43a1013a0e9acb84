import { describe, expect, it } from "vitest";
import { parseStepName } from "./parse-step-name";

describe("parseStepName", () => {
  it.each([
    ["[1/4] FROM localhost:5000/buildlab/busybox:lab", { stage: undefined, index: 1, total: 4, instruction: "FROM localhost:5000/buildlab/busybox:lab" }],
    ["[3/4] RUN echo building && cat /hello.txt", { stage: undefined, index: 3, total: 4, instruction: "RUN echo building && cat /hello.txt" }],
    ["[build 2/3] RUN echo compiled > /out.txt", { stage: "build", index: 2, total: 3, instruction: "RUN echo compiled > /out.txt" }],
    ["[stage-1 2/3] COPY --from=build /out.txt /out.txt", { stage: "stage-1", index: 2, total: 3, instruction: "COPY --from=build /out.txt /out.txt" }],
    ["[2/2] RUN <<EOF\necho a\nEOF", { stage: undefined, index: 2, total: 2, instruction: "RUN <<EOF\necho a\nEOF" }],
  ])("parses %j", (name, expected) => {
    expect(parseStepName(name)).toEqual(expected);
  });

  it.each([
    "[internal] load remote build context",
    "[internal] load metadata for localhost:5000/buildlab/busybox:lab",
    "copy /context /",
    "exporting to image",
    "[auth] library/busybox:pull token for registry-1.docker.io",
  ])("rejects %j", (name) => {
    expect(parseStepName(name)).toBeUndefined();
  });
});
