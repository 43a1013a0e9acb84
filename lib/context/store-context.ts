import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, mkdir, readdir, realpath, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Readable } from "node:stream";

import { BuildlabError } from "../errors";
import { checkDockerfileOrThrow } from "./check-dockerfile-or-throw";
import { createContextFilter, type ContextFilter } from "./create-context-filter";
import { escapingSymlinkError } from "./escaping-symlink-error";
import { normalizeEntryPath } from "./normalize-entry-path";
import { readArchiveEntries } from "./read-archive-entries";
import { readBoundedText } from "./read-bounded-text";
import { readDirectoryEntries } from "./read-directory-entries";
import { readUploadedFiles, type NormalizedUpload } from "./read-uploaded-files";
import { symlinkStaysInside } from "./symlink-stays-inside";
import type { ContextInput, ParsedDockerfile, StoreContextOptions, StoredContext, UploadedFile } from "./types";
import { writeContextTar, type ContextEntry } from "./write-context-tar";

const DOCKERIGNORE = ".dockerignore";

// Bounds the uncompressed size of an uploaded tar, which also contains headers, padding and folders
// that maxBytes does not count. A file takes a 512-byte header, up to 511 bytes of padding and, for
// a long name, a PAX header of about 1 KiB. The fixed part leaves room for folders.
// NOTE: an estimate; a tar with very many folders or very long names per file could exceed it.
const TAR_BYTES_PER_FILE = 4096;
const TAR_BYTES_FIXED = 16 * 1024 * 1024;

/** Entries and the checked Dockerfile that each kind of input prepares for the final tar. */
interface PreparedSource {
  entries: AsyncIterable<ContextEntry>;
  dockerfile: string;
  parsed: ParsedDockerfile;
}

interface StoreSettings {
  dockerfilePath: string;
  pasted?: string;
  maxBytes: number;
  maxFiles: number;
  contextsDir: string;
  /** Returns a new temporary path in `contextsDir`, removed when storing ends. */
  temporaryPath: (label: string) => string;
}

/**
 * Stores a build context as one normalized tar at `<dataDir>/contexts/<sha256>.tar`, streaming it
 * from a folder, an uploaded tar or uploaded files without holding it in memory. It applies
 * `.dockerignore`, checks every entry and the Dockerfile, and enforces `maxBytes` and `maxFiles`.
 * Throws `invalid_context`, `context_too_large` or `invalid_dockerfile`; nothing is left in
 * `dataDir` after a throw.
 */
export async function storeContext(input: ContextInput, options: StoreContextOptions): Promise<StoredContext> {
  let dockerfilePath: string;
  try {
    dockerfilePath = normalizeDockerfilePath(options.dockerfilePath ?? "Dockerfile");
  } catch (error) {
    if (input.kind === "archive") input.stream.destroy();
    throw error;
  }
  const contextsDir = join(options.dataDir, "contexts");
  const createdDir = await mkdir(contextsDir, { recursive: true });

  const temporaryPaths: string[] = [];
  const settings: StoreSettings = {
    dockerfilePath,
    pasted: options.dockerfileText,
    maxBytes: options.maxBytes,
    maxFiles: options.maxFiles,
    contextsDir,
    temporaryPath(label) {
      const path = join(contextsDir, `.${label}-${randomUUID()}.tar`);
      temporaryPaths.push(path);
      return path;
    },
  };

  try {
    const source = await prepareSource(input, settings);
    const temporary = settings.temporaryPath("context");
    const written = await writeContextTar(source.entries, {
      destination: temporary,
      maxBytes: settings.maxBytes,
      maxFiles: settings.maxFiles,
      dockerfile: settings.pasted === undefined ? undefined : { path: dockerfilePath, text: settings.pasted },
    });

    // Renaming within one folder is atomic, and the same digest means the same bytes, so replacing
    // an earlier copy is harmless.
    const path = resolve(contextsDir, `${written.sha256}.tar`);
    await rename(temporary, path);
    return {
      path,
      digest: `sha256:${written.sha256}`,
      bytes: written.bytes,
      files: written.files,
      dockerfilePath,
      dockerfile: source.dockerfile,
      parsed: source.parsed,
    };
  } catch (error) {
    // Stops an upload that a check rejected before the stream was read to its end.
    if (input.kind === "archive") input.stream.destroy();
    if (createdDir) await removeEmptyFolders(contextsDir, createdDir, temporaryPaths);
    throw error;
  } finally {
    await Promise.all(temporaryPaths.map((path) => rm(path, { force: true })));
  }
}

function prepareSource(input: ContextInput, settings: StoreSettings): Promise<PreparedSource> {
  switch (input.kind) {
    case "directory":
      return prepareDirectory(input.path, settings);
    case "files":
      return prepareFiles(input.files, settings);
    case "archive":
      return prepareArchive(input.stream, settings);
  }
}

async function prepareDirectory(folder: string, settings: StoreSettings): Promise<PreparedSource> {
  const root = resolve(folder);
  const rootStats = await stat(root).catch(() => undefined);
  if (!rootStats?.isDirectory()) {
    throw new BuildlabError("invalid_context", `Context folder "${folder}" does not exist or is not a folder. Check the path.`, {
      path: folder,
    });
  }
  if ((await readdir(root)).length === 0 && settings.pasted === undefined) throw emptyContextError();

  const dockerignore = await readFileInFolder(root, DOCKERIGNORE);
  const dockerfile = settings.pasted ?? (await readFileInFolder(root, settings.dockerfilePath));
  if (dockerfile === undefined) throw missingDockerfileError(settings.dockerfilePath);
  const parsed = checkDockerfileOrThrow(dockerfile);

  const filter = createContextFilter(dockerignore, settings.dockerfilePath);
  return { entries: readDirectoryEntries(root, filter), dockerfile, parsed };
}

async function prepareFiles(files: UploadedFile[], settings: StoreSettings): Promise<PreparedSource> {
  const uploads: NormalizedUpload[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const path = normalizeEntryPath(file.path);
    if (path === "") {
      throw new BuildlabError("invalid_context", `Uploaded file path "${file.path}" is empty. Give each file its path relative to the context root.`, {
        entry: file.path,
      });
    }
    if (seen.has(path)) {
      throw new BuildlabError("invalid_context", `"${path}" was uploaded more than once. Upload each file once.`, {
        entry: path,
      });
    }
    seen.add(path);
    uploads.push({ ...file, path });
  }
  // Sorted, so that the same files give the same tar whatever order the browser sent them in.
  uploads.sort(comparePaths);
  if (uploads.length === 0 && settings.pasted === undefined) throw emptyContextError();

  // Each small file is read once here and its content reused, because `open` may not be callable twice.
  const dockerignore = await readUpload(uploads, DOCKERIGNORE);
  const dockerfile = settings.pasted ?? (await readUpload(uploads, settings.dockerfilePath));
  if (dockerfile === undefined) throw missingDockerfileError(settings.dockerfilePath);
  const parsed = checkDockerfileOrThrow(dockerfile);

  const filter = createContextFilter(dockerignore, settings.dockerfilePath);
  const entries = readUploadedFiles(uploads, { filter, spoolDir: settings.contextsDir, maxBytes: settings.maxBytes });
  return { entries, dockerfile, parsed };
}

/**
 * Checks every entry of an uploaded tar while spooling a normalized copy to disk, then returns the
 * copy's entries filtered by `.dockerignore`. The tar is read twice because `.dockerignore` may come
 * after the entries it excludes. The limits therefore apply to the whole upload in the first pass.
 */
async function prepareArchive(stream: Readable, settings: StoreSettings): Promise<PreparedSource> {
  const capture = new Set([DOCKERIGNORE]);
  if (settings.pasted === undefined) capture.add(settings.dockerfilePath);
  const spoolPath = settings.temporaryPath("upload");
  const maxTarBytes = settings.maxBytes + settings.maxFiles * TAR_BYTES_PER_FILE + TAR_BYTES_FIXED;
  const upload = await writeContextTar(readArchiveEntries(stream, maxTarBytes), {
    destination: spoolPath,
    maxBytes: settings.maxBytes,
    maxFiles: settings.maxFiles,
    capture,
  });
  if (upload.files === 0 && settings.pasted === undefined) throw emptyContextError();

  // The writer checked each link on its own. A link can still escape through another link, even one
  // later in the archive, so each is resolved against all of them.
  for (const [name, target] of upload.symlinks) {
    if (!(await symlinkStaysInside(name, target, (path) => upload.symlinks.get(path)))) {
      throw escapingSymlinkError(name, target);
    }
  }

  const dockerfile = settings.pasted ?? upload.captured.get(settings.dockerfilePath);
  if (dockerfile === undefined) throw missingDockerfileError(settings.dockerfilePath);
  const parsed = checkDockerfileOrThrow(dockerfile);

  const filter = createContextFilter(upload.captured.get(DOCKERIGNORE), settings.dockerfilePath);
  const entries = excludeFiltered(readArchiveEntries(createReadStream(spoolPath), maxTarBytes), filter);
  return { entries, dockerfile, parsed };
}

async function* excludeFiltered(entries: AsyncIterable<ContextEntry>, filter: ContextFilter): AsyncGenerator<ContextEntry> {
  for await (const entry of entries) {
    const path = normalizeEntryPath(entry.name);
    if (path === "" || filter.includes(path)) yield entry;
  }
}

async function readFileInFolder(root: string, path: string): Promise<string | undefined> {
  const absolute = join(root, path);
  const stats = await lstat(absolute).catch(() => undefined);
  if (!stats?.isFile()) return undefined;
  // A linked folder on the way could lead outside the context.
  if (!(await realpath(absolute)).startsWith(`${await realpath(root)}${sep}`)) return undefined;
  return (await readBoundedText(createReadStream(absolute), path)).toString("utf8");
}

async function readUpload(uploads: NormalizedUpload[], path: string): Promise<string | undefined> {
  const upload = uploads.find((candidate) => candidate.path === path);
  if (!upload) return undefined;
  upload.content = await readBoundedText(upload.open(), path);
  return upload.content.toString("utf8");
}

/** Orders paths by UTF-16 code units, which unlike localeCompare does not depend on the machine's locale. */
function comparePaths(a: NormalizedUpload, b: NormalizedUpload): number {
  if (a.path === b.path) return 0;
  return a.path < b.path ? -1 : 1;
}

function normalizeDockerfilePath(path: string): string {
  let normalized = "";
  try {
    normalized = normalizeEntryPath(path);
  } catch {
    // Reported below with the Dockerfile wording.
  }
  if (normalized === "") {
    throw new BuildlabError(
      "invalid_input",
      `Dockerfile path "${path}" must be a relative path inside the context, such as "Dockerfile" or "docker/Dockerfile".`,
      { dockerfilePath: path },
    );
  }
  return normalized;
}

function emptyContextError(): BuildlabError {
  return new BuildlabError(
    "invalid_context",
    "The context is empty. Upload the folder or archive that contains the Dockerfile, or paste a Dockerfile.",
  );
}

function missingDockerfileError(dockerfilePath: string): BuildlabError {
  return new BuildlabError(
    "invalid_context",
    `The context has no regular file at the Dockerfile path "${dockerfilePath}". ` +
      "Add the Dockerfile there, set the Dockerfile path to where it is, or paste the Dockerfile.",
    { dockerfilePath },
  );
}

/** Removes the folders this call created, when they are empty, so a failed call leaves nothing. */
async function removeEmptyFolders(contextsDir: string, createdDir: string, temporaryPaths: string[]): Promise<void> {
  await Promise.all(temporaryPaths.map((path) => rm(path, { force: true })));
  let folder = contextsDir;
  for (;;) {
    try {
      await rmdir(folder);
    } catch {
      // Not empty: another call is using it.
      return;
    }
    if (resolve(folder) === resolve(createdDir)) return;
    folder = dirname(folder);
  }
}
