import { createReadStream, type Stats } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";

import type { ContextFilter } from "./create-context-filter";
import { escapingSymlinkError } from "./escaping-symlink-error";
import { symlinkStaysInside } from "./symlink-stays-inside";
import type { ContextEntry } from "./write-context-tar";

/**
 * Walks a context folder depth first in sorted order, yielding the entries the filter includes.
 * Symbolic links are yielded as links, never followed, as the Docker CLI sends them; one whose
 * target resolves outside `root` throws `invalid_context`. Excluded folders are skipped whole
 * unless an exception pattern in the filter may include something inside them.
 */
export async function* readDirectoryEntries(root: string, filter: ContextFilter): AsyncGenerator<ContextEntry> {
  yield* walk(root, "", filter);
}

async function* walk(root: string, folder: string, filter: ContextFilter): AsyncGenerator<ContextEntry> {
  const names = (await readdir(join(root, folder))).sort();
  for (const name of names) {
    const path = folder === "" ? name : `${folder}/${name}`;
    const absolute = join(root, path);
    const stats = await lstat(absolute);
    const included = filter.includes(path);

    if (stats.isDirectory()) {
      if (included) yield { name: path, type: "directory", size: 0, mode: stats.mode };
      if (included || filter.mayIncludeUnder(path)) yield* walk(root, path, filter);
      continue;
    }
    if (!included) continue;

    if (stats.isFile()) {
      yield { name: path, type: "file", size: stats.size, mode: stats.mode, open: () => createReadStream(absolute) };
    } else if (stats.isSymbolicLink()) {
      const target = await readlink(absolute);
      if (!(await symlinkStaysInside(path, target, (linkPath) => readLinkInside(root, linkPath)))) {
        throw escapingSymlinkError(path, target);
      }
      yield { name: path, type: "symlink", size: 0, mode: stats.mode, linkname: target };
    } else {
      yield { name: path, type: specialFileType(stats), size: 0, mode: stats.mode };
    }
  }
}

async function readLinkInside(root: string, path: string): Promise<string | undefined> {
  try {
    const stats = await lstat(join(root, path));
    return stats.isSymbolicLink() ? await readlink(join(root, path)) : undefined;
  } catch {
    // A missing path is not a link; the link that names it is dangling, which Docker accepts.
    return undefined;
  }
}

function specialFileType(stats: Stats): string {
  if (stats.isCharacterDevice()) return "character-device";
  if (stats.isBlockDevice()) return "block-device";
  if (stats.isFIFO()) return "fifo";
  return "socket";
}
