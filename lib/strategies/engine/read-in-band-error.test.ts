import { describe, expect, it } from "vitest";
import { readInBandError } from "./read-in-band-error";

describe("readInBandError", () => {
  it.each([
    [{ errorDetail: { code: 3, message: "returned a non-zero code: 3" }, error: "returned a non-zero code: 3" }, "returned a non-zero code: 3"],
    [{ error: "only the short form" }, "only the short form"],
    [{ errorDetail: { message: "" }, error: "fallback" }, "fallback"],
    [{ error: { unexpected: true } }, 'the Docker Engine reported an error without a message: {"error":{"unexpected":true}}'],
    [{ stream: "Step 1/2 : FROM busybox" }, undefined],
    [{ status: "Pushed", progressDetail: {} }, undefined],
  ])("reads %j", (message, expected) => {
    expect(readInBandError(message)).toBe(expected);
  });
});
