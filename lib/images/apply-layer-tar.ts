import { createHash } from "node:crypto";
import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import tarStream, { type Header } from "tar-stream";
import { normalizeLayerPath, type FileTree, type LayerEntry } from "./file-tree";
import type { FileType } from "./types";

const WHITEOUT_PREFIX = ".wh.";
const OPAQUE_WHITEOUT = ".wh..wh..opq";
// Other ".wh..wh." names are AUFS bookkeeping (such as .wh..wh.plnk) and carry no file.
const AUFS_METADATA_PREFIX = ".wh..wh.";

const TYPES: Record<string, FileType> = {
  file: "file",
  "contiguous-file": "file",
  link: "hardlink",
  symlink: "symlink",
  directory: "dir",
  "character-device": "char-device",
  "block-device": "block-device",
  fifo: "fifo",
};

/**
 * Reads one layer tar through `streams` (the blob followed by its verifier, decompressor and
 * hashers) and applies its entries to `tree` as layer number `layer`. Only metadata and a sha256
 * of each file's content are kept, so memory does not grow with the layer's size. Rejects with
 * the first stream error, such as a failed digest check.
 */
export async function applyLayerTar(tree: FileTree, layer: number, streams: [Readable, ...Transform[]], signal?: AbortSignal): Promise<void> {
  const extract = tarStream.extract();
  const feeding = pipeline([...streams, extract], { signal });
  // Awaited below; the handler keeps an early failure from being reported as unhandled meanwhile.
  feeding.catch(() => undefined);

  try {
    for await (const entry of extract) {
      await applyEntry(tree, layer, entry.header, entry as unknown as AsyncIterable<Buffer>);
    }
  } catch (error) {
    extract.destroy();
    // When the pipeline failed first (a digest mismatch, a gzip error) that error is the cause,
    // and the loop only saw the extractor close.
    const streamError = await feeding.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (streamError && (streamError as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") throw streamError;
    throw error;
  }
  await feeding;
}

async function applyEntry(tree: FileTree, layer: number, header: Header, content: AsyncIterable<Buffer>): Promise<void> {
  const path = normalizeLayerPath(header.name);
  const base = path[path.length - 1] ?? "";

  if (base.startsWith(WHITEOUT_PREFIX)) {
    for await (const _chunk of content) {
      // Whiteout entries have no content; drained so the extractor moves on.
    }
    if (base === OPAQUE_WHITEOUT) tree.applyOpaque(path.slice(0, -1), layer);
    else if (!base.startsWith(AUFS_METADATA_PREFIX)) tree.applyWhiteout([...path.slice(0, -1), base.slice(WHITEOUT_PREFIX.length)], layer);
    return;
  }

  const type = TYPES[header.type ?? "file"] ?? "other";
  const pax = (header.pax ?? {}) as Record<string, string>;
  const entry: LayerEntry = {
    path,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: pax.uid !== undefined ? Number(pax.uid) : (header.uid ?? 0),
    gid: pax.gid !== undefined ? Number(pax.gid) : (header.gid ?? 0),
  };

  if (type === "file") {
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of content) {
      hash.update(chunk);
      size += chunk.length;
    }
    entry.size = size;
    entry.sha256 = `sha256:${hash.digest("hex")}`;
  } else {
    for await (const _chunk of content) {
      // Only regular files carry content that matters; anything else is drained.
    }
  }

  if ((type === "symlink" || type === "hardlink") && header.linkname) entry.linkTarget = header.linkname;
  if (type === "char-device" || type === "block-device") entry.device = { major: header.devmajor ?? 0, minor: header.devminor ?? 0 };
  const xattrs = readXattrs(pax);
  if (xattrs) entry.xattrs = xattrs;
  const mtime = pax.mtime !== undefined ? new Date(Number(pax.mtime) * 1000) : header.mtime;
  if (mtime && !Number.isNaN(mtime.getTime())) entry.mtime = mtime.toISOString();

  tree.applyEntry(entry, layer);
}

function readXattrs(pax: Record<string, string>): Record<string, string> | undefined {
  let xattrs: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(pax)) {
    if (!key.startsWith("SCHILY.xattr.")) continue;
    xattrs ??= {};
    xattrs[key.slice("SCHILY.xattr.".length)] = value;
  }
  return xattrs;
}
