import { describe, expect, it } from "vitest";
import { describeEngineError } from "./describe-engine-error";

function modemError(message: string, statusCode?: number): Error {
  return Object.assign(new Error(message), statusCode === undefined ? {} : { statusCode });
}

describe("describeEngineError", () => {
  it.each([
    [
      modemError("(HTTP code 404) unexpected - manifest for localhost:5000/buildlab/does-not-exist:1 not found: manifest unknown: manifest unknown ", 404),
      { statusCode: 404, message: "manifest for localhost:5000/buildlab/does-not-exist:1 not found: manifest unknown: manifest unknown" },
    ],
    [
      modemError("(HTTP code 400) unexpected - dockerfile parse error line 2: unknown instruction: RUNN ", 400),
      { statusCode: 400, message: "dockerfile parse error line 2: unknown instruction: RUNN" },
    ],
    [
      modemError('(HTTP code 500) server error - Get "http://localhost:5001/v2/": dial tcp 127.0.0.1:5001: connect: connection refused ', 500),
      { statusCode: 500, message: 'Get "http://localhost:5001/v2/": dial tcp 127.0.0.1:5001: connect: connection refused' },
    ],
    [modemError("connect ENOENT /nowhere/docker.sock"), { message: "connect ENOENT /nowhere/docker.sock" }],
    ["plain text", { message: "plain text" }],
  ])("describes %s", (error, expected) => {
    expect(describeEngineError(error)).toEqual(expected);
  });
});
