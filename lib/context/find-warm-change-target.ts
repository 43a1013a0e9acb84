import { matchesGlob } from "node:path";

import type { ContextFilter } from "./create-context-filter";
import type { DockerfileInstruction, ParsedDockerfile } from "./types";

/** Name of the file that a warm change adds to a copied folder. */
export const CHANGE_FILE_NAME = ".buildlab-change";

/** The entries of a stored context tar, without their content. */
export interface ContextIndex {
  /** Entry types by normalized path: "file", "directory", "symlink", "link". */
  types: Map<string, string>;
  /** Paths of regular files, in tar order. */
  files: string[];
  /** Every folder that contains an entry, with or without its own entry. The root is "". */
  folders: Set<string>;
  /** Files that a hard link points to. Changing one would change the link's path as well. */
  linkTargets: Set<string>;
}

export interface WarmChangeTarget {
  /** "append" changes an existing file, and "add" creates `path`. */
  action: "append" | "add";
  /** Path inside the context. */
  path: string;
  /** The COPY or ADD instruction whose source contains `path`. */
  instruction: DockerfileInstruction;
}

interface SearchContext {
  index: ContextIndex;
  filter: ContextFilter;
  dockerfilePath: string;
}

/**
 * Picks the file a warm change touches so that only the last layers are rebuilt. It looks at the
 * COPY and ADD instructions without `--from` of the final stage, from the last one up, then at
 * those of the stages the final stage uses, from the latest stage back. The first source that
 * resolves wins: a single file is changed in place. For a folder or `.`, `.buildlab-change` is
 * added inside it unless `.dockerignore` or `--exclude` drops that name, and then the folder's
 * first file is changed instead. The Dockerfile and `.dockerignore` are never picked.
 * Returns undefined when no source qualifies.
 */
export function findWarmChangeTarget(
  parsed: ParsedDockerfile,
  search: SearchContext,
): WarmChangeTarget | undefined {
  for (const instruction of listCopyInstructions(parsed)) {
    const { flags, sources } = splitCopyArguments(instruction.args);
    if (flags.some((flag) => flag.startsWith("--from="))) continue;
    const excludes = flags.filter((flag) => flag.startsWith("--exclude=")).map((flag) => flag.slice("--exclude=".length));

    for (const source of [...sources].reverse()) {
      const target = resolveSource(source, instruction, excludes, search);
      if (target) return target;
    }
  }
  return undefined;
}

/** Lists COPY and ADD instructions of the final stage and the stages it uses, the latest first. */
function listCopyInstructions(parsed: ParsedDockerfile): DockerfileInstruction[] {
  const stageOf = (instruction: DockerfileInstruction) =>
    parsed.stages.findLastIndex((stage) => stage.line <= instruction.line);
  const stages = listUsedStages(parsed, stageOf);

  return parsed.instructions
    .filter((instruction) => instruction.keyword === "COPY" || instruction.keyword === "ADD")
    .filter((instruction) => stages.has(stageOf(instruction)))
    .sort((a, b) => stageOf(b) - stageOf(a) || b.line - a.line);
}

/** Returns the final stage and every stage it reaches through FROM, `COPY --from` or `RUN --mount=from=`. */
function listUsedStages(parsed: ParsedDockerfile, stageOf: (instruction: DockerfileInstruction) => number): Set<number> {
  const used = new Set<number>();
  const pending = parsed.stages.length > 0 ? [parsed.stages.length - 1] : [];

  while (pending.length > 0) {
    const current = pending.pop() as number;
    if (used.has(current)) continue;
    used.add(current);

    const references = [parsed.stages[current].baseImage];
    for (const instruction of parsed.instructions.filter((candidate) => stageOf(candidate) === current)) {
      for (const match of instruction.args.matchAll(/(?:^|[\s,=])(?:--)?from=([^\s,]+)/g)) references.push(match[1]);
    }
    for (const reference of references) {
      const stage = findStage(parsed, reference, current);
      if (stage !== undefined) pending.push(stage);
    }
  }
  return used;
}

/** Returns the index of the earlier stage that `reference` names by name or number, if any. */
function findStage(parsed: ParsedDockerfile, reference: string, before: number): number | undefined {
  const name = reference.toLowerCase();
  const index = /^\d+$/.test(name) ? Number(name) : parsed.stages.findIndex((stage) => stage.name === name);
  return index >= 0 && index < before ? index : undefined;
}

/**
 * Splits COPY or ADD arguments into leading `--flag=value` flags and source paths, leaving out the
 * destination. Both the JSON form and the whitespace-separated form are read. Docker writes flag
 * values without spaces, so a flag is one word.
 */
function splitCopyArguments(args: string): { flags: string[]; sources: string[] } {
  const flags: string[] = [];
  let rest = args.trim();
  for (let flag = /^--\S*\s*/.exec(rest); flag; flag = /^--\S*\s*/.exec(rest)) {
    flags.push(flag[0].trim());
    rest = rest.slice(flag[0].length);
  }

  let paths: string[] = [];
  if (rest.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) paths = parsed;
    } catch {
      // Not JSON after all: a path starting with "[" is too rare to guess at.
    }
  } else {
    paths = rest.split(/\s+/).filter((path) => path !== "");
  }
  return { flags, sources: paths.slice(0, -1) };
}

function resolveSource(
  raw: string,
  instruction: DockerfileInstruction,
  excludes: string[],
  search: SearchContext,
): WarmChangeTarget | undefined {
  // None of these is a context path to change: the builder fetches URLs and Git repositories,
  // heredocs live in the Dockerfile, and a variable's value is not known here.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith("git@") || raw.startsWith("<<") || raw.includes("$")) {
    return undefined;
  }
  const path = normalizeSourcePath(raw);
  if (path === undefined) return undefined;

  if (/[*?[\\]/.test(path)) {
    for (const candidate of [...search.index.types.keys()]) {
      if (!matchesGlob(candidate, path)) continue;
      const target = resolvePath(candidate, instruction, excludes, search);
      if (target) return target;
    }
    return undefined;
  }
  return resolvePath(path, instruction, excludes, search);
}

function resolvePath(
  path: string,
  instruction: DockerfileInstruction,
  excludes: string[],
  search: SearchContext,
): WarmChangeTarget | undefined {
  if (search.index.folders.has(path)) return resolveFolder(path, instruction, excludes, search);
  if (!isChangeableFile(path, instruction, search)) return undefined;
  return { action: "append", path, instruction };
}

function resolveFolder(
  folder: string,
  instruction: DockerfileInstruction,
  excludes: string[],
  search: SearchContext,
): WarmChangeTarget | undefined {
  const changePath = folder === "" ? CHANGE_FILE_NAME : `${folder}/${CHANGE_FILE_NAME}`;
  const existing = search.index.types.get(changePath);
  const sent = search.filter.includes(changePath) && !isExcluded(CHANGE_FILE_NAME, excludes);
  if (sent && existing === undefined) return { action: "add", path: changePath, instruction };
  if (sent && isChangeableFile(changePath, instruction, search)) return { action: "append", path: changePath, instruction };

  const prefix = folder === "" ? "" : `${folder}/`;
  const file = search.index.files.find(
    (candidate) =>
      candidate.startsWith(prefix) &&
      !isExcluded(candidate.slice(prefix.length), excludes) &&
      isChangeableFile(candidate, instruction, search),
  );
  return file === undefined ? undefined : { action: "append", path: file, instruction };
}

function isChangeableFile(path: string, instruction: DockerfileInstruction, search: SearchContext): boolean {
  if (search.index.types.get(path) !== "file") return false;
  if (path === search.dockerfilePath || path === ".dockerignore") return false;
  if (search.index.linkTargets.has(path)) return false;
  // ADD unpacks local tar archives, which extra bytes at the end could break.
  // NOTE: archives are recognized by their name here, while the builder reads their first bytes.
  if (instruction.keyword === "ADD" && /\.(tar|tgz|tbz2?|txz|tzst|gz|bz2|xz|zst|lz4)$/i.test(path)) return false;
  return true;
}

/**
 * Checks a path relative to the copied folder against the `--exclude` patterns at any depth. That
 * can exclude more than the builder does, which costs only a less central choice of file.
 */
function isExcluded(relativePath: string, excludes: string[]): boolean {
  return excludes.some((pattern) => matchesGlob(relativePath, pattern) || matchesGlob(relativePath, `**/${pattern}`));
}

/**
 * Normalizes a COPY source to a context path: "." and "./" are the root "", a leading "/" is
 * dropped as the builder drops it, and a path leaving the context gives undefined.
 */
function normalizeSourcePath(raw: string): string | undefined {
  const segments = raw.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) return undefined;
  return segments.join("/");
}
