import { BuildlabError } from "../errors";

/** Returns the `context_too_large` error for the entry at which `maxFiles` or `maxBytes` was crossed. */
export function contextTooLargeError(limit: "files" | "bytes", max: number, entry: string): BuildlabError {
  const description = limit === "files" ? `has more than ${max} files` : `has files that add up to more than ${max} bytes`;
  return new BuildlabError(
    "context_too_large",
    `The context ${description} (limit reached at "${entry}"). ` +
      "Add what the build does not need to .dockerignore, or upload a smaller context.",
    { limit, max, entry },
  );
}
