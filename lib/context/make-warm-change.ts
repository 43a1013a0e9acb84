import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";

import { BuildlabError } from "../errors";
import { createContextFilter } from "./create-context-filter";
import { CHANGE_FILE_NAME, findWarmChangeTarget, type ContextIndex, type WarmChangeTarget } from "./find-warm-change-target";
import { normalizeEntryPath } from "./normalize-entry-path";
import { readArchiveEntries } from "./read-archive-entries";
import { readBoundedText } from "./read-bounded-text";
import type { StoredContext } from "./types";
import { writeContextTar, type ContextEntry } from "./write-context-tar";

export interface MakeWarmChangeOptions {
  /** Folder the original was stored under; the new tar goes to its `contexts/` folder too. */
  dataDir: string;
  /** Iteration of the plan, from 1. Each iteration gives different bytes, so no earlier build's cache matches. */
  iteration: number;
  /**
   * A value unique to the comparison, such as its id. Builders keep their caches across comparisons,
   * so without it the same context and iteration would give the bytes an earlier comparison built.
   */
  token?: string;
}

export interface WarmChange {
  /** Path inside the context of the file that was changed or added. */
  path: string;
  /** "append" added empty lines to an existing file, and "add" created the file. */
  action: "append" | "add";
  /** Line of the COPY or ADD instruction whose source contains the file. */
  instructionLine: number;
  /** One sentence for the run's page, such as "Added .buildlab-change to src/, which COPY on line 6 copies." */
  description: string;
}

export interface WarmChangeResult {
  context: StoredContext;
  change: WarmChange;
}

/**
 * Stores a copy of a stored context that differs in one file that only the last layers use, for the
 * warm-change scenario. `findWarmChangeTarget` picks the file: by default the source of the final
 * stage's last COPY or ADD. A single file gets `iteration` empty lines appended, because trailing
 * blank lines leave JSON, YAML, scripts and source code meaning the same. A folder gets
 * `.buildlab-change` with the iteration in it. The original tar is read twice as a stream, once for
 * its entry list and once to write the copy, which is stored like `storeContext` stores one.
 *
 * Throws `invalid_input` when the Dockerfile copies no file from the context that can be changed,
 * such as a Dockerfile without COPY or ADD.
 */
export async function makeWarmChange(stored: StoredContext, options: MakeWarmChangeOptions): Promise<WarmChangeResult> {
  if (!Number.isInteger(options.iteration) || options.iteration < 1) {
    throw new RangeError(`Warm-change iteration ${options.iteration} is invalid. Pass the plan's iteration, a whole number from 1.`);
  }

  const { index, dockerignore } = await indexContext(stored);
  const target = findWarmChangeTarget(stored.parsed, {
    index,
    filter: createContextFilter(dockerignore, stored.dockerfilePath),
    dockerfilePath: stored.dockerfilePath,
  });
  if (!target) throw noTargetError(stored);

  const contextsDir = join(options.dataDir, "contexts");
  await mkdir(contextsDir, { recursive: true });
  const temporary = join(contextsDir, `.warm-change-${randomUUID()}.tar`);
  try {
    const written = await writeContextTar(applyChange(openEntries(stored), target, options.iteration, options.token ?? ""), {
      destination: temporary,
      // The original passed the limits when it was stored, and the change adds at most one small file.
      maxBytes: Number.MAX_SAFE_INTEGER,
      maxFiles: Number.MAX_SAFE_INTEGER,
    });
    const path = resolve(contextsDir, `${written.sha256}.tar`);
    await rename(temporary, path);

    return {
      context: { ...stored, path, digest: `sha256:${written.sha256}`, bytes: written.bytes, files: written.files },
      change: describeChange(target, options.iteration),
    };
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Lists the stored tar's entries without their content, and reads its `.dockerignore`. */
async function indexContext(stored: StoredContext): Promise<{ index: ContextIndex; dockerignore?: string }> {
  const index: ContextIndex = { types: new Map(), files: [], folders: new Set([""]), linkTargets: new Set() };
  let dockerignore: string | undefined;

  for await (const entry of openEntries(stored)) {
    const path = normalizeEntryPath(entry.name);
    if (path === "") continue;
    const type = entry.type === "contiguous-file" ? "file" : entry.type;
    index.types.set(path, type);
    if (type === "file") index.files.push(path);
    if (type === "directory") index.folders.add(path);
    if (type === "link" && entry.linkname) index.linkTargets.add(normalizeEntryPath(entry.linkname));
    for (let end = path.lastIndexOf("/"); end > 0; end = path.lastIndexOf("/", end - 1)) index.folders.add(path.slice(0, end));

    if (path === ".dockerignore" && type === "file" && entry.open) {
      dockerignore = (await readBoundedText(entry.open(), path)).toString("utf8");
    }
  }
  return { index, dockerignore };
}

function openEntries(stored: StoredContext): AsyncGenerator<ContextEntry> {
  // The stored tar is exactly `bytes` long, so the limit only guards against a file swapped underneath.
  return readArchiveEntries(createReadStream(stored.path), stored.bytes);
}

async function* applyChange(
  entries: AsyncIterable<ContextEntry>,
  target: WarmChangeTarget,
  iteration: number,
  token: string,
): AsyncGenerator<ContextEntry> {
  const suffix = Buffer.from("\n".repeat(iteration) + whitespaceLinesFor(token));
  for await (const entry of entries) {
    if (target.action === "append" && normalizeEntryPath(entry.name) === target.path && entry.open) {
      const open = entry.open;
      yield { ...entry, size: entry.size + suffix.length, open: () => Readable.from(appendTo(open(), suffix)) };
    } else {
      yield entry;
    }
  }

  if (target.action === "add") {
    const content = Buffer.from(`Changed by Buildlab for the warm-change scenario, iteration ${iteration}${token ? ` of ${token}` : ""}.\n`);
    yield { name: target.path, type: "file", size: content.length, mode: 0o644, open: () => Readable.from([content]) };
  }
}

/**
 * Encodes the token as lines of 0 to 9 spaces, one per decimal digit of its hash: still blank lines
 * to every language that ignores trailing whitespace, but different bytes for every comparison.
 */
function whitespaceLinesFor(token: string): string {
  if (!token) return "";
  const digits = BigInt(`0x${createHash("sha256").update(token).digest("hex").slice(0, 12)}`).toString().padStart(15, "0");
  return [...digits].map((digit) => `${" ".repeat(Number(digit))}\n`).join("");
}

async function* appendTo(stream: Readable, suffix: Buffer): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield chunk as Buffer;
  yield suffix;
}

function describeChange(target: WarmChangeTarget, iteration: number): WarmChange {
  const { keyword, line } = target.instruction;
  const lines = iteration === 1 ? "1 empty line" : `${iteration} empty lines`;
  // NOTE: with a token, blank lines of spaces follow the empty lines; the description names only the empty ones.
  const folder = target.path.includes("/") ? `${target.path.slice(0, target.path.lastIndexOf("/"))}/` : "the context root";
  const description =
    target.action === "add"
      ? `Added ${CHANGE_FILE_NAME} to ${folder}, which ${keyword} on line ${line} copies.`
      : `Appended ${lines} to ${target.path}, which ${keyword} on line ${line} copies.`;

  return { path: target.path, action: target.action, instructionLine: line, description };
}

function noTargetError(stored: StoredContext): BuildlabError {
  return new BuildlabError(
    "invalid_input",
    "The warm-change scenario needs a file or folder from the context that a COPY or ADD without --from copies " +
      "into the final stage or a stage it uses, and this Dockerfile has none that can be changed. " +
      "Leave out the warm-change scenario, or add such a COPY to the Dockerfile.",
    { dockerfilePath: stored.dockerfilePath, scenario: "warm-change" },
  );
}
