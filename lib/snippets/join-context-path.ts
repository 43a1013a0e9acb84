import path from "node:path";

/** Joins a workspace folder (which may be a shell variable such as "$CI_PROJECT_DIR"), the context and a path inside it. */
export function joinContextPath(workspace: string, context: string, inside = ""): string {
  const relative = path.posix.join(context, inside);
  if (relative === ".") return workspace;
  return `${workspace}/${relative.replace(/^\.\//, "")}`;
}
