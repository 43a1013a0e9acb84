import { BuildlabError } from "../errors";

/** Returns the `invalid_context` error for a symbolic link whose target resolves outside the context. */
export function escapingSymlinkError(name: string, target: string): BuildlabError {
  return new BuildlabError(
    "invalid_context",
    `Symbolic link "${name}" points to "${target}", which is outside the context. ` +
      "Replace it with the file it points to or with a relative link inside the context, then upload it again.",
    { entry: name, target },
  );
}
