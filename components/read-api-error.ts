import type { ApiErrorBody, DockerfileProblem, InputProblem, ShownApiError } from "./api-types";

/**
 * Reads the `{ error: { code, message, details } }` body of a failed API response. A body that is
 * not that shape, such as a proxy's HTML page, still gives a message with the HTTP status.
 */
export async function readApiError(response: Response): Promise<ShownApiError> {
  const text = await response.text();

  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = JSON.parse(text) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }

  const error = body?.error;
  if (!error || typeof error.message !== "string") {
    const excerpt = text.trim().slice(0, 200);
    return {
      code: `http_${response.status}`,
      message: `The server responded with ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : "."}`,
      problems: [],
    };
  }

  // Field problems are already spelled out in the message; only Dockerfile lines are listed apart.
  const listed: InputProblem[] = Array.isArray(error.details?.problems) ? error.details.problems : [];
  const problems = listed.filter((problem): problem is DockerfileProblem => typeof problem.line === "number");
  return { code: String(error.code ?? "unknown"), message: error.message, problems };
}
