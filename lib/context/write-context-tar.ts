import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar, { type Header, type Pack } from "tar-stream";

import { BuildlabError } from "../errors";
import { contextTooLargeError } from "./context-too-large-error";
import { escapingSymlinkError } from "./escaping-symlink-error";
import { normalizeEntryPath } from "./normalize-entry-path";
import { MAX_TEXT_BYTES, textTooLargeError } from "./read-bounded-text";
import { symlinkStaysInside } from "./symlink-stays-inside";

/** One entry of a context source: a walked folder, an uploaded tar or a list of uploaded files. */
export interface ContextEntry {
  /** Path as the source gives it; the writer normalizes and checks it. */
  name: string;
  /** Entry type as tar-stream names it: "file", "directory", "symlink", "link", "fifo" and so on. */
  type: string;
  /** Size in bytes of a file entry. */
  size: number;
  mode: number;
  /** Target of a symbolic or hard link. */
  linkname?: string;
  /** Opens the content of a file entry. The writer calls it at most once. */
  open?: () => Readable;
}

export interface WriteContextTarOptions {
  /** File to create; it must not exist yet. */
  destination: string;
  maxBytes: number;
  maxFiles: number;
  /** Pasted Dockerfile, written as the first entry in place of any entry at its path. */
  dockerfile?: { path: string; text: string };
  /** Paths whose text the result returns, such as the Dockerfile and `.dockerignore`. */
  capture?: ReadonlySet<string>;
}

export interface WrittenContextTar {
  /** Hex SHA-256 of the tar. */
  sha256: string;
  /** Size of the tar in bytes. */
  bytes: number;
  /** Regular files and links written. */
  files: number;
  /** Symbolic links written, by path, with their targets. */
  symlinks: Map<string, string>;
  /** Text of the captured paths that were regular files. */
  captured: Map<string, string>;
}

// Entries get fixed owners, times and modes, so that the same files always give the same tar and
// digest. Only the executable bit of a file survives, which is the part a build can depend on.
const FIXED_HEADER = { mtime: new Date(0), uid: 0, gid: 0, uname: "", gname: "" };
const FILE_MODE = 0o644;
const EXECUTABLE_MODE = 0o755;
const DIRECTORY_MODE = 0o755;
const SYMLINK_MODE = 0o777;

/**
 * Writes context entries to a new uncompressed tar with normalized headers, streaming each file
 * through, and returns its SHA-256, size and counts. Throws `invalid_context` for entries a build
 * context must not contain and `context_too_large` as soon as `maxFiles` or `maxBytes` is crossed.
 * On a throw the destination may be left partly written; the caller removes it.
 */
export async function writeContextTar(
  entries: AsyncIterable<ContextEntry>,
  options: WriteContextTarOptions,
): Promise<WrittenContextTar> {
  const pack = tar.pack();
  const hash = createHash("sha256");
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const output = pipeline(pack, measure, createWriteStream(options.destination, { flags: "wx" }));
  // Rejections are awaited below; this only keeps an early failure from being reported as unhandled.
  output.catch(() => {});

  const state: WriteState = {
    pack,
    options,
    files: 0,
    contentBytes: 0,
    written: new Set(),
    linkableFiles: new Set(),
    symlinks: new Map(),
    captured: new Map(),
  };
  try {
    if (options.dockerfile) await writePastedDockerfile(state, options.dockerfile);
    for await (const entry of entries) await writeEntry(state, entry);
    pack.finalize();
    await output;
  } catch (error) {
    pack.destroy(error as Error);
    await output.catch(() => {});
    throw error;
  }

  return {
    sha256: hash.digest("hex"),
    bytes,
    files: state.files,
    symlinks: state.symlinks,
    captured: state.captured,
  };
}

interface WriteState {
  pack: Pack;
  options: WriteContextTarOptions;
  files: number;
  contentBytes: number;
  /** Every path written, to reject duplicates. */
  written: Set<string>;
  /** Regular files and hard links written so far, which a later hard link may point to. */
  linkableFiles: Set<string>;
  symlinks: Map<string, string>;
  captured: Map<string, string>;
}

async function writePastedDockerfile(state: WriteState, dockerfile: { path: string; text: string }): Promise<void> {
  const content = Buffer.from(dockerfile.text, "utf8");
  countFile(state, dockerfile.path, content.length);
  state.written.add(dockerfile.path);
  state.linkableFiles.add(dockerfile.path);
  if (state.options.capture?.has(dockerfile.path)) state.captured.set(dockerfile.path, dockerfile.text);

  await new Promise<void>((resolve, reject) => {
    state.pack.entry(
      { ...FIXED_HEADER, name: dockerfile.path, type: "file", size: content.length, mode: FILE_MODE },
      content,
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

async function writeEntry(state: WriteState, entry: ContextEntry): Promise<void> {
  const name = normalizeEntryPath(entry.name);
  if (name === "") return;
  if (state.options.dockerfile?.path === name) return;
  if (state.written.has(name)) {
    throw new BuildlabError(
      "invalid_context",
      `Context entry "${name}" appears more than once. Pack each path only once and upload the context again.`,
      { entry: name },
    );
  }
  state.written.add(name);

  switch (entry.type) {
    case "directory":
      // A trailing slash marks folders, as the Docker CLI writes them.
      await addEntry(state, { name: `${name}/`, type: "directory", mode: DIRECTORY_MODE });
      return;
    case "file":
    case "contiguous-file":
      await writeFile(state, name, entry);
      return;
    case "symlink":
      await writeSymlink(state, name, entry.linkname ?? "");
      return;
    case "link":
      await writeHardLink(state, name, entry.linkname ?? "");
      return;
    case "character-device":
    case "block-device":
    case "fifo":
    case "socket":
      throw new BuildlabError(
        "invalid_context",
        `Context entry "${name}" is a ${entry.type.replace("-", " ")}; a build context may contain only files, ` +
          "folders and links. Remove it or add it to .dockerignore, then upload the context again.",
        { entry: name, type: entry.type },
      );
    default:
      throw new BuildlabError(
        "invalid_context",
        `Context entry "${name}" has the unsupported tar type "${entry.type}". ` +
          "Pack the context with a standard tar tool and upload it again.",
        { entry: name, type: entry.type },
      );
  }
}

async function writeFile(state: WriteState, name: string, entry: ContextEntry): Promise<void> {
  countFile(state, name, entry.size);
  if (!entry.open) throw new Error(`Context entry "${name}" is a file without content`);

  const capture = state.options.capture?.has(name) ? createCapture(name) : undefined;
  const sink = state.pack.entry({
    ...FIXED_HEADER,
    name,
    type: "file",
    size: entry.size,
    mode: entry.mode & 0o111 ? EXECUTABLE_MODE : FILE_MODE,
  });
  try {
    if (capture) await pipeline(entry.open(), capture.tap, sink);
    else await pipeline(entry.open(), sink);
  } catch (error) {
    if (error instanceof Error && error.message === "Size mismatch") {
      throw new BuildlabError(
        "invalid_context",
        `File "${name}" did not have the ${entry.size} bytes it was listed with; it may have changed while it was ` +
          "read. Upload the context again.",
        { entry: name },
      );
    }
    throw error;
  }

  state.linkableFiles.add(name);
  if (capture) state.captured.set(name, capture.text());
}

async function writeSymlink(state: WriteState, name: string, target: string): Promise<void> {
  countFile(state, name, 0);
  // Only a lexical check here. Links that other links redirect are resolved by the caller, which
  // has the whole context.
  if (target === "" || !(await symlinkStaysInside(name, target, () => undefined))) {
    throw escapingSymlinkError(name, target);
  }
  state.symlinks.set(name, target);
  await addEntry(state, { name, type: "symlink", linkname: target, mode: SYMLINK_MODE });
}

async function writeHardLink(state: WriteState, name: string, target: string): Promise<void> {
  countFile(state, name, 0);
  const normalizedTarget = tryNormalize(target);
  if (normalizedTarget === undefined || !state.linkableFiles.has(normalizedTarget)) {
    throw new BuildlabError(
      "invalid_context",
      `Hard link "${name}" points to "${target}", which is not a file earlier in the context ` +
        "(or is excluded by .dockerignore). Replace the link with a copy of the file and upload the context again.",
      { entry: name, target },
    );
  }
  state.linkableFiles.add(name);
  await addEntry(state, { name, type: "link", linkname: normalizedTarget, mode: FILE_MODE });
}

function countFile(state: WriteState, name: string, size: number): void {
  state.files += 1;
  state.contentBytes += size;
  if (state.files > state.options.maxFiles) throw contextTooLargeError("files", state.options.maxFiles, name);
  if (state.contentBytes > state.options.maxBytes) throw contextTooLargeError("bytes", state.options.maxBytes, name);
}

function addEntry(state: WriteState, header: Partial<Header> & { name: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    state.pack.entry({ ...FIXED_HEADER, ...header }, (error) => (error ? reject(error) : resolve()));
  });
}

function createCapture(name: string): { tap: Transform; text: () => string } {
  const chunks: Buffer[] = [];
  let length = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      length += chunk.length;
      if (length > MAX_TEXT_BYTES) {
        callback(textTooLargeError(name));
        return;
      }
      chunks.push(chunk);
      callback(null, chunk);
    },
  });
  return { tap, text: () => Buffer.concat(chunks).toString("utf8") };
}

function tryNormalize(path: string): string | undefined {
  try {
    return normalizeEntryPath(path);
  } catch {
    return undefined;
  }
}
