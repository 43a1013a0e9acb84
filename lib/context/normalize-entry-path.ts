import { BuildlabError } from "../errors";

/**
 * Normalizes a path inside the context to the form stored in the tar: relative, with "/" separators,
 * no "." segments and no trailing slash. Returns "" for the context root itself.
 * Throws `invalid_context` for absolute paths, ".." segments and NUL bytes, which could place an
 * entry outside the context when the tar is unpacked.
 */
export function normalizeEntryPath(raw: string): string {
  if (raw.includes("\0")) {
    throw new BuildlabError(
      "invalid_context",
      `Context entry ${JSON.stringify(raw)} contains a NUL byte. Rename the file and upload the context again.`,
      { entry: raw },
    );
  }
  if (raw.startsWith("/")) {
    throw new BuildlabError(
      "invalid_context",
      `Context entry "${raw}" is an absolute path. Pack the context with paths relative to its root, ` +
        "for example with `tar -C DIR -cf context.tar .`.",
      { entry: raw },
    );
  }

  const segments = raw.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) {
    throw new BuildlabError(
      "invalid_context",
      `Context entry "${raw}" has a ".." segment, which points outside the context. ` +
        "Pack the context from its root folder so that every path stays inside it.",
      { entry: raw },
    );
  }
  return segments.join("/");
}
