import { describe, expect, it } from "vitest";
import { readApiError } from "./read-api-error";

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

describe("readApiError", () => {
  it("lists Dockerfile problems by line", async () => {
    const response = jsonResponse(400, {
      error: {
        code: "invalid_dockerfile",
        message: "The Dockerfile has 1 problem:\nline 2: unknown instruction COPPY",
        details: { problems: [{ line: 2, message: "unknown instruction COPPY" }] },
      },
    });

    const error = await readApiError(response);

    expect(error.code).toBe("invalid_dockerfile");
    expect(error.problems).toEqual([{ line: 2, message: "unknown instruction COPPY" }]);
  });

  it("leaves field problems to the message", async () => {
    const response = jsonResponse(400, {
      error: { code: "invalid_input", message: "Invalid request: iterations: too small", details: { problems: [{ field: "iterations", message: "too small" }] } },
    });

    const error = await readApiError(response);

    expect(error.message).toBe("Invalid request: iterations: too small");
    expect(error.problems).toEqual([]);
  });

  it("reports a body that is not JSON with its status", async () => {
    const response = new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" });

    const error = await readApiError(response);

    expect(error.code).toBe("http_502");
    expect(error.message).toBe("The server responded with 502 Bad Gateway: <html>Bad gateway</html>");
  });
});
